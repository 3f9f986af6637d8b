/**
 * Durations as a definition writes them: a number of milliseconds (`12000`, as seed 004's
 * `timeout`) or a string with a unit (`500ms`, `30s`, `5m`, `2h`, `1d`). Owns the parsing
 * only; what a duration means (timeout, retry interval, delay) is the caller's.
 */
import { z } from 'zod';

const UNIT_MS = new Map<string, number>([
  ['ms', 1],
  ['s', 1_000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
]);

/** The longest duration accepted anywhere: about 10 years, far inside a safe integer. */
export const MAX_DURATION_MS = 10 * 365 * 86_400_000;

/** Milliseconds for `text`, or undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * (UNIT_MS.get(match[2] as string) as number);
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** A duration field: non-negative milliseconds or a string with a unit; yields milliseconds. */
export const DurationSchema = z.union([z.number(), z.string()]).transform((value, context): number => {
  const ms = typeof value === 'number' ? value : parseDuration(value);
  if (ms === undefined || !Number.isFinite(ms) || ms < 0 || ms > MAX_DURATION_MS) {
    context.addIssue({
      code: 'custom',
      message: `must be a duration: milliseconds or a number with a unit (ms, s, m, h, d), at most 10 years; got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return Math.round(ms);
});
