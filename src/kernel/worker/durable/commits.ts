/**
 * `DurableCommits`: what a durable actor's life writes to the store, each as one entry of
 * the thread's commit pipeline — a turn (or its `init`), a quarantined message moving from
 * its inbox to the dead letters, its stop.
 *
 * A turn's entry removes the message it handled from its inbox, writes the new state, and
 * writes its effects (`effects-plan.ts`: mail into durable targets' inboxes, spawns,
 * timers) — atomically, and only then are its effects released. Because every durable
 * message is written exactly once by the commit of the turn that sent it, and removed by
 * the commit of the turn that handled it, a crash at any instant replays at most the turns
 * that did not commit: `receive` may run again, a state change is applied once. A turn
 * whose commit fails is undone by reloading the actor (`Activator.reset`).
 */
import type { TableKey } from '../../actor/table.js';
import type { DeadLetterRecord } from '../../persistence/records.js';
import type { StoreWriter } from '../../persistence/store.js';
import type { ActorCell } from '../cell.js';
import type { Effect } from '../effects.js';
import { PendingEntries } from '../pending-entries.js';
import type { Activator } from './activation.js';
import type { ActorCommits } from './actor-commits.js';
import { type DurablePlan, type PlanSources, planDurableEffects } from './effects-plan.js';
import { assertCurrentEpoch } from './fencing.js';
import type { DurableTimers } from './timers.js';

export class DurableCommits {
  constructor(
    private readonly commits: ActorCommits,
    private readonly activator: Activator,
    private readonly plans: PlanSources,
    private readonly timers: DurableTimers,
  ) {}

  /**
   * Commit a turn of `cell` (or its init: `processed` 0): the message it handled, its new
   * state, its effects and `extra` writes. `release` lets the effects out once acknowledged;
   * `notWritten` hears when the commit did not happen (the turn is undone by a reload, and an
   * ask it handled that was not stored would otherwise go unanswered).
   */
  commitTurn(
    cell: ActorCell,
    processed: number,
    effects: readonly Effect[] | null,
    release: (plan: DurablePlan | null) => void,
    extra?: (w: StoreWriter) => void,
    notWritten?: (error: Error) => void,
  ): void {
    const plan = effects ? planDurableEffects(this.plans, cell, effects) : null;
    const written = effects ? tableWrites(cell, effects) : null;
    const id = cell.id;
    const epoch = cell.epoch;
    const state = cell.state;
    const version = cell.behaviour?.version ?? 1;
    this.commits.add(
      cell,
      (w) => {
        assertCurrentEpoch(w, id, epoch);
        if (processed > 0) w.removeInbox([id, processed]);
        // The spec was written once, at spawn: a turn writes only the state.
        w.putState(id, state, version);
        extra?.(w);
        plan?.write(w);
      },
      () => {
        if (processed > 0) cell.known?.delete(processed);
        if (written) for (const { table, key } of written) cell.pendingEntries?.settle(table, key);
        release(plan);
        if (plan?.earliestTimer !== undefined) this.timers.arm(plan.earliestTimer);
      },
      (error) => this.activator.reset(cell, error),
      notWritten,
    );
  }

  /**
   * Run `after` once everything this actor has written so far is acknowledged (at once when
   * nothing is pending); `notWritten` if that did not happen.
   */
  afterCommitted(cell: ActorCell, after: () => void, notWritten?: (error: Error) => void): void {
    if (cell.pendingCommits === 0) {
      after();
      return;
    }
    this.commits.add(cell, noop, after, (error) => this.activator.reset(cell, error), notWritten);
  }

  /** Record `attempts` failed attempts at the stored message `seq` (they count after a reload, a suspension). */
  noteAttempts(cell: ActorCell, seq: number, attempts: number): void {
    const id = cell.id;
    const epoch = cell.epoch;
    this.commits.add(
      cell,
      (w) => {
        assertCurrentEpoch(w, id, epoch);
        w.noteAttempts([id, seq], attempts);
      },
      noop,
      (error) => this.activator.commitFailed(id, error),
    );
  }

  /**
   * Move one quarantined message from the actor's stored inbox to the dead letters, in one
   * commit: it is never deleted, only set aside for the operator. If the commit fails the
   * message stays in the inbox (it comes back with the next activation).
   */
  quarantineMail(cell: ActorCell, seq: number, letter: DeadLetterRecord): void {
    const id = cell.id;
    const epoch = cell.epoch;
    this.commits.add(
      cell,
      (w) => {
        assertCurrentEpoch(w, id, epoch);
        w.removeInbox([id, seq]);
        w.putDeadLetter([id, seq], letter);
      },
      () => cell.known?.delete(seq),
      (error) => this.activator.commitFailed(id, error),
    );
  }

  /** Remove a stopped actor from the store: record, inbox, timers, its place in the tree, a suspension. */
  commitStop(cell: ActorCell, after: () => void): void {
    const { id } = cell;
    const parent = cell.spec.parent?.id ?? '';
    const spawnSeq = cell.spawnSeq;
    this.commits.add(
      cell,
      (w) => {
        w.removeActor(id);
        w.removeInboxOf(id);
        w.removeTimersOf(id);
        w.removeChild(parent, spawnSeq);
        w.removeSuspension(id);
      },
      after,
      // A stop that could not be written still stops the actor in memory; the store keeps it.
      (error) => {
        this.activator.commitFailed(id, error);
        after();
      },
    );
  }
}

/** The table writes among `effects`, now pending on the cell until their commit lands. */
function tableWrites(cell: ActorCell, effects: readonly Effect[]): { table: string; key: TableKey }[] | null {
  const written: { table: string; key: TableKey }[] = [];
  for (const effect of effects) {
    if (effect.type !== 'table-put' && effect.type !== 'table-remove') continue;
    cell.pendingEntries ??= new PendingEntries();
    const removed = effect.type === 'table-remove';
    cell.pendingEntries.add(effect.table, effect.key, removed ? undefined : effect.value, removed);
    written.push({ table: effect.table, key: effect.key });
  }
  return written.length > 0 ? written : null;
}

function noop(): void {}
