/**
 * Actor lifecycle on one thread: spawn, init, failure, restart, stop — and the
 * supervisor's side of it for the actors of this thread that have children.
 *
 * Supervision decisions are made by `supervision/decide.ts`; this module carries them
 * out: children are stopped in reverse start order and restarted in start order,
 * children first on every stop. A restart re-runs `init` and keeps the mailbox; the
 * message that failed is retried first, until it is quarantined.
 */
import type { ActorKindRef, StopReason } from '../actor/behaviour.js';
import type { ReplyTo } from '../actor/context.js';
import type { PendingAsks } from '../actor/pending-asks.js';
import type { ActorRef, Dispatcher } from '../actor/ref.js';
import {
  ActorNotFoundError,
  ActorStoppedError,
  DuplicateActorIdError,
  InvalidArgumentError,
  MessageQuarantinedError,
  SpawnError,
  toErrorRecord,
} from '../errors.js';
import type { ActorRecord } from '../persistence/records.js';
import type { StoreWriter } from '../persistence/store.js';
import type { DeadLetterReason, SystemEvent } from '../wire/events.js';
import { type ChildExit, MAIN_THREAD, type SpawnSpec, type WireRecord } from '../wire/wire.js';
import { ActorCell, type AnyBehaviour, type ChildRecord, Envelope, type MailItem } from './cell.js';
import type { Durability } from './durability.js';
import type { DurablePlan } from './durable-effects.js';
import type { Effect } from './effects.js';
import { migrateState } from './migrate.js';
import { Supervisor } from './supervisor.js';
import type { TurnContext } from './turn-context.js';

/** What the lifecycle needs from its thread's runtime. */
export interface LifecycleHost extends Dispatcher {
  readonly thread: number;
  readonly cells: Map<string, ActorCell>;
  readonly shuttingDown: boolean;
  readonly asks: PendingAsks;
  readonly counters: { failures: number; restarts: number };
  route(thread: number, record: WireRecord): void;
  emit(event: SystemEvent): void;
  schedule(cell: ActorCell): void;
  deliver(to: string, item: MailItem, seq: number): Error | null;
  sendReply(to: ReplyTo, value: unknown): void;
  sendReplyError(to: ReplyTo, error: Error): void;
  deadLetter(to: string, item: MailItem, reason: DeadLetterReason, error: Error, seq: number): Error;
  loadKind(kind: ActorKindRef): AnyBehaviour | Promise<AnyBehaviour>;
  newContext(cell: ActorCell): TurnContext;
  claimEarlyMail(cell: ActorCell): void;
  /** The thread's durability, or `null` in a memory-only system. */
  readonly durability: Durability | null;
  /** Bring a durable actor homed here into memory from the store (undefined if it is not there). */
  activateDurable(id: string): ActorCell | undefined;
  /** Commit a durable actor's init or turn; `release` runs once it is acknowledged. */
  commitDurableTurn(
    cell: ActorCell,
    processed: number,
    effects: readonly Effect[] | null,
    release: (plan: DurablePlan | null) => void,
    extra?: (w: StoreWriter) => void,
  ): void;
  applyEffects(cell: ActorCell, effects: readonly Effect[], plan?: DurablePlan | null): void;
  releaseContext(): void;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

export class Lifecycle {
  private readonly supervisor: Supervisor;

  constructor(private readonly host: LifecycleHost) {
    this.supervisor = new Supervisor(host, this);
  }

  private get cells(): Map<string, ActorCell> {
    return this.host.cells;
  }

  // ── Spawning and starting ────────────────────────────────────────────────────

