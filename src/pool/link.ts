/**
 * `Link`: the sending half of one direction of a thread-to-thread channel.
 *
 * `send` encodes the record at once (an unencodable message fails at the sender) and
 * queues the bytes; `flush` concatenates the batch into one fresh buffer and transfers it.
 * While the peer thread is being replaced the link is detached: records are held and
 * re-encoded for the new receiver when it attaches.
 */
import type { MessagePort } from 'node:worker_threads';
import { LinkEncoder } from './codec.js';

/** What actually crosses the port: the encoder epoch and the batch bytes. */
export interface Batch {
  readonly epoch: number;
  readonly bytes: Uint8Array;
}

export class Link<R> {
  private readonly encoder = new LinkEncoder();
  private records: R[] = [];
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  private flushScheduled = false;
  private port: MessagePort | null;
  /** Records encoded before a reset must not be sent after it. */
  private epochAtFirstChunk = 0;

  constructor(
    port: MessagePort | null,
    private readonly scheduleFlush: ((link: Link<R>) => void) | null,
  ) {
    this.port = port;
  }

  get pending(): number {
    return this.records.length;
  }

  get attached(): boolean {
    return this.port !== null;
  }

  send(record: R): void {
    const epochBefore = this.encoder.resetCount;
    let chunk: Uint8Array;
    try {
      chunk = this.encoder.encode(record);
    } catch (error) {
      if (this.encoder.resetCount !== epochBefore) this.reencodePending();
      throw error;
    }
    if (this.records.length === 0) this.epochAtFirstChunk = this.encoder.resetCount;
    this.records.push(record);
    this.chunks.push(chunk);
    this.bytes += chunk.byteLength;
    if (!this.flushScheduled && this.scheduleFlush && this.port) {
      this.flushScheduled = true;
      this.scheduleFlush(this);
    }
  }

  flush(): void {
    this.flushScheduled = false;
    if (!this.port || this.records.length === 0) return;
    const buffer = new Uint8Array(this.bytes);
    let offset = 0;
    for (const chunk of this.chunks) {
      buffer.set(chunk, offset);
      offset += chunk.byteLength;
    }
    const batch: Batch = { epoch: this.epochAtFirstChunk & 0xff, bytes: buffer };
    this.records = [];
    this.chunks = [];
    this.bytes = 0;
    this.port.postMessage(batch, [buffer.buffer]);
  }

  /** The peer thread died: hold records until a new port is attached. */
  detach(): void {
    this.port = null;
  }

  /** A fresh receiver: restart the structure table and re-encode what was held. */
  attach(port: MessagePort): void {
    this.port = port;
    this.encoder.reset();
    this.reencodePending();
    this.flush();
  }

  /** Drop held records (the system is shutting down); returns them for accounting. */
  discard(): R[] {
    const held = this.records;
    this.records = [];
    this.chunks = [];
    this.bytes = 0;
    return held;
  }

  close(): void {
    this.port?.close();
    this.port = null;
  }

  private reencodePending(): void {
    const held = this.records;
    this.records = [];
    this.chunks = [];
    this.bytes = 0;
    for (const record of held) {
      const chunk = this.encoder.encode(record);
      this.records.push(record);
      this.chunks.push(chunk);
      this.bytes += chunk.byteLength;
    }
    this.epochAtFirstChunk = this.encoder.resetCount;
  }
}
