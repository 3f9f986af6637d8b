/**
 * The root supervisor, on the main thread: the parent of every actor spawned without
 * one. It restarts each top-level actor on its own (one-for-one, with the intensity
 * window counted per actor, since top-level actors are unrelated), using the system's
 * supervision options. It has nowhere to escalate: an actor that exceeds its intensity
 * is stopped for good and reported. Its restart windows are read on the system's clock.
 */
import type { StopReason } from '../actor/behaviour.js';
import type { Clock } from '../clock.js';
import { decide } from '../supervision/decide.js';
import type { SupervisionSpec } from '../supervision/spec.js';
import { type ChildExit, MAIN_THREAD, type SpawnSpec } from '../wire/wire.js';
import type { EventBus } from './event-bus.js';
import type { MainStore } from './main-store.js';
import type { ThreadPool } from './thread-pool.js';

interface RootChild {
  readonly spec: SpawnSpec;
  history: number[];
  stopping: boolean;
}

export interface RootCollaborators {
  readonly threads: Pick<ThreadPool, 'route'>;
  readonly events: EventBus;
  readonly clock: Clock;
  /** Where the spec of a top-level actor not met in this process is found (durable actors), or `null`. */
  readonly store: Pick<MainStore, 'specOf'> | null;
}

export class RootSupervisor {
  private readonly children = new Map<string, RootChild>();
  private readonly threads: Pick<ThreadPool, 'route'>;
  private readonly events: EventBus;
  private readonly clock: Clock;
  private readonly store: Pick<MainStore, 'specOf'> | null;

  constructor(
    private readonly spec: SupervisionSpec,
    collaborators: RootCollaborators,
  ) {
    this.threads = collaborators.threads;
    this.events = collaborators.events;
    this.clock = collaborators.clock;
    this.store = collaborators.store;
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
      const spec = this.store?.specOf(childId);
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
    const decision = decide(this.spec, view, childId, exit, child.history, this.clock.now());
    switch (decision.action) {
      case 'remove':
        this.children.delete(childId);
        if (exit.type === 'failed') this.stop(childId, childThread, { failure: exit.error.message });
        return;
      case 'escalate':
        this.children.delete(childId);
        this.events.publish({
          type: 'reached-max-restart-intensity',
          supervisor: 'root',
          child: childId,
          thread: MAIN_THREAD,
        });
        this.stop(childId, childThread, { failure: 'reached max restart intensity' });
        return;
      case 'restart':
        child.history = decision.history;
        this.threads.route(child.spec.thread, {
          kind: 'restart',
          spec: child.spec,
          delayMs: decision.delayMs,
        });
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
    this.threads.route(thread, { kind: 'stop', id, reason, replyTo: null });
  }
}
