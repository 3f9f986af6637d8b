/**
 * `Inbound`: what arrives at this thread — batches from the main thread and from every peer,
 * decoded into wire records, each handed to the part of the runtime that deals with its
 * kind: mail to `mail-delivery.ts`, replies to the pending asks, spawns to `spawn.ts`,
 * stops and suspensions to `stop.ts`, exits and restarts to `supervisor.ts`. Also the records this thread
 * routes to itself (`Outbound.route`). A record that throws is reported, and the rest of
 * its batch still applies.
 *
 * Batches are applied in arrival order, in time slices of `INBOUND_SLICE_MS` and of at most
 * `INBOUND_SLICE_STARTS` records that start actor code (a spawn's `init`, a reply an actor
 * awaits): a batch of thousands of spawns would otherwise hold the event loop for seconds,
 * and the watchdog takes a loop that makes no progress for a jammed thread. The clock alone
 * cannot bound it: an async `init` returns at its first await, so a slice could start
 * thousands whose continuations then run back to back in one microtask checkpoint. What is
 * left of a batch when its slice is used up goes on after the event loop turned, before any
 * later batch.
 */
import type { MessagePort } from 'node:worker_threads';
import type { PendingAsks } from '../actor/pending-asks.js';
import type { Dispatcher } from '../actor/ref.js';
import { errorFromRecord, toErrorRecord } from '../errors.js';
import { LinkDecoder } from '../wire/codec.js';
import type { Batch } from '../wire/link.js';
import type { WireRecord } from '../wire/wire.js';
import { type ActorCell, Envelope } from './cell.js';
import type { MailDelivery } from './mail-delivery.js';
import type { Outbound } from './outbound.js';
import type { Spawner } from './spawn.js';
import type { Stopper } from './stop.js';
import type { Supervisor } from './supervisor.js';
import type { ThreadState } from './thread-state.js';

/** How long one slice of applying batches may run before the event loop gets a turn. */
const INBOUND_SLICE_MS = 20;
/** How many records that start actor code one slice may apply (their continuations run before the next). */
const INBOUND_SLICE_STARTS = 32;

function startsActorCode(record: WireRecord): boolean {
  switch (record.kind) {
    case 'spawn':
    case 'adopt':
    case 'restart':
    case 'reply':
    case 'reply-error':
      return true;
    default:
      return false;
  }
}

interface PendingBatch {
  readonly from: number;
  readonly records: readonly WireRecord[];
  /** The next record to apply. */
  next: number;
  receipts: boolean;
}

export class Inbound {
  /** Decoded batches not applied yet, oldest first; the first may be partly applied. */
  private readonly pending: PendingBatch[] = [];
  private resumeScheduled = false;
  private readonly thread: number;
  private readonly pulse: () => void;
  private readonly cells: ReadonlyMap<string, ActorCell>;
  /** Index = sending thread + 1 (the main thread is -1). */
  private readonly ports: (MessagePort | null)[] = [];

  constructor(
    state: ThreadState,
    /** Refs decoded from messages are bound to it. */
    private readonly dispatcher: Dispatcher,
    private readonly asks: PendingAsks,
    private readonly delivery: MailDelivery,
    private readonly outbound: Outbound,
    private readonly spawner: Spawner,
    private readonly stopper: Stopper,
    private readonly supervisor: Supervisor,
  ) {
    this.thread = state.thread;
    this.pulse = () => state.pulse();
    this.cells = state.cells;
  }

  /** Read the batches thread `from` sends on `port` (replacing the port it used before). */
  listen(from: number, port: MessagePort): void {
    this.ports[from + 1]?.close();
    const decoder = new LinkDecoder(this.dispatcher);
    port.on('message', (batch: Batch) => this.onBatch(from, decoder, batch));
    this.ports[from + 1] = port;
  }