  /** Create an actor on this, its home, thread. A waiting spawner (`replyTo`) learns whether init succeeded. */
  spawn(spec: SpawnSpec, replyTo: ReplyTo | null, spawnSeq = 0): void {
    if (this.cells.has(spec.id)) {
      this.spawnFailed(spec, new DuplicateActorIdError(spec.id), replyTo);
      return;
    }
    const durability = spec.persistent ? this.host.durability : null;
    if (durability) {
      if (replyTo === null) {
        // Its record was committed by the spawner (or it existed before a restart): activate it.
        const activation = durability.activate(spec.id);
        if (activation.kind === 'active') return;
        if (activation.kind === 'elsewhere') {
          this.host.route(activation.thread, { kind: 'spawn', spec, replyTo });
          return;
        }
      } else if (durability.store.hasActor(spec.id)) {
        this.spawnFailed(spec, new DuplicateActorIdError(spec.id), replyTo);
        return;
      }
    }
    const cell = new ActorCell(spec, this.host);
    if (durability) {
      cell.spawnSeq = spawnSeq || durability.nextSeq();
      cell.freshRecord = true;
    }
    this.cells.set(spec.id, cell);
    this.host.claimEarlyMail(cell);
    let kind: AnyBehaviour | Promise<AnyBehaviour>;
    try {
      kind = this.host.loadKind(spec.kind);
    } catch (error) {
      this.abandon(cell, error, replyTo);
      return;
    }
    if (kind instanceof Promise) {
      kind.then(
        (behaviour) => {
          if (this.cells.get(spec.id) !== cell) return;
          cell.behaviour = behaviour;
          this.start(cell, replyTo);
        },
        (error: unknown) => {
          if (this.cells.get(spec.id) === cell) this.abandon(cell, error, replyTo);
        },
      );
    } else {
      cell.behaviour = kind;
      this.start(cell, replyTo);
    }
  }

  /** `ctx.spawn`: the parent (this thread) records the child spec, then the child is created on its home thread. */
  /** A child whose id was taken (by a sibling, or in the store at commit): its spawn is refused. */
  refuseDuplicate(spec: SpawnSpec): void {
    const error = new DuplicateActorIdError(spec.id);
    this.host.emit({
      type: 'spawn-failed',
      id: spec.id,
      error: toErrorRecord(error),
      thread: this.host.thread,
    });
  }

  spawnChild(parent: ActorCell, spec: SpawnSpec, spawnSeq = 0): void {
    if (parent.children?.has(spec.id)) {
      // Keep supervising the existing child; the second spawn fails without touching it.
      this.refuseDuplicate(spec);
      return;
    }
    parent.childRecords().set(spec.id, { spec, stopping: false });
    if (spec.thread === this.host.thread) this.spawn(spec, null, spawnSeq);
    else this.host.route(spec.thread, { kind: 'spawn', spec, replyTo: null });
  }

  /** A stored actor was activated: resume its committed state, or run `init` if it never ran. */
  startStored(cell: ActorCell, record: ActorRecord): void {
    cell.spawnSeq = record.spawnSeq;
    cell.childrenInStore = true;
    const begin = (behaviour: AnyBehaviour) => {
      if (this.cells.get(cell.id) !== cell) return;
      cell.behaviour = behaviour;
      if (!record.initialized) {
        this.start(cell, null);
        return;
      }
      try {
        cell.state = migrateState(behaviour, record.state, record.version);
      } catch (error) {
        this.fail(cell, error);
        return;
      }
      cell.initialized = true;
      cell.status = 'active';
      if (cell.mailboxDepth > 0 && !cell.scheduled) this.host.schedule(cell);
    };
    let kind: AnyBehaviour | Promise<AnyBehaviour>;
    try {
      kind = this.host.loadKind(record.spec.kind);
    } catch (error) {
      this.fail(cell, error);
      return;
    }
    if (kind instanceof Promise) kind.then(begin, (error: unknown) => this.fail(cell, error));
    else begin(kind);
  }

  /** A durable actor leaves memory without leaving the store (passivation, reset, shutdown). */
  dropCell(cell: ActorCell, reason: 'reset' | 'passivated' | 'shutdown'): void {
    this.cells.delete(cell.id);
    cell.removed = true;
    cell.incarnation++;
    this.cancelTimers(cell);
    for (const item of this.takeMail(cell)) {
      // Stored mail comes back with the next activation; anything else was never acknowledged.
      if (!(item instanceof Envelope && item.inbox > 0)) {
        this.host.deadLetter(cell.id, item, 'stopped', new ActorStoppedError(cell.id), 0);
      }
    }
    if (reason === 'passivated')
      this.host.emit({ type: 'actor-passivated', id: cell.id, thread: this.host.thread });
  }

  /** Everything an actor still holds: its mailbox, and what a `delay` rate policy held back. */
  private takeMail(cell: ActorCell): MailItem[] {
    const items = cell.mailbox.drain();
    const inbound = cell.inbound;
    if (inbound) {
      if (inbound.timer) clearTimeout(inbound.timer);
      inbound.timer = null;
      for (const held of inbound.held.drain()) items.push(held.item);
    }
    return items;
  }

