/**
 * Latency samples and their percentiles.
 *
 * Samples are round-trip times in microseconds, taken with `process.hrtime.bigint()`
 * (nanosecond resolution). Percentiles use the nearest-rank method on a sorted copy.
 */

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
}

/** Microseconds elapsed since `startNs` (a `process.hrtime.bigint()` reading). */
export function microsSince(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1000;
}

/** Nearest-rank percentile (`p` in 0..100) of already sorted samples. */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export function summarizeLatency(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, sample) => sum + sample, 0);
  return {
    count: sorted.length,
    p50: percentileOfSorted(sorted, 50),
    p99: percentileOfSorted(sorted, 99),
    mean: sorted.length > 0 ? total / sorted.length : Number.NaN,
  };
}
