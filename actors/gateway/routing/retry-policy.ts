/**
 * The delay before a retry round, as Step Functions and Temporal compute it:
 * `min(max_delay_ms, interval_ms × backoff_rate^(round-1))`, drawn uniformly in
 * [0, that] with `jitter: full` (so that many callers retrying together spread out).
 * A server that said when to come back (`retryAfterMs`: circuit open, restarting) is
 * not asked before then, unless that is beyond `max_delay_ms`.
 */
import type { RetryConfig } from '../config/server-config.js';

/** The delay before retry `round` (1 = the first retry), given a hint from the last failures. */
export function retryDelayMs(
  retry: RetryConfig,
  round: number,
  random: () => number,
  retryAfterMs = 0,
): number {
  const exponential = retry.intervalMs * retry.backoffRate ** Math.max(0, round - 1);
  const capped = Math.min(retry.maxDelayMs, exponential);
  const drawn = retry.jitter === 'full' ? random() * capped : capped;
  return Math.round(Math.min(retry.maxDelayMs, Math.max(drawn, retryAfterMs)));
}
