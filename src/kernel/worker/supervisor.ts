/**
 * `Supervisor`: the supervising side of the actors of this thread that have children —
 * what happens when a child exits: the decision (`supervision/decide.ts`, its restart
 * window read from the injected clock) and carrying it out: children stopped in reverse
 * start order and restarted in start order after the backoff, escalation when the
 * intensity is exceeded, and the children lost with a thread that died.
 *
 * A restart re-runs `init` and keeps the mailbox (a durable actor resumes its last good
 * state); the message that failed is retried first, until it is quarantined (`failure.ts`).
 * A restart waiting out its backoff is cancelled by an explicit stop of the actor
 * (`pending-restarts.ts`), and one that comes due for an actor stopped or removed from the
 * store meanwhile does nothing: a stopped actor never comes back.
 */
import type { PendingAsks } from '../actor/pending-asks.js';
import type { Clock } from '../clock.js';
import { isChargedLoss, RestartIntensityError, WorkerCrashedError, type WorkerDeath } from '../errors.js';
import type { Store } from '../persistence/store.js';
import { type ChildView, decide, wantsRestart } from '../supervision/decide.js';
import type { ChildExit, SpawnSpec } from '../wire/wire.js';
import type { ActorCell } from './cell.js';
import type { Activator } from './durable/activation.js';
import { loadStoredChildren } from './durable/stored-children.js';
import type { Failure } from './failure.js';
import type { Outbound } from './outbound.js';
import type { PendingRestarts } from './pending-restarts.js';
import type { Spawner } from './spawn.js';
import type { Starter } from './start.js';
import type { Stopper } from './stop.js';
import type { ThreadCounters, ThreadState } from './thread-state.js';
import type { MemoryTimers } from './timers.js';

/** The durable side of supervising (`null` in a memory-only system). */
export interface SuperviseDurable {
  readonly store: Store;
  readonly activator: Activator;
}

export class Supervisor {
  private readonly thread: number;
  private readonly cells: Map<string, ActorCell>;
  private readonly counters: ThreadCounters;
  private readonly clock: Clock;

  constructor(
    state: ThreadState,
    private readonly asks: PendingAsks,
    private readonly outbound: Outbound,
    private readonly spawner: Spawner,
    private readonly starter: Starter,
    private readonly stopper: Stopper,
    private readonly timers: MemoryTimers,
    private readonly failure: Failure,
    private readonly restarts: PendingRestarts,
    private readonly durable: SuperviseDurable | null,
  ) {
    this.thread = state.thread;
    this.cells = state.cells;
    this.counters = state.counters;
    this.clock = state.clock;
  }

  onChildExit(parentId: string, childId: string, childThread: number, exit: ChildExit): void {
    // A durable parent may be out of memory (passivated, or not yet back after a restart).
    const parent = this.cells.get(parentId) ?? this.activate(parentId);
    if (parent) loadStoredChildren(this.durable?.store ?? null, parent);
    const record = parent?.children?.get(childId);
    if (!parent || !record) {
      // Nobody supervises it any more (its parent is gone or suspended): a failed child must not
      // linger in memory, and a durable one keeps its data.
      if (exit.type === 'failed') this.stopper.setAsideRemote(childId, childThread);
      return;
    }
    if (record.stopping && exit.type === 'failed') {
      // Being stopped: never restarted. Its stop, once done, removes the record.
      return;
    }
    if (exit.type === 'spawn-failed' || record.stopping) {
      parent.children?.delete(childId);
      return;
    }
    this.supervise(parent, [childId], exit);
  }

  private activate(id: string): ActorCell | undefined {
    const activation = this.durable?.activator.activate(id);
    return activation?.kind === 'active' ? activation.cell : undefined;
  }

  /** Decide once for a set of children that exited together (all lost with one thread, or one failure). */
  private supervise(parent: ActorCell, exited: readonly string[], exit: ChildExit): void {
    const children = parent.childRecords();
    const views: ChildView[] = [...children.values()].map((r) => ({
      id: r.spec.id,
      restart: r.spec.restart,
    }));
    const first = exited[0] as string;
    const decision = decide(
      parent.spec.supervision,
      views,
      first,
      exit,
      parent.restartHistory ?? [],
      this.clock.now(),
    );
    switch (decision.action) {
      case 'remove':
        for (const id of exited) {
          const spec = children.get(id)?.spec;
          children.delete(id);
          if (exit.type !== 'failed') continue;
          // A failure never deletes data: a durable child is set aside, any other stops.
          if (spec?.persistent && this.durable) this.stopper.setAsideRemote(id, spec.thread);
          else this.stopper.stopRemote(id, this.threadOf(parent, id), { failure: exit.error.message });
        }
        return;
      case 'escalate':
        for (const id of exited) {
          const record = children.get(id);
          if (record?.spec.persistent && this.durable) record.failed = true;
        }
        this.outbound.emit({
          type: 'reached-max-restart-intensity',
          supervisor: parent.id,
          child: first,
          thread: this.thread,
        });
        this.failure.fail(
          parent,
          new RestartIntensityError(
            parent.id,
            first,
            parent.spec.supervision.intensity,
            parent.spec.supervision.periodMs,
          ),
        );
        return;
      case 'restart': {
        parent.restartHistory = decision.history;
        const restart = new Set(decision.restart);
        for (const id of exited.slice(1)) {
          const spec = children.get(id)?.spec;
          if (spec && wantsRestart(spec.restart, exit)) restart.add(id);
          else children.delete(id);
        }
        const ordered = [...children.keys()].filter((id) => restart.has(id));
        this.restartChildren(parent, ordered, decision.delayMs);
        return;
      }
    }
  }

  private threadOf(parent: ActorCell, childId: string): number {
    return parent.children?.get(childId)?.spec.thread ?? this.thread;
  }