  private onBatch(from: number, decoder: LinkDecoder, batch: Batch): void {
    const records = decoder.decode(batch.epoch, batch.bytes) as WireRecord[];
    this.pending.push({ from, records, next: 0, receipts: false });
    // A batch that arrives while earlier ones wait for their next slice queues behind them.
    if (!this.resumeScheduled) this.applyPending();
  }

  /** Apply the pending batches in order until none is left or the slice is used up. */
  private applyPending(): void {
    this.pulse();
    const started = performance.now();
    let starts = 0;
    for (;;) {
      const batch = this.pending[0];
      if (!batch) return;
      while (batch.next < batch.records.length) {
        if (starts >= INBOUND_SLICE_STARTS || performance.now() - started > INBOUND_SLICE_MS) {
          this.resumeScheduled = true;
          setImmediate(() => {
            this.resumeScheduled = false;
            this.applyPending();
          });
          return;
        }
        const record = batch.records[batch.next++] as WireRecord;
        if (startsActorCode(record)) starts++;
        this.applyRecord(batch, record);
      }
      this.pending.shift();
      if (batch.receipts) this.delivery.reportReceipts();
    }
  }

  private applyRecord(batch: PendingBatch, record: WireRecord): void {
    if (record.kind === 'tell' && record.seq > 0) {
      this.delivery.earlyMail.noteSeq(record.seq);
      batch.receipts = true;
    }
    try {
      this.handle(record);
    } catch (error) {
      this.outbound.emit({
        type: 'terminate-failed',
        id: `<${record.kind} from thread ${batch.from}>`,
        error: toErrorRecord(error),
        thread: this.thread,
      });
    }
  }

  /** Apply one wire record addressed to this thread. */
  handle(record: WireRecord): void {
    switch (record.kind) {
      case 'tell':
        this.delivery.deliver(
          record.to,
          record.inbox > 0 || record.traceparent !== undefined
            ? new Envelope(record.message, null, record.inbox, 0, record.traceparent ?? null)
            : record.message,
          record.seq,
        );
        return;
      case 'tells': {
        const { to, messages, inboxes } = record;
        for (let index = 0; index < messages.length; index++) {
          const inbox = inboxes ? (inboxes[index] as number) : 0;
          this.delivery.deliver(
            to,
            inbox > 0 ? new Envelope(messages[index], null, inbox, 0, null) : messages[index],
            0,
          );
        }
        return;
      }
      case 'ask':
        this.delivery.deliver(
          record.to,
          new Envelope(record.message, record.replyTo, record.inbox, 0, record.traceparent ?? null),
          0,
        );
        return;
      case 'reply':
        if (!this.asks.resolve(record.askId, record.value)) this.outbound.noteLateReply(record.askId);
        return;
      case 'reply-error':
        if (!this.asks.reject(record.askId, errorFromRecord(record.error)))
          this.outbound.noteLateReply(record.askId);
        return;
      case 'spawn':
        this.spawner.spawn(record.spec, record.replyTo);
        return;
      case 'adopt':
        this.spawner.adopt(record.spec, record.replyTo);
        return;
      case 'restart':
        this.supervisor.restartFromSpec(record.spec, record.delayMs);
        return;
      case 'stop': {
        const cell = this.cells.get(record.id);
        if (cell) this.stopper.stop(cell, record.reason, record.replyTo);
        else if (!this.stopper.stopStored(record.id, record.reason, record.replyTo) && record.replyTo)
          this.outbound.sendReply(record.replyTo, false);
        return;
      }
      case 'suspend':
        this.stopper.setAside(record.id, record.suspension);
        return;
      case 'child-exit':
        this.supervisor.onChildExit(record.parent, record.child, record.childThread, record.exit);
        return;
      case 'delivered':
      case 'undelivered':
      case 'event':
      case 'turn-traced':
        return; // main-thread records: never addressed to a worker
    }
  }

  /** Stop reading: close every port (at shutdown). */
  close(): void {
    for (const port of this.ports) port?.close();
  }
}
