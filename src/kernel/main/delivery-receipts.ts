/**
 * `DeliveryReceipts`: the receipts the main thread still owes for its tells to one worker
 * thread. Each tell on the link carries a sequence number; the thread reports progress as
 * "delivered up to n" and names the few it could not deliver, so a receipt settles in
 * order, failed or not. It does not send anything (that is the thread's link).
 */
import { Delivery } from '../actor/delivery.js';
import { RingQueue } from '../actor/ring-queue.js';

interface Receipt {
  readonly seq: number;
  readonly delivery: Delivery;
}

export class DeliveryReceipts {
  private seq = 1;
  private readonly pending = new RingQueue<Receipt>(64);
  private readonly failed = new Map<number, Error>();

  /** The sequence number the next receipt will carry (put it on the tell before `issue`). */
  get nextSeq(): number {
    return this.seq;
  }

  /** The receipt of the tell sent with `nextSeq`. */
  issue(): Delivery {
    const delivery = new Delivery();
    this.pending.push({ seq: this.seq++, delivery });
    return delivery;
  }

  /** The tell `seq` was not delivered: its receipt fails with `error` when its turn comes. */
  noteUndelivered(seq: number, error: Error): void {
    this.failed.set(seq, error);
  }

  /** Every receipt up to `upTo` is settled: failed ones reject, the rest resolve. */
  settleUpTo(upTo: number): void {
    for (let receipt = this.pending.peek(); receipt && receipt.seq <= upTo; receipt = this.pending.peek()) {
      this.pending.shift();
      const error = this.failed.get(receipt.seq);
      if (error) this.failed.delete(receipt.seq);
      receipt.delivery.settle(error);
    }
  }

  /** The thread is gone (or the system stopped): every receipt still owed fails with `error`. */
  failAll(error: Error): void {
    for (const receipt of this.pending.drain()) receipt.delivery.settle(error);
    this.failed.clear();
  }
}