  /** `system.spawn(kind, { parent })`: the parent adopts the spec, then the child is created. */
  adopt(spec: SpawnSpec, replyTo: ReplyTo | null): void {
    const parentId = spec.parent?.id ?? '';
    const parent = this.cells.get(parentId);
    if (!parent || parent.status === 'stopping') {
      if (replyTo) this.host.sendReplyError(replyTo, new ActorNotFoundError(parentId));
      return;
    }
    if (parent.children?.has(spec.id)) {
      if (replyTo) this.host.sendReplyError(replyTo, new DuplicateActorIdError(spec.id));
      return;
    }
    parent.childRecords().set(spec.id, { spec, stopping: false });
    if (spec.thread === this.host.thread) this.spawn(spec, replyTo);
    else this.host.route(spec.thread, { kind: 'spawn', spec, replyTo });
  }

  isDurable(cell: ActorCell): boolean {
    return cell.spec.persistent && this.host.durability !== null;
  }

  start(cell: ActorCell, replyTo: ReplyTo | null): void {
    // The code is still loading: the loader starts the actor when it arrives.
    if (!cell.behaviour) return;
    if (this.isDurable(cell) && cell.initialized) {
      cell.status = 'active';
      if (cell.mailboxDepth > 0 && !cell.scheduled) this.host.schedule(cell);
      return;
    }
    cell.status = 'starting';
    const ctx = this.host.newContext(cell);
    const behaviour = cell.behaviour as AnyBehaviour;
    let result: unknown;
    try {
      result = behaviour.init(cell.spec.args, ctx);
    } catch (error) {
      ctx.close();
      ctx.takeEffects();
      this.initFailed(cell, error, replyTo);
      return;
    }
    if (isPromiseLike(result)) {
      this.host.releaseContext();
      result.then(
        (state) => this.started(cell, ctx, state, replyTo),
        (error: unknown) => {
          ctx.close();
          if (ctx.incarnation === cell.incarnation && this.cells.get(cell.id) === cell)
            this.initFailed(cell, error, replyTo);
        },
      );
    } else {
      this.started(cell, ctx, result, replyTo);
    }
  }

  private started(cell: ActorCell, ctx: TurnContext, state: unknown, replyTo: ReplyTo | null): void {
    ctx.close();
    const effects = ctx.takeEffects();
    if (ctx.incarnation !== cell.incarnation || this.cells.get(cell.id) !== cell) return;
    cell.state = state;
    cell.initialized = true;
    cell.status = 'active';
    const release = (plan: DurablePlan | null) => {
      if (effects) this.host.applyEffects(cell, effects, plan);
      if (replyTo) this.host.sendReply(replyTo, { id: cell.id, thread: cell.spec.thread });
    };
    if (cell.spec.persistent && this.host.durability) {
      // The actor's record, with its first state, is written before anyone hears of it.
      const fresh = cell.freshRecord;
      cell.freshRecord = false;
      const { id, spawnSeq, spec } = cell;
      const version = cell.behaviour?.version ?? 1;
      const parent = spec.parent?.id ?? '';
      this.host.commitDurableTurn(cell, 0, effects, release, (w) => {
        if (!fresh) return;
        w.putActor({ spec, state, initialized: true, version, spawnSeq });
        w.putChild(parent, spawnSeq, id);
      });
    } else {
      release(null);
    }
    if (cell.mailboxDepth > 0 && !cell.scheduled && cell.status === 'active') this.host.schedule(cell);
  }

  private initFailed(cell: ActorCell, error: unknown, replyTo: ReplyTo | null): void {
    if (replyTo) this.abandon(cell, error, replyTo);
    else this.fail(cell, error);
  }

  /** The first start failed: the actor never existed. */
  private abandon(cell: ActorCell, error: unknown, replyTo: ReplyTo | null): void {
    this.cells.delete(cell.id);
    cell.removed = true;
    cell.incarnation++;
    for (const item of cell.mailbox.drain()) {
      this.host.deadLetter(cell.id, item, 'stopped', new ActorStoppedError(cell.id), 0);
    }
    this.spawnFailed(
      cell.spec,
      error instanceof DuplicateActorIdError ? error : new SpawnError(cell.id, error),
      replyTo,
    );
  }

  private spawnFailed(spec: SpawnSpec, error: Error, replyTo: ReplyTo | null): void {
    const record = toErrorRecord(error);
    this.host.emit({ type: 'spawn-failed', id: spec.id, error: record, thread: this.host.thread });
    if (replyTo) this.host.sendReplyError(replyTo, error);
    // A duplicate id must not make the existing actor's supervisor forget it.
    this.reportExit(spec, { type: 'spawn-failed', error: record });
  }

  // ── Failure ──────────────────────────────────────────────────────────────────

