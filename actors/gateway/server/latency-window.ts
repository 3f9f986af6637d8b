/**
 * The latency of a server's last calls, for its status: a ring of the last `capacity`
 * durations, and their percentiles (nearest rank) computed when asked — a status is read
 * far less often than a call completes, so recording is O(1) and reading sorts.
 */

export const LATENCY_WINDOW_DEFAULTS = { capacity: 512 } as const;

export interface LatencySummary {
  /** Calls in the window. */
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export class LatencyWindow {
  readonly #samples: number[] = [];
  readonly #capacity: number;
  #next = 0;

  constructor(capacity: number = LATENCY_WINDOW_DEFAULTS.capacity) {
    this.#capacity = capacity;
  }

  record(ms: number): void {
    if (this.#samples.length < this.#capacity) this.#samples.push(ms);
    else this.#samples[this.#next] = ms;
    this.#next = (this.#next + 1) % this.#capacity;
  }

  summary(): LatencySummary {
    const sorted = [...this.#samples].sort((a, b) => a - b);
    const at = (fraction: number) =>
      sorted.length === 0
        ? 0
        : (sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0);
    return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  }
}
