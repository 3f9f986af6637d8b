/**
 * `DurableSide`: the store side of one worker thread, put together — the store and the
 * process-wide sequence, the commit pipeline, activation, the commits of actors, durable
 * timers, passivation and the removal of actors not in memory. It exists only when the system has a store; the runtime hands
 * its parts (`activator`, `commits`) to the modules that need them.
 *
 * ```
 *   turn ─▶ DurableCommits ─▶ ActorCommits ─▶ CommitPipeline ─▶ Store (one batch in flight)
 *   mail for an actor not in memory ─▶ Activator ─▶ cell (epoch claimed, inbox loaded)
 *   DurableTimers: earliest stored timer ─▶ commit into the inbox ─▶ deliver
 * ```
 */
import type { Dispatcher } from '../../actor/ref.js';
import type { ActorRecord } from '../../persistence/records.js';
import { Sequence } from '../../persistence/sequence.js';
import { openStore, type Store } from '../../persistence/store.js';
import type { ThreadTask } from '../../wire/thread-task.js';
import type { ActorCell } from '../cell.js';
import type { Outbound } from '../outbound.js';
import type { ThreadState } from '../thread-state.js';
import { Activator } from './activation.js';
import { ActorCommits } from './actor-commits.js';
import { CommitPipeline } from './commit-pipeline.js';
import { DurableCommits } from './commits.js';
import { defaultMaxActiveActors, Passivation } from './passivation.js';
import { StoredRemoval } from './stored-removal.js';
import { type DeliverFired, DurableTimers } from './timers.js';

/** What the store side needs from the rest of the runtime. */
export interface DurableSideHooks {
  /** Refs to activated actors are bound to it. */
  readonly dispatcher: Dispatcher;
  /** Resume a stored actor's state, or run `init` if it never ran (`Starter.startStored`). */
  readonly startStored: (cell: ActorCell, record: ActorRecord) => void;
  /** A cell leaves memory, the store keeps the actor (`Stopper.dropCell`). */
  readonly dropCell: (cell: ActorCell, reason: 'reset' | 'passivated') => void;
  /** Put committed mail in a mailbox of this thread (`MailDelivery.deliver`). */
  readonly deliver: DeliverFired;
}

export class DurableSide {
  readonly store: Store;
  readonly sequence: Sequence;
  readonly pipeline: CommitPipeline;
  readonly activator: Activator;
  readonly commits: DurableCommits;
  readonly removal: StoredRemoval;
  private readonly timers: DurableTimers;
  private readonly passivation: Passivation;

  /** `null` for a memory-only system (the task names no store). */
  static open(
    task: ThreadTask,
    state: ThreadState,
    outbound: Outbound,
    hooks: DurableSideHooks,
  ): DurableSide | null {
    if (!task.store || !task.sequence) return null;
    return new DurableSide(
      openStore(task.store),
      new Sequence(task.sequence),
      task.idleTimeoutMs,
      task.maxActiveActors,
      state,
      outbound,
      hooks,
    );
  }

  private constructor(
    store: Store,
    sequence: Sequence,
    idleTimeoutMs: number,
    maxActiveActors: number | undefined,
    state: ThreadState,
    outbound: Outbound,
    hooks: DurableSideHooks,
  ) {
    this.store = store;
    this.sequence = sequence;
    // Every batch records how far the sequence went, so a restarted process never reuses a number.
    this.pipeline = new CommitPipeline(store, (w) => sequence.highWaterWrite(w), {
      settled: () => state.pulse(),
      writing: (inside) => state.writing(inside),
    });
    const actorCommits = new ActorCommits(this.pipeline);
    this.activator = new Activator(state, store, actorCommits, outbound, hooks);
    this.timers = new DurableTimers(state.thread, state.clock, store, sequence, this.pipeline, hooks.deliver);
    this.commits = new DurableCommits(
      actorCommits,
      this.activator,
      { store, sequence, cells: state.cells },
      this.timers,
    );
    this.removal = new StoredRemoval(this.pipeline, this.activator);
    this.passivation = new Passivation(
      state.cells.idle,
      state.clock,
      idleTimeoutMs,
      hooks,
      maxActiveActors ?? defaultMaxActiveActors(),
    );
  }

  /** Durable actors sent out of memory by the activation limit so far. */
  get evictions(): number {
    return this.passivation.evictions;
  }

  /** Resume what the store says is pending on this thread: actors with mail, timers. */
  recover(): void {
    this.activator.resync();
    this.timers.arm();
  }

  /** Take the stored mail whose announcement was lost with a dead worker (`Activator.resync`). */
  resync(): void {
    this.activator.resync();
  }

  /** Stop the timers and the sweep, let the last commits land, close the store. */
  async close(): Promise<void> {
    this.timers.close();
    this.passivation.close();
    await this.pipeline.idle();
    await this.store.close();
  }
}
