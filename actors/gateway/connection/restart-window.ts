/**
 * When to restart a crashed server, and when to give up: a pure sliding window of crash
 * times (OTP's restart intensity) and an exponential backoff.
 *
 * The n-th crash within `windowMs` is followed by a restart after
 * `min(maxMs, initialMs × factor^(n-1))`; the crash that makes `maxRestarts + 1` within the
 * window is a crash loop: no restart, until `reset()` (an operator's restart, or a changed
 * config). A failed start counts as a crash.
 */
import type { RestartConfig } from '../config/server-config.js';

export type CrashDecision =
  | { readonly kind: 'restart'; readonly delayMs: number; readonly crashesInWindow: number }
  | { readonly kind: 'crash_loop'; readonly crashesInWindow: number };

export class RestartWindow {
  readonly #config: RestartConfig;
  #crashes: number[] = [];
  /** Every crash since the last reset, for reports. */
  #total = 0;

  constructor(config: RestartConfig) {
    this.#config = config;
  }

  /** Record a crash at `now` and decide what follows. */
  recordCrash(now: number): CrashDecision {
    this.#total++;
    this.#crashes = this.#crashes.filter((at) => now - at < this.#config.windowMs);
    this.#crashes.push(now);
    const crashesInWindow = this.#crashes.length;
    if (crashesInWindow > this.#config.maxRestarts) return { kind: 'crash_loop', crashesInWindow };
    const { initialMs, maxMs, factor } = this.#config.backoff;
    const delayMs = Math.min(maxMs, initialMs * factor ** (crashesInWindow - 1));
    return { kind: 'restart', delayMs, crashesInWindow };
  }

  /** Crashes recorded since the last reset. */
  get total(): number {
    return this.#total;
  }

  reset(): void {
    this.#crashes = [];
    this.#total = 0;
  }
}
