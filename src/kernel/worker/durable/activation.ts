/**
 * `Activator`: bringing a durable actor into memory on this thread from the store —
 * lazily on its first message, at recovery for the actors with mail waiting, and again
 * after a commit of it failed (`reset`). An activation claims the actor with a new epoch
 * (`fencing.ts`), loads the mail in its inbox, and hands the cell to `startStored` to
 * resume its state or run `init`. An actor whose stored state cannot be read is
 * quarantined: its mail is dead-lettered and it is not tried again. A suspended actor (its
 * suspension is in the store) is not activated until it is resumed, nor one being removed
 * from the store by this thread (`hold`).
 *
 * What the store holds is written by `commits.ts`; starting the actor is `start.ts`'s.
 */
import type { Dispatcher } from '../../actor/ref.js';
import { ActorSuspendedError, StateDecodeError, toErrorRecord } from '../../errors.js';
import type { ActorRecord } from '../../persistence/records.js';
import type { Store } from '../../persistence/store.js';
import { ActorCell, Envelope, type MailItem } from '../cell.js';
import type { Cells } from '../cells.js';
import type { Outbound } from '../outbound.js';
import type { ThreadState } from '../thread-state.js';
import type { ActorCommits } from './actor-commits.js';
import { FencedError } from './fencing.js';

/** The outcome of trying to bring an actor into memory. */
export type Activation =
  | { readonly kind: 'active'; readonly cell: ActorCell }
  | { readonly kind: 'elsewhere'; readonly thread: number }
  | { readonly kind: 'quarantined'; readonly error: Error }
  /** Kept in the store, not activated until it is resumed. */
  | { readonly kind: 'suspended'; readonly error: ActorSuspendedError }
  | { readonly kind: 'unknown' };

export interface ActivatorOptions {
  /** Refs to activated actors are bound to it. */
  readonly dispatcher: Dispatcher;
  /** Resume the stored actor's state, or run `init` if it never ran (`start.ts`). */
  readonly startStored: (cell: ActorCell, record: ActorRecord) => void;
  /** The cell leaves memory, the store keeps the actor (`stop.ts`). */
  readonly dropCell: (cell: ActorCell, reason: 'reset') => void;
  /** Put stored mail in the mailbox of an actor of this thread (`MailDelivery.deliver`). */
  readonly deliver: (to: string, item: MailItem, seq: number) => Error | null;
}

export class Activator {
  /** Actors whose stored state cannot be read: their mail is dead-lettered, they are not retried. */
  private readonly quarantined = new Map<string, Error>();
  /** Actors this thread is removing from the store: not activated meanwhile. */
  private readonly held = new Set<string>();
  private readonly thread: number;
  private readonly cells: Cells;

  constructor(
    state: ThreadState,
    private readonly store: Store,
    private readonly commits: ActorCommits,
    private readonly outbound: Outbound,
    private readonly options: ActivatorOptions,
  ) {
    this.thread = state.thread;
    this.cells = state.cells;
  }

  /** Bring the stored actor `id` into memory on this thread, with the mail waiting in its inbox. */
  activate(id: string): Activation {
    const quarantine = this.quarantined.get(id);
    if (quarantine) return { kind: 'quarantined', error: quarantine };
    if (this.held.has(id)) return { kind: 'unknown' };
    const suspension = this.store.getSuspension(id);
    if (suspension)
      return { kind: 'suspended', error: new ActorSuspendedError(id, suspension.since, suspension.resumeAt) };
    let record: ActorRecord | undefined;
    try {
      record = this.store.getActor(id);
    } catch (error) {
      const reason = error instanceof Error ? error : new StateDecodeError(id, error);
      this.quarantined.set(id, reason);
      this.outbound.emit({
        type: 'actor-quarantined',
        id,
        error: toErrorRecord(reason),
        thread: this.thread,
      });
      return { kind: 'quarantined', error: reason };
    }
    if (!record) return { kind: 'unknown' };
    if (record.spec.thread !== this.thread) return { kind: 'elsewhere', thread: record.spec.thread };
    const cell = new ActorCell(record.spec, this.options.dispatcher);
    cell.epoch = (this.store.getEpoch(id) ?? 0) + 1;
    cell.loaded = new Set();
    cell.known = new Set();
    this.cells.set(id, cell);
    const inbox = this.store.inboxOf(id);
    for (const { key, value } of inbox) {
      cell.mailbox.restore(new Envelope(value.message, value.replyTo, key[1], value.missed));
      cell.loaded.add(key[1]);
      cell.known.add(key[1]);
    }
    this.cells.noteMail(cell);
    // Only the head can have failed before (a message stays first until it succeeds or is quarantined).
    cell.headAttempts = inbox[0]?.value.attempts ?? 0;
    // Claim the actor: a turn of an older activation can no longer commit over this one.
    const epoch = cell.epoch;
    this.commits.add(
      cell,
      (w) => w.setEpoch(id, epoch),
      noop,
      (error) => this.reset(cell, error),
    );
    this.options.startStored(cell, record);
    return { kind: 'active', cell };
  }

  /**
   * Catch up with the store: actors homed here with mail waiting come back (at start, the
   * rest wait for their first message), and an actor in memory takes the stored mail it has
   * not taken in yet. Mail is stored by its sender's commit and announced after it; when a
   * worker dies between the two, the announcement is lost with it and only the store knows.
   * So this runs at start, when a peer thread was replaced (what the dead worker committed
   * is in the store by then), and once every peer reaches this thread's new worker (what a
   * peer announced to the dead one before it switched is in the store by then). Mail taken
   * in this way comes after mail announced since: order is kept except around a lost worker.
   */
  resync(): number {
    let resumed = 0;
    for (const id of this.store.actorsWithMail()) {
      const cell = this.cells.get(id);
      if (!cell) {
        if (this.activate(id).kind === 'active') resumed++;
      } else if (cell.spec.persistent && !cell.removed && cell.status !== 'stopping') {
        this.takeMissedMail(cell);
      }
    }
    return resumed;
  }

  private takeMissedMail(cell: ActorCell): void {
    cell.known ??= new Set();
    const known = cell.known;
    for (const { key, value } of this.store.inboxOf(cell.id)) {
      const seq = key[1];
      if (known.has(seq)) continue;
      this.options.deliver(cell.id, new Envelope(value.message, value.replyTo, seq, value.missed), 0);
      // Its announcement may still come: it is a duplicate then.
      cell.loaded ??= new Set();
      cell.loaded.add(seq);
    }
  }

  /**
   * A commit of this actor failed: nothing of it was written and nothing left. Drop the
   * in-memory actor (its state and mailbox may be ahead of the store) and reload it.
   */
  reset(cell: ActorCell, error: Error): void {
    if (this.cells.get(cell.id) !== cell) return;
    this.commitFailed(cell.id, error);
    this.options.dropCell(cell, 'reset');
    if (!(error instanceof FencedError)) this.activate(cell.id);
  }

  /** `id` is being removed from the store: refuse to activate it until `release`. */
  hold(id: string): void {
    this.held.add(id);
  }

  release(id: string): void {
    this.held.delete(id);
  }

  /** Report a commit of `id` that was not written. */
  commitFailed(id: string, error: Error): void {
    this.outbound.emit({ type: 'commit-failed', id, error: toErrorRecord(error), thread: this.thread });
  }
}

function noop(): void {}
