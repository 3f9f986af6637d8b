/**
 * `Link`: the sending half of one direction of a thread-to-thread channel.
 *
 * `send` queues a record; `flush` encodes the whole batch with the link's codec in one
 * call and transfers the bytes. Senders check messages with `assertEncodable` when they
 * are issued, so a bad message fails at the sending call. Should a batch still fail to
 * encode, it is encoded record by record and only the bad ones are handed to
 * `onUnencodable`. While the peer thread is being replaced the link is detached: records
 * are held, and encoded for the new receiver when it attaches.
 */
import type { MessagePort } from 'node:worker_threads';
import { LinkEncoder } from './codec.js';

/** What actually crosses the port: the encoder epoch and the batch bytes. */
export interface Batch {
  readonly epoch: number;
  readonly bytes: Uint8Array;
}

export interface LinkHooks<R> {
  /** Called once per batch when the first record is queued (the owner schedules `flush`). */
  readonly scheduleFlush: (link: Link<R>) => void;
  readonly onUnencodable: (record: R, error: Error) => void;
  /** A record that groups several (`tells`) and failed to encode: its parts, checked one by one. */
  readonly split?: (record: R) => readonly R[] | null;
}

/**
 * A batch this long is sent at once rather than at the scheduled flush: a burst of sends in one
 * synchronous stretch (10 k spawns in a loop) reaches the peer in slices it can start on while
 * the sender goes on, instead of as one batch after the sender is done.
 */
export const MAX_BATCH_RECORDS = 256;

export class Link<R> {
  private readonly encoder = new LinkEncoder();
  private records: R[] = [];
  private flushScheduled = false;
  /** Inside `flush` (a hook it calls may send again: that waits for the next flush, in order). */
  private flushing = false;
  private port: MessagePort | null;

  constructor(
    port: MessagePort | null,
    private readonly hooks: LinkHooks<R>,
  ) {
    this.port = port;
  }

  get pending(): number {
    return this.records.length;
  }

  send(record: R): void {
    this.records.push(record);
    if (!this.port) return;
    if (this.records.length >= MAX_BATCH_RECORDS && !this.flushing) {
      this.flush();
      return;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.hooks.scheduleFlush(this);
    }
  }

  /** The record queued last in the open batch (a sender may add to it), if any. */
  lastQueued(): R | undefined {
    return this.records[this.records.length - 1];
  }

  flush(): void {
    this.flushScheduled = false;
    if (!this.port || this.records.length === 0 || this.flushing) return;
    this.flushing = true;
    try {
      const records = this.records;
      this.records = [];
      let encoded: Uint8Array;
      try {
        encoded = this.encoder.encode(records);
      } catch {
        encoded = this.encodeOneByOne(records);
      }
      // The encoder reuses its buffer: copy into a buffer of our own, which is transferred.
      const bytes = new Uint8Array(encoded.byteLength);
      bytes.set(encoded);
      const batch: Batch = { epoch: this.encoder.epoch, bytes };
      this.port.postMessage(batch, [bytes.buffer]);
    } finally {
      this.flushing = false;
    }
    // What a hook sent meanwhile goes with the next flush (scheduled, or at once when it is long).
    if (this.records.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      this.hooks.scheduleFlush(this);
    }
  }

  /** The peer thread died: hold records until a new port is attached. */
  detach(): void {
    this.port = null;
  }

  /** A fresh receiver: restart the structure table and send what was held. */
  attach(port: MessagePort): void {
    this.port = port;
    this.encoder.reset();
    this.flush();
  }

  close(): void {
    this.port?.close();
    this.port = null;
  }

  private encodeOneByOne(records: R[]): Uint8Array {
    // A failed encode may have defined structures the receiver will never see: restart them.
    this.encoder.reset();
    const good: R[] = [];
    for (const record of records) {
      try {
        this.encoder.check(record);
        good.push(record);
      } catch (error) {
        const parts = this.hooks.split?.(record);
        if (parts) this.checkEach(parts, good);
        else this.hooks.onUnencodable(record, error as Error);
      }
    }
    this.encoder.reset();
    return this.encoder.encode(good);
  }

  private checkEach(records: readonly R[], good: R[]): void {
    for (const record of records) {
      try {
        this.encoder.check(record);
        good.push(record);
      } catch (error) {
        this.hooks.onUnencodable(record, error as Error);
      }
    }
  }
}
