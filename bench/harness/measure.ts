/**
 * Throughput helpers: a monotonic clock, work repeated for a fixed duration, and the
 * median of several rounds.
 *
 * Everything is in milliseconds from `performance.now()` (monotonic, sub-microsecond)
 * except latency samples, which `latency.ts` turns into percentiles.
 */
import { performance } from 'node:perf_hooks';

export interface Throughput {
  readonly operations: number;
  readonly elapsedMs: number;
  /** Operations per second. */
  readonly perSecond: number;
}

export function nowMs(): number {
  return performance.now();
}

export function toThroughput(operations: number, elapsedMs: number): Throughput {
  return { operations, elapsedMs, perSecond: elapsedMs > 0 ? (operations * 1000) / elapsedMs : 0 };
}

/**
 * Call `step` (which does some work and returns how many operations it did) until
 * `durationMs` has passed. Keep steps short (a few ms) so the overshoot is small.
 */
export function runForDuration(durationMs: number, step: () => number): Throughput {
  const start = nowMs();
  let operations = 0;
  let elapsed = 0;
  while (elapsed < durationMs) {
    operations += step();
    elapsed = nowMs() - start;
  }
  return toThroughput(operations, elapsed);
}

/** The round with the median rate (of an odd count; the upper middle of an even one). */
export function medianThroughput(rounds: readonly Throughput[]): Throughput {
  if (rounds.length === 0) throw new Error('medianThroughput needs at least one round');
  const sorted = [...rounds].sort((a, b) => a.perSecond - b.perSecond);
  return sorted[Math.floor(sorted.length / 2)] as Throughput;
}
