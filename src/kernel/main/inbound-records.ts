/**
 * `InboundRecords`: what the records a worker thread sends to the main thread mean. Replies
 * settle the main thread's asks, delivery reports settle tell receipts, events go to the
 * event bus, child exits to the root supervisor, tells to the main thread's receivers; an
 * ask addressed to the main thread (where no actor lives) is refused. A record that could not be encoded on the way out fails
 * whoever waits for it.
 *
 * It does not decode batches or own the links (`thread-handle.ts`), and decides no restarts
 * (`root-supervisor.ts`).
 */
import type { PendingAsks } from '../actor/pending-asks.js';
import { wallOffsetMs, wallTimeOf } from '../clock.js';
import { ActorNotFoundError, errorFromRecord, toErrorRecord } from '../errors.js';
import type { TraceHook } from '../wire/traced-turn.js';
import type { ChildExit, WireRecord } from '../wire/wire.js';
import { MAIN_THREAD } from '../wire/wire.js';
import type { EventBus } from './event-bus.js';
import type { Receivers } from './receivers.js';
import type { ThreadListener } from './thread-handle.js';
import type { ThreadPool } from './thread-pool.js';

export interface InboundCollaborators {
  readonly threads: Pick<ThreadPool, 'handle' | 'route'>;
  readonly asks: PendingAsks;
  readonly events: EventBus;
  readonly supervisor: { onChildExit(child: string, childThread: number, exit: ChildExit): void };
  /** Functions on this thread that actors tell (`receivers.ts`). */
  readonly receivers: Pick<Receivers, 'deliver'>;
  /** Where turns caused by traced messages are reported (the system's `TraceHook`, if any). */
  readonly traces: Pick<TraceHook, 'turnEnded'>;
}

export class InboundRecords implements ThreadListener {
  private readonly threads: Pick<ThreadPool, 'handle' | 'route'>;
  private readonly asks: PendingAsks;
  private readonly events: EventBus;
  private readonly supervisor: InboundCollaborators['supervisor'];
  private readonly receivers: Pick<Receivers, 'deliver'>;
  private readonly traces: Pick<TraceHook, 'turnEnded'>;

  constructor(collaborators: InboundCollaborators) {
    this.threads = collaborators.threads;
    this.asks = collaborators.asks;
    this.events = collaborators.events;
    this.supervisor = collaborators.supervisor;
    this.receivers = collaborators.receivers;
    this.traces = collaborators.traces;
  }

  onRecords(thread: number, records: readonly WireRecord[]): void {
    const receipts = this.threads.handle(thread).receipts;
    for (const record of records) {
      switch (record.kind) {
        case 'reply':
          this.asks.resolve(record.askId, record.value);
          break;
        case 'reply-error':
          this.asks.reject(record.askId, errorFromRecord(record.error));
          break;
        case 'delivered':
          receipts.settleUpTo(record.upTo);
          break;
        case 'undelivered':
          receipts.noteUndelivered(record.seq, errorFromRecord(record.error));
          break;
        case 'event':
          this.events.publish(record.event);
          break;
        case 'turn-traced': {
          const offset = wallOffsetMs();
          this.traces.turnEnded({
            ...record.turn,
            startedAt: wallTimeOf(record.turn.startedAt, offset),
            endedAt: wallTimeOf(record.turn.endedAt, offset),
          });
          break;
        }
        case 'child-exit':
          this.supervisor.onChildExit(record.child, record.childThread, record.exit);
          break;
        case 'tell':
          this.receivers.deliver(record.to, record.message);
          break;
        case 'tells':
          for (const message of record.messages) this.receivers.deliver(record.to, message);
          break;
        case 'ask':
          // No actor lives on the main thread; receivers take tells only.
          {
            this.threads.route(record.replyTo.thread, {
              kind: 'reply-error',
              askId: record.replyTo.askId,
              error: toErrorRecord(new ActorNotFoundError(record.to)),
            });
          }
          break;
        case 'spawn':
        case 'adopt':
        case 'restart':
        case 'stop':
        case 'suspend':
          break;
      }
    }
  }

  onUnencodable(thread: number, record: WireRecord, error: Error): void {
    switch (record.kind) {
      case 'tell':
        this.threads.handle(thread).receipts.noteUndelivered(record.seq, error);
        return;
      case 'ask':
        this.asks.reject(record.replyTo.askId, error);
        return;
      case 'spawn':
      case 'adopt':
      case 'stop':
        if (record.replyTo) this.asks.reject(record.replyTo.askId, error);
        return;
      default:
        this.events.publish({
          type: 'terminate-failed',
          id: `<${record.kind} record>`,
          error: toErrorRecord(error),
          thread: MAIN_THREAD,
        });
    }
  }
}
