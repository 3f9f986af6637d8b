/**
 * `Delivery`: the receipt `tell` returns. Await it to learn that the message reached
 * the target's mailbox (or why it did not); ignore it for fire-and-forget.
 *
 * It is a lazy thenable, not a promise: a failure nobody awaits does not become an
 * unhandled rejection (which would kill the process) — it is reported as a dead letter
 * event instead.
 */

type Outcome = { readonly ok: true } | { readonly ok: false; readonly error: Error };

export class Delivery implements PromiseLike<void> {
  private outcome: Outcome | null = null;
  private promise: Promise<void> | null = null;
  private resolvePromise: (() => void) | null = null;
  private rejectPromise: ((error: Error) => void) | null = null;

  static settled(error?: Error): Delivery {
    const delivery = new Delivery();
    delivery.settle(error);
    return delivery;
  }

  /** Called by the runtime once the target's thread has accepted or refused the message. */
  settle(error?: Error): void {
    if (this.outcome) return;
    this.outcome = error ? { ok: false, error } : { ok: true };
    if (this.promise) {
      if (error) this.rejectPromise?.(error);
      else this.resolvePromise?.();
    }
  }

  get settledOutcome(): Outcome | null {
    return this.outcome;
  }

  // biome-ignore lint/suspicious/noThenProperty: a Delivery is deliberately awaitable.
  then<A = void, B = never>(
    // biome-ignore lint/suspicious/noConfusingVoidType: PromiseLike<void> is the contract.
    onFulfilled?: ((value: void) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.asPromise().then(onFulfilled, onRejected);
  }

  private asPromise(): Promise<void> {
    if (!this.promise) {
      const outcome = this.outcome;
      if (outcome) {
        this.promise = outcome.ok ? Promise.resolve() : Promise.reject(outcome.error);
      } else {
        this.promise = new Promise<void>((resolve, reject) => {
          this.resolvePromise = resolve;
          this.rejectPromise = reject;
        });
      }
    }
    return this.promise;
  }
}
