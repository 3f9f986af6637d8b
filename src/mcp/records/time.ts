/**
 * Times over MCP: the domain keeps epoch milliseconds, MCP records show ISO-8601 UTC
 * (`2025-01-15T10:30:00.000Z`), as the seed's data models do — an LLM reading
 * `1796222269541` cannot tell when that was. Nothing here reads a clock.
 */
import { z } from 'zod';

/** An ISO-8601 UTC time, as every MCP record shows one. */
export const IsoTimeSchema = z.iso.datetime().describe('ISO-8601 UTC time');

/** The range ISO-8601 writes with four-digit years: 0000-01-01 to 9999-12-31. */
const EARLIEST_MS = -62_167_219_200_000;
const LATEST_MS = 253_402_300_799_999;

/** `epochMs` as ISO-8601 UTC; a time beyond the four-digit years shows as the nearest one it has. */
export function isoTime(epochMs: number): string {
  return new Date(Math.min(LATEST_MS, Math.max(EARLIEST_MS, epochMs))).toISOString();
}

export function isoTimeOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : isoTime(epochMs);
}