  /** `receive` threw (or rejected): retry the message after the restart, or quarantine it. */
  turnFailed(cell: ActorCell, item: MailItem, error: unknown): void {
    const attempt = ++cell.headAttempts;
    const maxAttempts = cell.spec.supervision.maxMessageAttempts;
    if (attempt >= maxAttempts) {
      this.quarantine(cell, item, error);
    } else {
      cell.mailbox.retryFirst(item);
    }
    this.fail(cell, error, attempt);
  }

  /** Set a message aside as a dead letter (and out of the store): it failed too often. */
  quarantine(cell: ActorCell, item: MailItem, error: unknown): void {
    const attempts = Math.max(1, cell.headAttempts);
    cell.headAttempts = 0;
    // deadLetter also fails the ask, if the message was one.
    this.host.deadLetter(
      cell.id,
      item,
      'quarantined',
      new MessageQuarantinedError(cell.id, attempts, error),
      0,
    );
    if (item instanceof Envelope && item.inbox > 0) this.host.durability?.dropMail(cell, item.inbox);
  }

  /** Suspend the actor and hand the failure to its supervisor. */
  fail(cell: ActorCell, error: unknown, attempt = cell.headAttempts): void {
    cell.status = 'suspended';
    this.host.counters.failures++;
    const record = toErrorRecord(error);
    this.host.emit({ type: 'actor-failed', id: cell.id, error: record, attempt, thread: this.host.thread });
    this.reportExit(cell.spec, { type: 'failed', error: record });
  }

  /** Tell the supervisor how a child left: locally, across threads, or to the root. */
  reportExit(spec: SpawnSpec, exit: ChildExit): void {
    if (this.host.shuttingDown) return;
    const parent = spec.parent;
    const record: WireRecord = {
      kind: 'child-exit',
      parent: parent?.id ?? '',
      child: spec.id,
      childThread: spec.thread,
      exit,
    };
    this.host.route(parent ? parent.thread : MAIN_THREAD, record);
  }

  // ── Supervising (see supervisor.ts) ─────────────────────────────────────────

  onChildExit(parentId: string, childId: string, childThread: number, exit: ChildExit): void {
    this.supervisor.onChildExit(parentId, childId, childThread, exit);
  }

  restartFromSpec(spec: SpawnSpec, delayMs: number): void {
    this.supervisor.restartFromSpec(spec, delayMs);
  }

  onThreadLost(lost: number): void {
    this.supervisor.onThreadLost(lost);
  }

  // ── Stopping ─────────────────────────────────────────────────────────────────

  /** Stop an actor: children first, then `terminate`, then its mailbox becomes dead letters. */
  stop(cell: ActorCell, reason: StopReason, replyTo: ReplyTo | null): void {
    if (cell.status === 'stopping' || this.cells.get(cell.id) !== cell) {
      if (replyTo) this.host.sendReply(replyTo, true);
      return;
    }
    cell.status = 'stopping';
    this.stopChildren(cell);
    this.cancelTimers(cell);
    this.callTerminate(cell, reason);
    const finish = () => {
      cell.incarnation++;
      cell.initialized = false;
      cell.removed = true;
      if (this.cells.get(cell.id) === cell) this.cells.delete(cell.id);
      for (const item of this.takeMail(cell)) {
        this.host.deadLetter(cell.id, item, 'stopped', new ActorStoppedError(cell.id), 0);
      }
      this.host.emit({ type: 'actor-stopped', id: cell.id, reason, thread: this.host.thread });
      this.reportExit(cell.spec, { type: 'stopped', reason });
      if (replyTo) this.host.sendReply(replyTo, true);
    };
    // A durable actor is gone once the store says so.
    const durability = this.isDurable(cell) ? this.host.durability : null;
    if (durability && !this.host.shuttingDown) durability.commitStop(cell, finish);
    else finish();
  }

  /** `ctx.stop(target)`: self, or one of this actor's children. */
  stopByRequest(cell: ActorCell, target: ActorRef<unknown>): void {
    if (target.id === cell.id) {
      this.stop(cell, 'normal', null);
      return;
    }
    const record = cell.children?.get(target.id);
    if (!record) {
      this.host.emit({
        type: 'terminate-failed',
        id: target.id,
        error: toErrorRecord(
          new InvalidArgumentError('target', `"${target.id}" is not a child of "${cell.id}"`),
        ),
        thread: this.host.thread,
      });
      return;
    }
    record.stopping = true;
    this.stopRemote(target.id, record.spec.thread, 'shutdown');
  }

