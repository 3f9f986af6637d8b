/**
 * `ThreadHandle`: the main thread's end of one worker thread — its data link, the
 * control proxy, the delivery receipts it still owes, and its piscina host task.
 */
import type { MessagePort } from 'node:worker_threads';
import { Delivery } from '../actor/delivery.js';
import type { Dispatcher } from '../actor/ref.js';
import { RingQueue } from '../actor/ring-queue.js';
import { LinkDecoder } from '../wire/codec.js';
import { type Remote, releaseControl, wrapControl } from '../wire/comlink.js';
import type { ThreadControl } from '../wire/control.js';
import { type Batch, Link } from '../wire/link.js';
import type { WireRecord } from '../wire/wire.js';

interface Receipt {
  readonly seq: number;
  readonly delivery: Delivery;
}

export class ThreadHandle {
  readonly link: Link<WireRecord>;
  control: Remote<ThreadControl>;
  private port: MessagePort;
  private controlPort: MessagePort;
  private nextSeq = 1;
  private readonly receipts = new RingQueue<Receipt>(64);
  private readonly failed = new Map<number, Error>();

  constructor(
    readonly thread: number,
    port: MessagePort,
    controlPort: MessagePort,
    private readonly binding: Dispatcher,
    private readonly onRecords: (records: WireRecord[]) => void,
    onUnencodable: (record: WireRecord, error: Error) => void,
  ) {
    this.link = new Link<WireRecord>(null, {
      scheduleFlush: (link) => queueMicrotask(() => link.flush()),
      onUnencodable: (record, error) => onUnencodable(record, error),
    });
    this.port = port;
    this.controlPort = controlPort;
    this.control = wrapControl<ThreadControl>(controlPort);
    this.listen(port);
    this.link.attach(port);
  }

  /** Send a tell that wants a receipt; returns the receipt to hand to the caller. */
  tellWithReceipt(to: string, message: unknown): Delivery {
    const seq = this.nextSeq;
    this.link.send({ kind: 'tell', to, message, seq, inbox: 0 });
    this.nextSeq++;
    const delivery = new Delivery();
    this.receipts.push({ seq, delivery });
    return delivery;
  }

  noteUndelivered(seq: number, error: Error): void {
    this.failed.set(seq, error);
  }

  /** Every receipt up to `upTo` is settled: failed ones reject, the rest resolve. */
  settleUpTo(upTo: number): void {
    for (let receipt = this.receipts.peek(); receipt && receipt.seq <= upTo; receipt = this.receipts.peek()) {
      this.receipts.shift();
      const error = this.failed.get(receipt.seq);
      if (error) this.failed.delete(receipt.seq);
      receipt.delivery.settle(error);
    }
  }

  failAllReceipts(error: Error): void {
    for (const receipt of this.receipts.drain()) receipt.delivery.settle(error);
    this.failed.clear();
  }

  /** The worker was replaced: switch to the new ports (held records go to the new thread). */
  reconnect(port: MessagePort, controlPort: MessagePort): void {
    this.port.close();
    releaseControl(this.control);
    this.controlPort.close();
    this.port = port;
    this.controlPort = controlPort;
    this.control = wrapControl<ThreadControl>(controlPort);
    this.listen(port);
    this.link.detach();
    this.link.attach(port);
  }

  close(): void {
    this.link.flush();
    this.link.close();
    releaseControl(this.control);
    this.controlPort.close();
  }

  private listen(port: MessagePort): void {
    const decoder = new LinkDecoder(this.binding);
    port.on('message', (batch: Batch) =>
      this.onRecords(decoder.decode(batch.epoch, batch.bytes) as WireRecord[]),
    );
  }
}
