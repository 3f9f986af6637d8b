/**
 * Early mail: messages for an id this thread does not know *yet*.
 *
 * `ctx.spawn` returns a ref at once, and the ref can reach a third party (through a reply
 * to the main thread, say) faster than the spawn reaches the child's home thread on its
 * own channel. So a message for an unknown id is held for a short grace period: if the
 * actor is created meanwhile it gets the held messages first, in order; otherwise they
 * become dead letters. Main-thread receipts for held tells are reported only once their
 * fate is known, so a receipt never says "delivered" for a message that was not.
 */
import type { MailItem } from './cell.js';

interface Held {
  readonly item: MailItem;
  readonly seq: number;
}

interface Waiting {
  readonly held: Held[];
  readonly timer: NodeJS.Timeout;
}

export class EarlyMail {
  private readonly waiting = new Map<string, Waiting>();
  private readonly heldSeqs = new Set<number>();
  /** Highest main-thread receipt number seen on this thread. */
  private maxSeq = 0;

  constructor(
    private readonly graceMs: number,
    private readonly maxHeldPerId: number,
    /** Called when the grace period ends with no actor: the held messages are dead letters. */
    private readonly expire: (id: string, held: readonly Held[]) => void,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  /** Hold a message for `id`. Returns false (do not hold) when this id holds too many already. */
  hold(id: string, item: MailItem, seq: number): boolean {
    if (this.graceMs <= 0) return false;
    let waiting = this.waiting.get(id);
    if (!waiting) {
      const timer = setTimeout(() => this.release(id, true), this.graceMs);
      waiting = { held: [], timer };
      this.waiting.set(id, waiting);
    }
    if (waiting.held.length >= this.maxHeldPerId) return false;
    waiting.held.push({ item, seq });
    if (seq > 0) this.heldSeqs.add(seq);
    return true;
  }

  /** The actor `id` now exists: hand back what was held for it, in order. */
  claim(id: string): readonly Held[] {
    return this.release(id, false);
  }

  noteSeq(seq: number): void {
    if (seq > this.maxSeq) this.maxSeq = seq;
  }

  /** The receipts the main thread may settle now: all up to the first one still held. */
  settledUpTo(): number {
    let upTo = this.maxSeq;
    for (const seq of this.heldSeqs) if (seq - 1 < upTo) upTo = seq - 1;
    return upTo;
  }

  clear(): void {
    for (const id of [...this.waiting.keys()]) this.release(id, true);
  }

  private release(id: string, expired: boolean): readonly Held[] {
    const waiting = this.waiting.get(id);
    if (!waiting) return [];
    this.waiting.delete(id);
    clearTimeout(waiting.timer);
    for (const held of waiting.held) if (held.seq > 0) this.heldSeqs.delete(held.seq);
    if (expired) this.expire(id, waiting.held);
    return waiting.held;
  }
}
