/**
 * Bounding a measurement in time, so a stuck half cannot hang the bench.
 */

export class BenchTimeoutError extends Error {
  readonly code = 'bench_timeout';
  constructor(label: string, ms: number) {
    super(`${label} did not finish within ${ms} ms`);
    this.name = 'BenchTimeoutError';
  }
}

/**
 * Settle with `work`, or reject with `BenchTimeoutError` after `ms`. The timer is cleared
 * as soon as `work` settles; it is deliberately not `unref`ed, or a half that hangs with
 * nothing else pending would let the process exit silently instead of timing out.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchTimeoutError(label, ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
