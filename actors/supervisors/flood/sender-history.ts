/**
 * What one sender sent recently, as counts per time bucket: how many messages, and to
 * whom. It is the memory behind `frequency.ts`, which owns the thresholds and the
 * table of senders; this module owns the buckets of a single sender.
 *
 * Memory is bounded twice: only buckets inside the retention period are kept, and each
 * bucket tracks at most `maxRecipients` recipients with the Space-Saving rule (a new
 * recipient replaces the least counted one and inherits its count plus one). Counts are
 * exact while a sender reaches no more than `maxRecipients` recipients in a bucket;
 * beyond that they are upper bounds, and a recipient sent more than 1/`maxRecipients`
 * of the bucket's messages is always among them.
 */

interface Bucket {
  /** `floor(time / bucketMs)` of the messages it counts. */
  readonly index: number;
  total: number;
  readonly recipients: Map<string, number>;
}

export interface RecipientCount {
  readonly id: string;
  readonly count: number;
}

export class SenderHistory {
  /** Oldest first; at most one bucket per index. */
  readonly #buckets: Bucket[] = [];
  readonly #maxRecipients: number;

  constructor(maxRecipients: number) {
    this.#maxRecipients = maxRecipients;
  }

  /** Index of the newest bucket (or -Infinity when empty). */
  get newestIndex(): number {
    return this.#buckets.at(-1)?.index ?? Number.NEGATIVE_INFINITY;
  }

  /** Count one message to `recipientId` in bucket `index`, forgetting buckets older than `oldestKept`. */
  record(index: number, recipientId: string, oldestKept: number): void {
    this.#forgetBefore(oldestKept);
    let bucket = this.#buckets.at(-1);
    // A clock that stepped back counts into the newest bucket rather than reordering the list.
    if (!bucket || bucket.index < index) {
      bucket = { index, total: 0, recipients: new Map() };
      this.#buckets.push(bucket);
    }
    bucket.total++;
    this.#countRecipient(bucket.recipients, recipientId);
  }

  /** Messages in buckets `from..` (inclusive), with the `limit` most frequent recipients. */
  countSince(from: number, limit: number): { count: number; topRecipients: RecipientCount[] } {
    let count = 0;
    const perRecipient = new Map<string, number>();
    for (const bucket of this.#buckets) {
      if (bucket.index < from) continue;
      count += bucket.total;
      for (const [id, n] of bucket.recipients) perRecipient.set(id, (perRecipient.get(id) ?? 0) + n);
    }
    const topRecipients = [...perRecipient]
      .map(([id, n]) => ({ id, count: n }))
      .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit);
    return { count, topRecipients };
  }

  #forgetBefore(oldestKept: number): void {
    let expired = 0;
    while (expired < this.#buckets.length && (this.#buckets[expired]?.index ?? oldestKept) < oldestKept) {
      expired++;
    }
    if (expired > 0) this.#buckets.splice(0, expired);
  }

  #countRecipient(recipients: Map<string, number>, recipientId: string): void {
    const current = recipients.get(recipientId);
    if (current !== undefined) {
      recipients.set(recipientId, current + 1);
      return;
    }
    if (recipients.size < this.#maxRecipients) {
      recipients.set(recipientId, 1);
      return;
    }
    let leastId = '';
    let leastCount = Number.POSITIVE_INFINITY;
    for (const [id, n] of recipients) {
      if (n < leastCount) {
        leastId = id;
        leastCount = n;
      }
    }
    recipients.delete(leastId);
    recipients.set(recipientId, leastCount + 1);
  }
}