  /** Stop in reverse start order now; start again in start order after the backoff. */
  private restartChildren(parent: ActorCell, ordered: readonly string[], delayMs: number): void {
    const children = parent.childRecords();
    const local = new Map<string, { cell: ActorCell; incarnation: number }>();
    for (const id of [...ordered].reverse()) {
      const cell = this.cells.get(id);
      if (cell && children.get(id)?.spec.thread === this.thread) {
        this.prepareRestart(cell);
        local.set(id, { cell, incarnation: cell.incarnation });
      }
    }
    // Timers of one delay fire in the order they were set: the children start in start order.
    for (const id of ordered) {
      const spec = children.get(id)?.spec;
      if (!spec) continue;
      const restarting = local.get(id);
      if (spec.thread !== this.thread) this.outbound.route(spec.thread, { kind: 'restart', spec, delayMs });
      else if (restarting) {
        const { cell, incarnation } = restarting;
        this.restarts.after(id, delayMs, () => this.resume(cell, incarnation, delayMs));
      } else if (!this.cells.has(id)) this.restarts.after(id, delayMs, () => this.respawn(spec, delayMs));
    }
  }

  /** A `restart` record from a supervisor on another thread. */
  restartFromSpec(spec: SpawnSpec, delayMs: number): void {
    const cell = this.cells.get(spec.id);
    if (!cell) {
      this.restarts.after(spec.id, delayMs, () => this.respawn(spec, delayMs));
      return;
    }
    if (!cell.behaviour) {
      // Still coming up (its code loading, e.g. just activated on a replacement thread): that start is the restart.
      this.noteRestart(cell, delayMs);
      return;
    }
    this.prepareRestart(cell);
    const incarnation = cell.incarnation;
    this.restarts.after(spec.id, delayMs, () => this.resume(cell, incarnation, delayMs));
  }

  /**
   * Restart an actor that is gone (it stopped, or died with its thread): a new cell from its
   * spec — a durable one from the store, so one removed from the store meanwhile (stopped)
   * stays gone.
   */
  private respawn(spec: SpawnSpec, delayMs: number): void {
    if (this.cells.has(spec.id)) return;
    if (spec.persistent && this.durable && !this.isStored(spec.id)) return;
    this.spawner.spawn(spec, null);
    const cell = this.cells.get(spec.id);
    if (!cell) return;
    cell.restarts = 1;
    this.counters.restarts++;
    this.outbound.emit({ type: 'actor-restarted', id: spec.id, restarts: 1, delayMs, thread: this.thread });
  }

  private resume(cell: ActorCell, incarnation: number, delayMs: number): void {
    if (this.cells.get(cell.id) !== cell || cell.incarnation !== incarnation) return;
    this.noteRestart(cell, delayMs);
    this.starter.start(cell, null);
  }

  /** Tear down the current incarnation, keeping the cell and its mailbox. */
  private prepareRestart(cell: ActorCell): void {
    if (cell.spec.persistent && this.durable) {
      // A durable actor restarts from its last good state: its children, timers and
      // state are in the store and stay; only the failed message is retried (or quarantined).
      // Children whose failures it escalated are restarted with it.
      for (const record of cell.children?.values() ?? []) {
        if (!record.failed) continue;
        record.failed = false;
        this.outbound.route(record.spec.thread, { kind: 'restart', spec: record.spec, delayMs: 0 });
      }
      this.stopper.callTerminate(cell, 'restart');
      cell.incarnation++;
      cell.restartHistory = null;
      cell.status = 'restarting';
      return;
    }
    this.stopper.stopChildren(cell);
    this.timers.cancelAll(cell);
    this.stopper.callTerminate(cell, 'restart');
    cell.incarnation++;
    cell.initialized = false;
    // A restarted supervisor starts with a clean restart window, as in OTP.
    cell.restartHistory = null;
    cell.status = 'restarting';
  }

  private isStored(id: string): boolean {
    try {
      return this.durable?.store.hasActor(id) ?? false;
    } catch {
      // Unreadable: the activation decides (it quarantines an actor whose record cannot be read).
      return true;
    }
  }

  /** Thread `lost` died (of `death`): its asks fail, orphans leave, and supervisors here restart what they lost. */
  onThreadLost(lost: number, death?: WorkerDeath): void {
    this.asks.rejectThread(lost, new WorkerCrashedError(lost, death));
    for (const cell of [...this.cells.values()]) {
      if (cell.spec.parent?.thread !== lost || this.cells.get(cell.id) !== cell) continue;
      // An orphan: a durable one leaves memory keeping its data (its parent, restarted from
      // the store, finds it there); any other stops.
      if (cell.spec.persistent && this.durable) this.stopper.setAside(cell.id, null);
      else this.stopper.stop(cell, 'shutdown', null);
    }
    for (const cell of [...this.cells.values()]) {
      if (!cell.children || this.cells.get(cell.id) !== cell) continue;
      const lostChildren = [...cell.children.values()].filter((r) => r.spec.thread === lost);
      for (const r of lostChildren) if (r.stopping) cell.children.delete(r.spec.id);
      const restartable = lostChildren.filter((r) => !r.stopping).map((r) => r.spec.id);
      // Charged only if one of them jammed the thread (or the death has no culprit).
      const charged = restartable.some((id) => isChargedLoss(death, id));
      if (restartable.length > 0) this.supervise(cell, restartable, { type: 'lost', charged });
    }
  }

  private noteRestart(cell: ActorCell, delayMs: number): void {
    cell.restarts++;
    this.counters.restarts++;
    this.outbound.emit({
      type: 'actor-restarted',
      id: cell.id,
      restarts: cell.restarts,
      delayMs,
      thread: this.thread,
    });
  }
}
