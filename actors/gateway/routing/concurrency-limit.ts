/**
 * At most `max` calls in flight to one server; the others wait their turn, first come
 * first served, each for at most its own `maxWaitMs` (then `server_busy`) and no longer
 * than its caller's signal allows (then `call_cancelled`). A released slot goes straight
 * to the first waiter, so a newcomer can never overtake the queue.
 */
import { GatewayError } from '../errors.js';

interface Waiter {
  readonly grant: () => void;
}

export class ConcurrencyLimit {
  readonly server: string;
  readonly max: number;
  #inFlight = 0;
  readonly #waiters: Waiter[] = [];

  /** `max` undefined: no limit (in-flight calls are still counted). */
  constructor(server: string, max: number | undefined) {
    this.server = server;
    this.max = max ?? Number.POSITIVE_INFINITY;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  /** Take a slot, waiting for one at most `maxWaitMs`. */
  acquire(maxWaitMs: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(this.#cancelled());
    if (this.#inFlight < this.max && this.#waiters.length === 0) {
      this.#inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const leave = (error: GatewayError) => {
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      const onAbort = () => leave(this.#cancelled());
      const timer = setTimeout(() => {
        const message = `server "${this.server}" has ${this.max} calls in flight (max_concurrency); waited ${maxWaitMs} ms`;
        leave(new GatewayError('server_busy', message, { server: this.server }));
      }, maxWaitMs);
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Give a slot back: to the first waiter if any. */
  release(): void {
    const next = this.#waiters.shift();
    if (next) next.grant();
    else this.#inFlight = Math.max(0, this.#inFlight - 1);
  }

  #cancelled(): GatewayError {
    return new GatewayError(
      'call_cancelled',
      `call to server "${this.server}" was cancelled while waiting for a slot`,
      {
        server: this.server,
      },
    );
  }
}
