/**
 * Exponential restart backoff with a cap: the delay before restart number `n`
 * (0-based, counted within the current intensity window).
 */
import type { BackoffSpec } from './spec.js';

export function backoffDelay(spec: BackoffSpec, restartNumber: number): number {
  if (restartNumber <= 0) return 0;
  return Math.min(spec.maxMs, spec.initialMs * spec.factor ** (restartNumber - 1));
}
