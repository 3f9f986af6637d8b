/**
 * How many cases the fuzz suite runs, and how they are shared: `TROUPE_FUZZ_RUNS` is the total
 * over the whole suite (10,000 by default, as CI runs it; `npm run test:fuzz` sets 100,000),
 * split between the tool-input properties (in process and over a real `troupe serve`'s stdio)
 * and the raw-frame properties (stdio and HTTP). `TROUPE_FUZZ_SEED` (and `TROUPE_FUZZ_PATH`)
 * replay a run fast-check reported as failing; its report prints both.
 *
 * It owns the numbers only; each test file owns its properties.
 */
import type { Parameters } from 'fast-check';

const DEFAULT_RUNS = 10_000;

/** The suite's share of each property family, out of 1. */
const SHARES = {
  toolInputsInProcess: 0.62,
  toolInputsStdio: 0.13,
  framesStdio: 0.2,
  framesHttp: 0.05,
} as const;

export type FuzzPart = keyof typeof SHARES;

/** The total number of cases of the suite. */
export function totalRuns(): number {
  const raw = process.env.TROUPE_FUZZ_RUNS;
  if (raw === undefined || raw === '') return DEFAULT_RUNS;
  const runs = Number(raw);
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new Error(`TROUPE_FUZZ_RUNS must be a positive integer, not ${JSON.stringify(raw)}`);
  return runs;
}

/** The cases `part` runs in all (at least one). */
export function runsOf(part: FuzzPart): number {
  return Math.max(1, Math.round(totalRuns() * SHARES[part]));
}

/** `total` cases shared between `count` properties: what the `index`-th one runs (the first ones take the rest). */
export function shareOf(total: number, count: number, index: number): number {
  const base = Math.floor(total / count);
  return Math.max(1, base + (index < total - base * count ? 1 : 0));
}

/** fast-check's parameters for a property of `numRuns` cases: a replayed seed if one is set. */
export function fuzzParameters<T>(numRuns: number): Parameters<T> {
  const seed = process.env.TROUPE_FUZZ_SEED;
  const path = process.env.TROUPE_FUZZ_PATH;
  return {
    numRuns,
    endOnFailure: true,
    ...(seed ? { seed: Number(seed) } : {}),
    ...(path ? { path } : {}),
  };
}