  /**
   * A durable actor brought back from the store learns its children (in spawn order) when it
   * first needs them: to supervise one, or to stop them all.
   */
  loadStoredChildren(cell: ActorCell): void {
    if (!cell.childrenInStore || !this.host.durability) return;
    cell.childrenInStore = false;
    const { store } = this.host.durability;
    const known = cell.children ?? new Map<string, ChildRecord>();
    const ordered = new Map<string, ChildRecord>();
    for (const childId of store.childrenOf(cell.id)) {
      const existing = known.get(childId);
      if (existing) ordered.set(childId, existing);
      else {
        try {
          const spec = store.getActor(childId)?.spec;
          if (spec) ordered.set(childId, { spec, stopping: false });
        } catch {
          // An unreadable child is quarantined when it is activated; its parent goes on.
        }
      }
    }
    for (const [childId, record] of known) if (!ordered.has(childId)) ordered.set(childId, record);
    cell.children = ordered;
  }

  stopChildren(cell: ActorCell): void {
    this.loadStoredChildren(cell);
    if (!cell.children || cell.children.size === 0) return;
    const records = [...cell.children.values()].reverse();
    cell.children.clear();
    for (const record of records) {
      record.stopping = true;
      this.stopRemote(record.spec.id, record.spec.thread, 'shutdown');
    }
  }

  stopRemote(id: string, thread: number, reason: StopReason): void {
    if (thread === this.host.thread) {
      const child = this.cells.get(id);
      if (child) this.stop(child, reason, null);
    } else {
      this.host.route(thread, { kind: 'stop', id, reason, replyTo: null });
    }
  }

  callTerminate(cell: ActorCell, reason: StopReason): void {
    const terminate = cell.behaviour?.terminate;
    if (!terminate || !cell.initialized) return;
    const ctx = this.host.newContext(cell);
    try {
      terminate(cell.state, reason, ctx);
      ctx.close();
      // Farewell messages and replies still go out; nothing new is started by a dying actor.
      const farewells = ctx
        .takeEffects()
        ?.filter((effect) => effect.type === 'tell' || effect.type === 'reply');
      if (farewells?.length) this.host.applyEffects(cell, farewells);
    } catch (error) {
      ctx.close();
      ctx.takeEffects();
      this.host.emit({
        type: 'terminate-failed',
        id: cell.id,
        error: toErrorRecord(error),
        thread: this.host.thread,
      });
    }
  }

  // ── Timers ───────────────────────────────────────────────────────────────────

  /** An in-memory timer (actors that are not durable). */
  setTimer(cell: ActorCell, key: string, dueAt: number, every: number | null, message: unknown): void {
    const timers = cell.timers ?? new Map<string, NodeJS.Timeout>();
    cell.timers = timers;
    const previous = timers.get(key);
    if (previous) clearTimeout(previous);
    const incarnation = cell.incarnation;
    const handle = setTimeout(
      () => {
        timers.delete(key);
        if (this.cells.get(cell.id) !== cell || cell.incarnation !== incarnation) return;
        this.host.deliver(cell.id, message, 0);
        if (every !== null) this.setTimer(cell, key, Math.max(dueAt + every, Date.now()), every, message);
      },
      Math.max(0, dueAt - Date.now()),
    );
    timers.set(key, handle);
  }

  cancelTimer(cell: ActorCell, key: string): void {
    const handle = cell.timers?.get(key);
    if (handle) {
      clearTimeout(handle);
      cell.timers?.delete(key);
    }
  }

  cancelTimers(cell: ActorCell): void {
    if (!cell.timers) return;
    for (const handle of cell.timers.values()) clearTimeout(handle);
    cell.timers.clear();
  }

  // ── Thread loss and shutdown ─────────────────────────────────────────────────

  /** Stop every actor of this thread, each subtree children first. */
  stopAll(): void {
    // Durable actors only leave memory: shutting the system down does not delete them.
    for (const cell of [...this.cells.values()]) {
      if (!this.isDurable(cell)) continue;
      this.callTerminate(cell, 'shutdown');
      this.dropCell(cell, 'shutdown');
    }
    const roots = [...this.cells.values()].filter(
      (cell) => !cell.spec.parent || !this.cells.has(cell.spec.parent.id),
    );
    for (const cell of roots.reverse()) this.stop(cell, 'shutdown', null);
    for (const cell of [...this.cells.values()]) this.stop(cell, 'shutdown', null);
  }
}
