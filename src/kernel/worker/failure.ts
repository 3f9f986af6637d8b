/**
 * `Failure`: how an actor of this thread fails, and who hears of it — a turn that threw
 * (the message is retried after the restart, until it is quarantined), an actor suspended
 * and handed to its supervisor, a first start that failed (the actor never existed), and
 * the exit report every supervisor gets, locally, across threads or at the root.
 *
 * Deciding what to do about an exit is `supervisor.ts`'s (or the root supervisor's on the
 * main thread); this module only reports it.
 */
import type { ReplyTo } from '../actor/context.js';
import {
  ActorStoppedError,
  DuplicateActorIdError,
  MessageQuarantinedError,
  SpawnError,
  toErrorRecord,
} from '../errors.js';
import { type ChildExit, MAIN_THREAD, type SpawnSpec, type WireRecord } from '../wire/wire.js';
import { type ActorCell, Envelope, type MailItem } from './cell.js';
import type { DeadLetters } from './dead-letters.js';
import type { DurableCommits } from './durable/commits.js';
import type { Outbound } from './outbound.js';
import type { ThreadState } from './thread-state.js';

export class Failure {
  constructor(
    private readonly state: ThreadState,
    private readonly outbound: Outbound,
    private readonly deadLetters: DeadLetters,
    /** `null` in a memory-only system. */
    private readonly commits: DurableCommits | null,
  ) {}

  /** `receive` threw (or rejected): retry the message after the restart, or quarantine it. */
  turnFailed(cell: ActorCell, item: MailItem, error: unknown): void {
    const attempt = ++cell.headAttempts;
    const maxAttempts = cell.spec.supervision.maxMessageAttempts;
    if (attempt >= maxAttempts) {
      this.quarantine(cell, item, error);
    } else {
      cell.mailbox.retryFirst(item);
      this.state.cells.noteMail(cell);
      // A stored message keeps its count in the store: it still counts after the actor is
      // reloaded or suspended, so one that keeps failing is quarantined in the end.
      if (item instanceof Envelope && item.inbox > 0) this.commits?.noteAttempts(cell, item.inbox, attempt);
    }
    this.fail(cell, error, attempt);
  }

  /**
   * Set a message aside as a dead letter: it failed too often. A stored message moves from
   * the actor's inbox to the stored dead letters in one commit (`system.deadLetters()` lists,
   * replays or discards it); nothing is deleted.
   */
  quarantine(cell: ActorCell, item: MailItem, error: unknown): void {
    const attempts = Math.max(1, cell.headAttempts);
    cell.headAttempts = 0;
    // deadLetter also fails the ask, if the message was one.
    this.deadLetters.deadLetter(
      cell.id,
      item,
      'quarantined',
      new MessageQuarantinedError(cell.id, attempts, error),
      0,
    );
    if (item instanceof Envelope && item.inbox > 0 && this.commits) {
      this.commits.quarantineMail(cell, item.inbox, {
        message: item.message,
        error: toErrorRecord(error),
        attempts,
        at: this.state.clock.now(),
      });
    }
  }

  /** Suspend the actor and hand the failure to its supervisor. */
  fail(cell: ActorCell, error: unknown, attempt = cell.headAttempts): void {
    cell.status = 'suspended';
    this.state.counters.failures++;
    const record = toErrorRecord(error);
    this.outbound.emit({
      type: 'actor-failed',
      id: cell.id,
      error: record,
      attempt,
      thread: this.state.thread,
    });
    this.reportExit(cell.spec, { type: 'failed', error: record });
  }

  /** The first start failed: the actor never existed. */
  abandon(cell: ActorCell, error: unknown, replyTo: ReplyTo | null): void {
    this.state.cells.delete(cell.id);
    cell.removed = true;
    cell.incarnation++;
    for (const item of cell.mailbox.drain()) {
      this.deadLetters.deadLetter(cell.id, item, 'stopped', new ActorStoppedError(cell.id), 0);
    }
    this.spawnFailed(
      cell.spec,
      error instanceof DuplicateActorIdError ? error : new SpawnError(cell.id, error),
      replyTo,
    );
  }

  /** A spawn was refused or its actor could not start: the spawner hears why, and so does the supervisor. */
  spawnFailed(spec: SpawnSpec, error: Error, replyTo: ReplyTo | null): void {
    const record = toErrorRecord(error);
    this.outbound.emit({ type: 'spawn-failed', id: spec.id, error: record, thread: this.state.thread });
    if (replyTo) this.outbound.sendReplyError(replyTo, error);
    // A duplicate id must not make the existing actor's supervisor forget it.
    this.reportExit(spec, { type: 'spawn-failed', error: record });
  }

  /** Tell the supervisor how a child left: locally, across threads, or to the root. */
  reportExit(spec: SpawnSpec, exit: ChildExit): void {
    if (this.state.shuttingDown) return;
    const parent = spec.parent;
    const record: WireRecord = {
      kind: 'child-exit',
      parent: parent?.id ?? '',
      child: spec.id,
      childThread: spec.thread,
      exit,
    };
    this.outbound.route(parent ? parent.thread : MAIN_THREAD, record);
  }
}
