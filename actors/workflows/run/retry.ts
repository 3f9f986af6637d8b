/**
 * Retry backoff: the delay before attempt n+1 on the same target is
 * `min(maximumInterval, initialInterval × backoffCoefficient^(n−1))`, and with
 * `jitter: full` a uniformly drawn fraction of that (Step Functions' FULL jitter).
 *
 * The draw is not `Math.random()`: it is a hash of the run's seed and the attempt's key, so
 * a run replayed from its journal schedules the very same retry times. Tests choose the
 * seed (`initialRun`'s `seed`) and so choose the draws.
 */
import type { RetryPolicy } from '../definition/types.js';

/** Milliseconds to wait after the `attemptsOnTarget`-th failed attempt on a target. */
export function backoffDelay(
  policy: RetryPolicy,
  attemptsOnTarget: number,
  seed: number,
  key: string,
): number {
  const exponent = Math.max(0, attemptsOnTarget - 1);
  let delay = policy.initialInterval * policy.backoffCoefficient ** exponent;
  if (policy.maximumInterval !== undefined) delay = Math.min(delay, policy.maximumInterval);
  if (!Number.isFinite(delay)) delay = policy.maximumInterval ?? Number.MAX_SAFE_INTEGER;
  if (policy.jitter === 'full') delay *= seededFraction(seed, key);
  return Math.round(delay);
}

/** A number in [0, 1) fixed by `seed` and `key` (FNV-1a of the key, mixed with the seed by mulberry32). */
export function seededFraction(seed: number, key: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  let mixed = (hash + 0x6d2b79f5) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
  mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
  return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
}
