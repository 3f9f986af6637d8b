/**
 * The supervisor's side of lifecycle on one thread: what happens when a child of an actor
 * living here exits — the decision (`supervision/decide.ts`) and carrying it out: children
 * stopped in reverse start order and restarted in start order after the backoff, escalation
 * when the intensity is exceeded, and the children lost with a thread that died.
 */
import { WorkerCrashedError } from '../errors.js';
import { type ChildView, decide, wantsRestart } from '../supervision/decide.js';
import type { ChildExit, SpawnSpec } from '../wire/wire.js';
import type { ActorCell } from './cell.js';
import type { Lifecycle, LifecycleHost } from './lifecycle.js';

export class Supervisor {
  constructor(
    private readonly host: LifecycleHost,
    private readonly lifecycle: Lifecycle,
  ) {}

  onChildExit(parentId: string, childId: string, childThread: number, exit: ChildExit): void {
    // A durable parent may be out of memory (passivated, or not yet back after a restart).
    const parent = this.host.cells.get(parentId) ?? this.host.activateDurable(parentId);
    if (parent) this.lifecycle.loadStoredChildren(parent);
    const record = parent?.children?.get(childId);
    if (!parent || !record) {
      // Nobody supervises it any more: a suspended child must not linger.
      if (exit.type === 'failed') this.lifecycle.stopRemote(childId, childThread, 'shutdown');
      return;
    }
    if (exit.type === 'spawn-failed' || (record.stopping && exit.type !== 'failed')) {
      parent.children?.delete(childId);
      return;
    }
    this.supervise(parent, [childId], exit);
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
      Date.now(),
    );
    switch (decision.action) {
      case 'remove':
        for (const id of exited) {
          children.delete(id);
          if (exit.type === 'failed')
            this.lifecycle.stopRemote(id, this.threadOf(parent, id), { failure: exit.error.message });
        }
        return;
      case 'escalate':
        this.host.emit({
          type: 'reached-max-restart-intensity',
          supervisor: parent.id,
          child: first,
          thread: this.host.thread,
        });
        this.lifecycle.fail(
          parent,
          new Error(
            `reached max restart intensity (${parent.spec.supervision.intensity} in ${parent.spec.supervision.periodMs} ms) after child "${first}" exited`,
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
    return parent.children?.get(childId)?.spec.thread ?? this.host.thread;
  }

  /** Stop in reverse start order now; start again in start order after the backoff. */
  private restartChildren(parent: ActorCell, ordered: readonly string[], delayMs: number): void {
    const children = parent.childRecords();
    const local: ActorCell[] = [];
    for (const id of [...ordered].reverse()) {
      const cell = this.host.cells.get(id);
      if (cell && children.get(id)?.spec.thread === this.host.thread) {
        this.prepareRestart(cell);
        local.unshift(cell);
      }
    }
    for (const id of ordered) {
      const spec = children.get(id)?.spec;
      if (!spec) continue;
      if (spec.thread !== this.host.thread) this.host.route(spec.thread, { kind: 'restart', spec, delayMs });
      else if (!this.host.cells.has(id)) this.after(delayMs, () => this.respawn(spec, delayMs));
    }
    const startAll = () => {
      for (const cell of local) this.resume(cell, cell.incarnation, delayMs);
    };
    this.after(delayMs, startAll);
  }

  /** A `restart` record from a supervisor on another thread. */
  restartFromSpec(spec: SpawnSpec, delayMs: number): void {
    const cell = this.host.cells.get(spec.id);
    if (!cell) {
      this.after(delayMs, () => this.respawn(spec, delayMs));
      return;
    }
    if (!cell.behaviour) {
      // Still coming up (its code loading, e.g. just activated on a replacement thread): that start is the restart.
      this.noteRestart(cell, delayMs);
      return;
    }
    this.prepareRestart(cell);
    const incarnation = cell.incarnation;
    this.after(delayMs, () => this.resume(cell, incarnation, delayMs));
  }

  /** Restart an actor that is gone (it stopped, or died with its thread): a new cell from its spec. */
  private respawn(spec: SpawnSpec, delayMs: number): void {
    if (this.host.cells.has(spec.id)) return;
    this.lifecycle.spawn(spec, null);
    const cell = this.host.cells.get(spec.id);
    if (!cell) return;
    cell.restarts = 1;
    this.host.counters.restarts++;
    this.host.emit({ type: 'actor-restarted', id: spec.id, restarts: 1, delayMs, thread: this.host.thread });
  }

  private resume(cell: ActorCell, incarnation: number, delayMs: number): void {
    if (this.host.cells.get(cell.id) !== cell || cell.incarnation !== incarnation) return;
    this.noteRestart(cell, delayMs);
    this.lifecycle.start(cell, null);
  }

  /** Tear down the current incarnation, keeping the cell and its mailbox. */
  private prepareRestart(cell: ActorCell): void {
    if (this.lifecycle.isDurable(cell)) {
      // A durable actor restarts from its last good state: its children, timers and
      // state are in the store and stay; only the failed message is retried (or quarantined).
      this.lifecycle.callTerminate(cell, 'restart');
      cell.incarnation++;
      cell.restartHistory = null;
      cell.status = 'restarting';
      return;
    }
    this.lifecycle.stopChildren(cell);
    this.lifecycle.cancelTimers(cell);
    this.lifecycle.callTerminate(cell, 'restart');
    cell.incarnation++;
    cell.initialized = false;
    // A restarted supervisor starts with a clean restart window, as in OTP.
    cell.restartHistory = null;
    cell.status = 'restarting';
  }

  private after(delayMs: number, run: () => void): void {
    if (delayMs <= 0) run();
    else setTimeout(run, delayMs);
  }

  /** Thread `lost` died: its asks fail, orphans stop, and supervisors here restart what they lost. */
  onThreadLost(lost: number): void {
    this.host.asks.rejectThread(lost, new WorkerCrashedError(lost));
    for (const cell of [...this.host.cells.values()]) {
      if (cell.spec.parent?.thread === lost && this.host.cells.get(cell.id) === cell)
        this.lifecycle.stop(cell, 'shutdown', null);
    }
    for (const cell of [...this.host.cells.values()]) {
      if (!cell.children || this.host.cells.get(cell.id) !== cell) continue;
      const lostChildren = [...cell.children.values()].filter((r) => r.spec.thread === lost);
      for (const r of lostChildren) if (r.stopping) cell.children.delete(r.spec.id);
      const restartable = lostChildren.filter((r) => !r.stopping).map((r) => r.spec.id);
      if (restartable.length > 0) this.supervise(cell, restartable, { type: 'lost' });
    }
  }

  private noteRestart(cell: ActorCell, delayMs: number): void {
    cell.restarts++;
    this.host.counters.restarts++;
    this.host.emit({
      type: 'actor-restarted',
      id: cell.id,
      restarts: cell.restarts,
      delayMs,
      thread: this.host.thread,
    });
  }
}
