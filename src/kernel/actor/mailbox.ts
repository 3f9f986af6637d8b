/**
 * A bounded FIFO mailbox on a growable ring buffer, with an overflow policy.
 *
 * The mailbox only stores and counts; what happens to a refused or dropped message
 * (an error for the sender, a dead letter) is decided by the caller.
 */
import { RingQueue } from './ring-queue.js';

/** What to do when a message arrives at a full mailbox. */
export type OverflowPolicy = 'reject' | 'drop-oldest' | 'drop-newest';

/**
 * Flood control on the way in: at most `perSecond` messages (bursts of `burst`); beyond
 * that `reject` refuses them (`RateLimitedError`), `delay` holds them in order for up to
 * `maxDelayMs` before refusing.
 */
export interface RateSpec {
  readonly perSecond: number;
  readonly burst: number;
  readonly policy: 'reject' | 'delay';
  readonly maxDelayMs: number;
}

export interface MailboxSpec {
  readonly capacity: number;
  readonly overflow: OverflowPolicy;
  readonly rate?: RateSpec;
}

/** What a kind or a spawn may say about its mailbox (defaults fill the rest). */
export interface MailboxOptions {
  readonly capacity?: number;
  readonly overflow?: OverflowPolicy;
  /** `burst` defaults to one second's worth, `policy` to `reject`, `maxDelayMs` to 5000. */
  readonly rate?: { readonly perSecond: number } & Partial<Omit<RateSpec, 'perSecond'>>;
}

export const DEFAULT_MAILBOX: MailboxSpec = { capacity: 10_000, overflow: 'reject' };

/** Result of offering a message: accepted, refused, or accepted at the cost of another. */
export type OfferResult<T> =
  | { readonly outcome: 'accepted' }
  | { readonly outcome: 'rejected' }
  | { readonly outcome: 'dropped'; readonly dropped: T };

const ACCEPTED = { outcome: 'accepted' } as const;
const REJECTED = { outcome: 'rejected' } as const;

export class Mailbox<T> {
  private readonly queue = new RingQueue<T>();

  constructor(readonly spec: MailboxSpec) {}

  get size(): number {
    return this.queue.size;
  }

  get isFull(): boolean {
    return this.queue.size >= this.spec.capacity;
  }

  offer(item: T): OfferResult<T> {
    if (this.queue.size < this.spec.capacity) {
      this.queue.push(item);
      return ACCEPTED;
    }
    switch (this.spec.overflow) {
      case 'reject':
        return REJECTED;
      case 'drop-newest':
        return { outcome: 'dropped', dropped: item };
      case 'drop-oldest': {
        const dropped = this.queue.shift() as T;
        this.queue.push(item);
        return { outcome: 'dropped', dropped };
      }
    }
  }

  /** Append mail that was already accepted once (reloaded from the store): capacity does not apply. */
  restore(item: T): void {
    this.queue.push(item);
  }

  /** Put a message back at the front to be retried (ignores capacity: it was already counted). */
  retryFirst(item: T): void {
    this.queue.unshift(item);
  }

  shift(): T | undefined {
    return this.queue.shift();
  }

  /** Empty the mailbox, returning what it held in order. */
  drain(): T[] {
    return this.queue.drain();
  }
}
