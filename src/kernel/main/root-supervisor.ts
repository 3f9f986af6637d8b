/**
 * The root supervisor, on the main thread: the parent of every actor spawned without
 * one. It restarts each top-level actor on its own (one-for-one, with the intensity
 * window counted per actor, since top-level actors are unrelated), using the system's
 * supervision options. It has nowhere to escalate: an actor that exceeds its intensity
 * is stopped for good and reported.
 */
import type { StopReason } from '../actor/behaviour.js';
import { decide } from '../supervision/decide.js';
import type { SupervisionSpec } from '../supervision/spec.js';
import type { SystemEvent } from '../wire/events.js';
import { type ChildExit, MAIN_THREAD, type SpawnSpec, type WireRecord } from '../wire/wire.js';

interface RootChild {
  readonly spec: SpawnSpec;
  history: number[];
  stopping: boolean;
}

export interface RootHost {
  route(thread: number, record: WireRecord): void;
  publish(event: SystemEvent): void;
  /** The spec of a top-level actor this supervisor has not met in this process (durable actors). */
  lookup(id: string): SpawnSpec | undefined;
}

export class RootSupervisor {
  private readonly children = new Map<string, RootChild>();

  constructor(
    private readonly spec: SupervisionSpec,
    private readonly host: RootHost,
  ) {}

  get size(): number {
    return this.children.size;
  }

  adopt(spec: SpawnSpec): void {
    this.children.set(spec.id, { spec, history: [], stopping: false });
  }

  forget(id: string): void {
    this.children.delete(id);
  }

  /** The root itself asked this child to stop: its exit is expected. */
  markStopping(id: string): void {
    const child = this.children.get(id);
    if (child) child.stopping = true;
  }

  onChildExit(childId: string, childThread: number, exit: ChildExit): void {
    let child = this.children.get(childId);
    if (!child) {
      const spec = this.host.lookup(childId);
      if (spec) {
        child = { spec, history: [], stopping: false };
        this.children.set(childId, child);
      }
    }
    if (!child) {
      if (exit.type === 'failed') this.stop(childId, childThread, 'shutdown');
      return;
    }
    if (exit.type === 'spawn-failed' || (child.stopping && exit.type !== 'failed')) {
      this.children.delete(childId);
      return;
    }
    const view = [{ id: childId, restart: child.spec.restart }];
    const decision = decide(this.spec, view, childId, exit, child.history, Date.now());
    switch (decision.action) {
      case 'remove':
        this.children.delete(childId);
        if (exit.type === 'failed') this.stop(childId, childThread, { failure: exit.error.message });
        return;
      case 'escalate':
        this.children.delete(childId);
        this.host.publish({
          type: 'reached-max-restart-intensity',
          supervisor: 'root',
          child: childId,
          thread: MAIN_THREAD,
        });
        this.stop(childId, childThread, { failure: 'reached max restart intensity' });
        return;
      case 'restart':
        child.history = decision.history;
        this.host.route(child.spec.thread, { kind: 'restart', spec: child.spec, delayMs: decision.delayMs });
        return;
    }
  }

  /** A thread died: every top-level actor homed there is restarted (or let go) by its restart type. */
  onThreadLost(thread: number): void {
    for (const child of [...this.children.values()]) {
      if (child.spec.thread !== thread) continue;
      if (child.stopping) this.children.delete(child.spec.id);
      else this.onChildExit(child.spec.id, thread, { type: 'lost' });
    }
  }

  private stop(id: string, thread: number, reason: StopReason): void {
    this.host.route(thread, { kind: 'stop', id, reason, replyTo: null });
  }
}
