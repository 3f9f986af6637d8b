/**
 * The rolling window of call outcomes a circuit breaker judges by: successes and
 * failures over the last `windowMs`, counted in `buckets` fixed slots of a ring.
 *
 * Memory is constant whatever the call rate; the price is precision. The window slides
 * one bucket (`windowMs / buckets`) at a time, so an outcome leaves it between
 * `windowMs - windowMs / buckets` and `windowMs` after it was recorded. The breaker
 * owns the decision (`circuit-breaker.ts`); this module only counts.
 */

export type Outcome = 'success' | 'failure';

export interface OutcomeTotals {
  readonly calls: number;
  readonly failures: number;
}

export class OutcomeWindow {
  readonly #bucketMs: number;
  /** Bucket index (`floor(time / bucketMs)`) each slot currently counts for. */
  readonly #indexes: number[];
  readonly #successes: number[];
  readonly #failures: number[];

  constructor(windowMs: number, buckets: number) {
    this.#bucketMs = windowMs / buckets;
    this.#indexes = new Array<number>(buckets).fill(Number.NEGATIVE_INFINITY);
    this.#successes = new Array<number>(buckets).fill(0);
    this.#failures = new Array<number>(buckets).fill(0);
  }

  record(now: number, outcome: Outcome): void {
    const index = Math.floor(now / this.#bucketMs);
    const slot = this.#slotOf(index);
    if (this.#indexes[slot] !== index) {
      this.#indexes[slot] = index;
      this.#successes[slot] = 0;
      this.#failures[slot] = 0;
    }
    if (outcome === 'success') this.#successes[slot] = (this.#successes[slot] ?? 0) + 1;
    else this.#failures[slot] = (this.#failures[slot] ?? 0) + 1;
  }

  /** Calls and failures whose bucket is still inside the window ending at `now`. */
  totals(now: number): OutcomeTotals {
    const index = Math.floor(now / this.#bucketMs);
    const oldest = index - this.#indexes.length + 1;
    let calls = 0;
    let failures = 0;
    for (let slot = 0; slot < this.#indexes.length; slot++) {
      const slotIndex = this.#indexes[slot] ?? Number.NEGATIVE_INFINITY;
      if (slotIndex < oldest || slotIndex > index) continue;
      const slotFailures = this.#failures[slot] ?? 0;
      calls += (this.#successes[slot] ?? 0) + slotFailures;
      failures += slotFailures;
    }
    return { calls, failures };
  }

  clear(): void {
    this.#indexes.fill(Number.NEGATIVE_INFINITY);
    this.#successes.fill(0);
    this.#failures.fill(0);
  }

  #slotOf(index: number): number {
    const length = this.#indexes.length;
    return ((index % length) + length) % length;
  }
}
