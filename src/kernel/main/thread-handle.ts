/**
 * `ThreadHandle`: the main thread's end of one worker thread — its data link, the proxy
 * to its control plane, and the receipts owed for tells sent on the link. Records arriving
 * from the thread go to a {@link ThreadListener}. Starting, replacing and stopping the
 * thread belong to the pool (`thread-pool.ts`); what the records mean, to the listener.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Delivery } from '../actor/delivery.js';
import type { Dispatcher } from '../actor/ref.js';
import { LinkDecoder } from '../wire/codec.js';
import { type Remote, releaseControl, wrapControl } from '../wire/comlink.js';
import type { ThreadControl } from '../wire/control.js';
import { type Batch, Link } from '../wire/link.js';
import type { WireRecord } from '../wire/wire.js';
import { DeliveryReceipts } from './delivery-receipts.js';

/** Where a thread's records go on the main thread. */
export interface ThreadListener {
  onRecords(thread: number, records: readonly WireRecord[]): void;
  /** A record that slipped past `assertEncodable` and failed at flush. */
  onUnencodable(thread: number, record: WireRecord, error: Error): void;
}

export class ThreadHandle {
  readonly link: Link<WireRecord>;
  readonly receipts = new DeliveryReceipts();
  control: Remote<ThreadControl>;
  private port: MessagePort;
  private controlPort: MessagePort;

  constructor(
    readonly thread: number,
    port: MessagePort,
    controlPort: MessagePort,
    /** What refs decoded from this thread's records are bound to (the system). */
    private readonly dispatcher: Dispatcher,
    private readonly listener: ThreadListener,
  ) {
    this.link = new Link<WireRecord>(null, {
      scheduleFlush: (link) => queueMicrotask(() => link.flush()),
      onUnencodable: (record, error) => listener.onUnencodable(thread, record, error),
    });
    this.port = port;
    this.controlPort = controlPort;
    this.control = wrapControl<ThreadControl>(controlPort);
    this.listen(port);
    this.link.attach(port);
  }

  /** Send a tell that wants a receipt; returns the receipt to hand to the caller. */
  tellWithReceipt(to: string, message: unknown, traceparent?: string): Delivery {
    const seq = this.receipts.nextSeq;
    this.link.send(
      traceparent === undefined
        ? { kind: 'tell', to, message, seq, inbox: 0 }
        : { kind: 'tell', to, message, seq, inbox: 0, traceparent },
    );
    return this.receipts.issue();
  }

  /**
   * Announce a tell already committed to `to`'s durable inbox under `inbox` (no receipt, no
   * trace): consecutive ones to one actor share a `tells` record, as a worker's do
   * (`worker/outbound.ts`), so the id crosses once and the thread decodes one record.
   */
  tellCommitted(to: string, message: unknown, inbox: number): void {
    const last = this.link.lastQueued();
    if (last?.kind === 'tells' && last.to === to && last.inboxes !== null) {
      last.messages.push(message);
      last.inboxes.push(inbox);
    } else this.link.send({ kind: 'tells', to, messages: [message], inboxes: [inbox] });
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
    const decoder = new LinkDecoder(this.dispatcher);
    port.on('message', (batch: Batch) =>
      this.listener.onRecords(this.thread, decoder.decode(batch.epoch, batch.bytes) as WireRecord[]),
    );
  }
}
