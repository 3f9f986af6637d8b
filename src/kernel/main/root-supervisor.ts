/**
 * The root supervisor, on the main thread: the parent of every actor spawned without
 * one. It restarts each top-level actor on its own (one-for-one, with the intensity
 * window counted per actor, since top-level actors are unrelated), using the system's
 * supervision options, its windows read on the system's clock.
 *
 * It has nowhere to escalate. When a top-level actor's failures run out (past the
 * intensity, or a failed `temporary` one), failure never deletes data: a durable actor is
 * *suspended* — the record written to the store first (`suspensions.ts`), then the actor set
 * aside on its thread (it leaves memory, its state and inbox stay, it is not activated),
 * `actor-suspended` published — and resumed after its backoff (a sweep reads the clock) or
 * by `resume(id)`: the record leaves the store and the actor is restarted from it, its
 * waiting mail handled, the failing message first. Any other actor is stopped for good.
 * Only an explicit stop removes a durable actor's stored state.
 */
import type { StopReason } from '../actor/behaviour.js';
import type { Clock } from '../clock.js';
import {
  type ErrorRecord,
  isChargedLoss,
  toErrorRecord,
  WorkerCrashedError,
  type WorkerDeath,
} from '../errors.js';
import { decide } from '../supervision/decide.js';
import { restartsInWindow } from '../supervision/intensity.js';
import type { SupervisionSpec } from '../supervision/spec.js';
import type { SuspendedActor, SuspensionRecord } from '../supervision/suspension.js';
import { type ChildExit, MAIN_THREAD, type SpawnSpec } from '../wire/wire.js';
import type { EventBus } from './event-bus.js';
import type { MainStore } from './main-store.js';
import type { Suspensions } from './suspensions.js';
import type { ThreadPool } from './thread-pool.js';

interface RootChild {
  readonly spec: SpawnSpec;
  history: number[];
  stopping: boolean;
  /** Suspended, or being suspended: what it reports changes nothing until it is resumed. */
  suspended: boolean;
}

export interface RootCollaborators {
  readonly threads: Pick<ThreadPool, 'route'>;
  readonly events: EventBus;
  readonly clock: Clock;
  /** Where the spec of a top-level actor not met in this process is found (durable actors), or `null`. */
  readonly store: Pick<MainStore, 'specOf' | 'isStored'> | null;
  /** The suspended actors (a system with a store), or `null`. */
  readonly suspensions: Suspensions | null;
  /** How often the sweep looks for suspensions that are over (real time; the decision reads `clock`). */
  readonly sweepEveryMs: number;
}

export class RootSupervisor {
  private readonly children = new Map<string, RootChild>();
  private readonly threads: Pick<ThreadPool, 'route'>;
  private readonly events: EventBus;
  private readonly clock: Clock;
  private readonly store: RootCollaborators['store'];
  private readonly suspensions: Suspensions | null;
  /** Why each thread's last worker died (the reason of a suspension its loss causes). */
  private readonly deaths = new Map<number, WorkerDeath>();
  private readonly sweep: NodeJS.Timeout | null = null;

  constructor(
    private readonly spec: SupervisionSpec,
    collaborators: RootCollaborators,
  ) {
    this.threads = collaborators.threads;
    this.events = collaborators.events;
    this.clock = collaborators.clock;
    this.store = collaborators.store;
    this.suspensions = collaborators.suspensions;
    if (this.suspensions) {
      this.sweep = setInterval(() => this.resumeDue(), collaborators.sweepEveryMs);
      this.sweep.unref();
    }
  }

  /** No more automatic resumes. */
  close(): void {
    if (this.sweep) clearInterval(this.sweep);
  }

  adopt(spec: SpawnSpec): void {
    this.children.set(spec.id, { spec, history: [], stopping: false, suspended: false });
  }

  /** The actor is gone (or was never made): forget it, and any suspension of it. */
  forget(id: string): void {
    this.children.delete(id);
    this.suspensions?.forget(id);
  }

  /** The root itself asked this child to stop: its exit is expected. */
  markStopping(id: string): void {
    const child = this.children.get(id) ?? this.fromStore(id);
    if (child) child.stopping = true;
  }

  /** The suspension of `id`, if it is suspended. */
  suspensionOf(id: string): SuspensionRecord | undefined {
    return this.suspensions?.get(id);
  }

  /** Every suspended actor, the longest suspended first. */
  suspended(): SuspendedActor[] {
    return this.suspensions?.list() ?? [];
  }

