/**
 * Times over MCP: the domain keeps epoch milliseconds, MCP records show ISO-8601 UTC
 * (`2025-01-15T10:30:00.000Z`), as the seed's data models do — an LLM reading
 * `1796222269541` cannot tell when that was. Nothing here reads a clock.
 */
import { z } from 'zod';

/** An ISO-8601 UTC time, as every MCP record shows one. */
export const IsoTimeSchema = z.iso.datetime().describe('ISO-8601 UTC time');

export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function isoTimeOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : isoTime(epochMs);
}
