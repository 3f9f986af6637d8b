/**
 * Timing helpers: a monotonic clock, throughput over a known amount of work, and
 * throughput over a fixed duration.
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

/** Time `work`, which performs `operations` operations. */
export async function measureThroughput(operations: number, work: () => void | Promise<void>): Promise<Throughput> {
  const start = nowMs();
  await work();
  return toThroughput(operations, nowMs() - start);
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