  onChildExit(childId: string, childThread: number, exit: ChildExit): void {
    const child = this.children.get(childId) ?? this.fromStore(childId);
    if (!child) {
      // Not one of ours (a spawn that failed, an orphan): set aside; a durable one keeps its data.
      if (exit.type === 'failed')
        this.threads.route(childThread, { kind: 'suspend', id: childId, suspension: null });
      return;
    }
    if (child.stopping) {
      // Asked to stop: it is never restarted. A failure reported meanwhile changes nothing;
      // the stop, once done, forgets it.
      if (exit.type === 'stopped') this.forget(childId);
      else if (exit.type !== 'failed') this.children.delete(childId);
      return;
    }
    if (child.suspended) return;
    if (exit.type === 'spawn-failed') {
      this.children.delete(childId);
      return;
    }
    const view = [{ id: childId, restart: child.spec.restart }];
    const now = this.clock.now();
    const decision = decide(this.spec, view, childId, exit, child.history, now);
    switch (decision.action) {
      case 'remove':
        if (exit.type === 'failed') this.giveUp(child, exit.error, { failure: exit.error.message });
        else this.children.delete(childId);
        return;
      case 'escalate':
        this.events.publish({
          type: 'reached-max-restart-intensity',
          supervisor: 'root',
          child: childId,
          thread: MAIN_THREAD,
        });
        this.giveUp(child, this.reasonOf(exit, childThread), { failure: 'reached max restart intensity' });
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

  /** A thread died (of `death`): every top-level actor homed there is restarted (or let go) by its restart type. */
  onThreadLost(thread: number, death?: WorkerDeath): void {
    if (death) this.deaths.set(thread, death);
    for (const child of [...this.children.values()]) {
      if (child.spec.thread !== thread || child.suspended) continue;
      if (child.stopping) this.children.delete(child.spec.id);
      else
        this.onChildExit(child.spec.id, thread, {
          type: 'lost',
          charged: isChargedLoss(death, child.spec.id),
        });
    }
  }

  /**
   * Resume the suspended actor `id` now: its record leaves the store, then it is restarted
   * from what the store holds. Resolves false when it is not suspended.
   */
  async resume(id: string, by: 'operator' | 'backoff'): Promise<boolean> {
    const suspensions = this.suspensions;
    if (!suspensions?.has(id)) return false;
    const lifted = await suspensions.lift(id, this.clock.now());
    const child = this.children.get(id) ?? this.fromStore(id);
    if (!lifted || !child || !this.store?.isStored(id)) {
      // Stopped or removed meanwhile: nothing to bring back.
      if (lifted) this.forget(id);
      return false;
    }
    child.suspended = false;
    child.history = [];
    this.threads.route(child.spec.thread, { kind: 'restart', spec: child.spec, delayMs: 0 });
    this.events.publish({ type: 'actor-resumed', id, by, thread: MAIN_THREAD });
    return true;
  }

  /** The child's failures ran out: a durable actor is suspended, any other stops for good. */
  private giveUp(child: RootChild, reason: ErrorRecord, stopReason: StopReason): void {
    const id = child.spec.id;
    if (!this.suspensions || !child.spec.persistent) {
      this.children.delete(id);
      this.threads.route(child.spec.thread, { kind: 'stop', id, reason: stopReason, replyTo: null });
      return;
    }
    const now = this.clock.now();
    const failures = restartsInWindow(child.history, now, this.spec.periodMs).length + 1;
    child.suspended = true;
    child.history = [];
    this.suspensions.suspend(id, reason, failures, now).then(
      (record) => this.announceSuspension(child, record),
      (error: unknown) => {
        // Not written: the actor leaves memory only, and its next message brings it back.
        child.suspended = false;
        this.threads.route(child.spec.thread, { kind: 'suspend', id, suspension: null });
        this.events.publish({ type: 'commit-failed', id, error: toErrorRecord(error), thread: MAIN_THREAD });
      },
    );
  }

  private announceSuspension(child: RootChild, record: SuspensionRecord): void {
    const id = child.spec.id;
    if (child.stopping || this.children.get(id) !== child) {
      // Stopped while the record was being written: it must not outlive the actor.
      this.suspensions?.lift(id, this.clock.now()).then(
        () => this.suspensions?.forget(id),
        () => {},
      );
      return;
    }
    this.threads.route(child.spec.thread, { kind: 'suspend', id, suspension: record });
    this.events.publish({
      type: 'actor-suspended',
      id,
      since: record.since,
      resumeAt: record.resumeAt,
      reason: record.reason,
      failures: record.failures,
      thread: MAIN_THREAD,
    });
  }

  /** Resume every actor whose backoff is over (on the system's clock). */
  private resumeDue(): void {
    if (!this.suspensions) return;
    for (const id of this.suspensions.due(this.clock.now())) this.resume(id, 'backoff').catch(() => {});
  }

  private reasonOf(exit: ChildExit, thread: number): ErrorRecord {
    switch (exit.type) {
      case 'failed':
      case 'spawn-failed':
        return exit.error;
      case 'lost':
        return toErrorRecord(new WorkerCrashedError(thread, this.deaths.get(thread)));
      case 'stopped':
        return { code: 'error', name: 'Error', message: `it stopped (${describeStop(exit.reason)})` };
    }
  }

  /** A top-level durable actor not met in this process (it was spawned by an earlier one). */
  private fromStore(id: string): RootChild | undefined {
    const spec = this.store?.specOf(id);
    if (!spec || spec.parent) return undefined;
    const child: RootChild = {
      spec,
      history: [],
      stopping: false,
      suspended: this.suspensions?.has(id) ?? false,
    };
    this.children.set(id, child);
    return child;
  }
}

function describeStop(reason: StopReason): string {
  return typeof reason === 'string' ? reason : reason.failure;
}
