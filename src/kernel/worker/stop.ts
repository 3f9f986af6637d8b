/**
 * `Stopper`: actors of this thread leaving memory. A stop takes the children first (in
 * reverse start order), then `terminate` (its farewell tells and replies still go out),
 * then the mailbox becomes dead letters and the supervisor hears of the exit; a durable
 * actor is gone only once the store says so — also one that is not in memory (`stopStored`).
 * A durable actor may also leave memory *without* leaving the store (`dropCell`: passivation,
 * a reset after a failed commit, shutdown), and that is all a failure ever does to one
 * (`setAside`: suspended by the root, orphaned, or given up by its supervisor): only an
 * explicit stop removes stored state. A stop also cancels a restart of the actor that waits
 * out its backoff (`pending-restarts.ts`): a stopped actor never comes back.
 *
 * Restarting is `supervisor.ts`'s; it uses the pieces here (`stopChildren`, `callTerminate`).
 */
import type { StopReason } from '../actor/behaviour.js';
import type { ReplyTo } from '../actor/context.js';
import type { ActorRef } from '../actor/ref.js';
import { ActorStoppedError, ActorSuspendedError, InvalidArgumentError, toErrorRecord } from '../errors.js';
import type { Store } from '../persistence/store.js';
import type { SuspensionRecord } from '../supervision/suspension.js';
import { type ActorCell, Envelope, type MailItem } from './cell.js';
import type { DeadLetters } from './dead-letters.js';
import type { Activator } from './durable/activation.js';
import type { DurableCommits } from './durable/commits.js';
import { loadStoredChildren } from './durable/stored-children.js';
import { placeOf, type StoredRemoval } from './durable/stored-removal.js';
import type { Effect } from './effects.js';
import type { Failure } from './failure.js';
import type { Outbound } from './outbound.js';
import type { PendingRestarts } from './pending-restarts.js';
import type { ThreadState } from './thread-state.js';
import type { MemoryTimers } from './timers.js';
import type { TurnContexts } from './turn-context.js';

/** The durable side of stopping (`null` in a memory-only system). */
export interface StopDurable {
  readonly store: Store;
  readonly commits: DurableCommits;
  readonly removal: StoredRemoval;
  readonly activator: Pick<Activator, 'commitFailed'>;
}

/** Why a durable actor leaves memory while the store keeps it. */
export type DropReason = 'reset' | 'passivated' | 'shutdown' | 'set-aside';

export interface StopperOptions {
  readonly durable: StopDurable | null;
  /** Carry out a dying actor's farewell effects (`EffectApplier.apply`). */
  readonly applyEffects: (cell: ActorCell, effects: readonly Effect[]) => void;
  /** The restarts waiting out their backoff, which a stop cancels. */
  readonly restarts: PendingRestarts;
}

export class Stopper {
  private readonly cells: Map<string, ActorCell>;
  private readonly durable: StopDurable | null;
  private readonly applyEffects: (cell: ActorCell, effects: readonly Effect[]) => void;
  private readonly restarts: PendingRestarts;

  constructor(
    private readonly state: ThreadState,
    private readonly outbound: Outbound,
    private readonly deadLetters: DeadLetters,
    private readonly failure: Failure,
    private readonly timers: MemoryTimers,
    private readonly contexts: TurnContexts,
    options: StopperOptions,
  ) {
    this.cells = state.cells;
    this.durable = options.durable;
    this.applyEffects = options.applyEffects;
    this.restarts = options.restarts;
  }

  private isDurable(cell: ActorCell): boolean {
    return cell.spec.persistent && this.durable !== null;
  }

  /** Stop an actor: children first, then `terminate`, then its mailbox becomes dead letters. */
  stop(cell: ActorCell, reason: StopReason, replyTo: ReplyTo | null): void {
    this.restarts.cancel(cell.id);
    if (cell.status === 'stopping' || this.cells.get(cell.id) !== cell) {
      if (replyTo) this.outbound.sendReply(replyTo, true);
      return;
    }
    cell.status = 'stopping';
    this.stopChildren(cell);
    this.timers.cancelAll(cell);
    this.callTerminate(cell, reason);
    const finish = () => {
      cell.incarnation++;
      cell.initialized = false;
      cell.removed = true;
      if (this.cells.get(cell.id) === cell) this.cells.delete(cell.id);
      for (const item of this.takeMail(cell)) {
        this.deadLetters.deadLetter(cell.id, item, 'stopped', new ActorStoppedError(cell.id), 0);
      }
      this.outbound.emit({ type: 'actor-stopped', id: cell.id, reason, thread: this.state.thread });
      this.failure.reportExit(cell.spec, { type: 'stopped', reason });
      if (replyTo) this.outbound.sendReply(replyTo, true);
    };
    // A durable actor is gone once the store says so.
    const durable = this.isDurable(cell) ? this.durable : null;
    if (durable && !this.state.shuttingDown) durable.commits.commitStop(cell, finish);
    else finish();
  }

  /**
   * An explicit stop of a durable actor that is not in memory (passivated, suspended): its
   * children are stopped, then its own records leave the store. Returns false when the store
   * has no such actor homed here (or its record cannot be read).
   */
  stopStored(id: string, reason: StopReason, replyTo: ReplyTo | null): boolean {
    // Not in memory, yet perhaps about to be restarted (it died with its thread, say).
    this.restarts.cancel(id);
    const durable = this.durable;
    if (!durable) return false;
    let record: ReturnType<Store['getActor']>;
    try {
      record = durable.store.getActor(id);
    } catch {
      return false;
    }
    if (!record || record.spec.thread !== this.state.thread) return false;
    const spec = record.spec;
    for (const childId of durable.store.childrenOf(id).reverse()) {
      const childThread = this.storedThreadOf(childId);
      if (childThread !== null) this.stopRemote(childId, childThread, 'shutdown');
    }
    const finish = (stopped: boolean) => {
      if (stopped) {
        this.outbound.emit({ type: 'actor-stopped', id, reason, thread: this.state.thread });
        this.failure.reportExit(spec, { type: 'stopped', reason });
      }
      if (replyTo) this.outbound.sendReply(replyTo, stopped);
    };
    durable.removal.remove(
      id,
      placeOf(record),
      () => finish(true),
      (error) => {
        durable.activator.commitFailed(id, error);
        finish(false);
      },
    );
    return true;
  }

  /**
   * Set the actor aside without touching the store (a `suspend` record): a durable actor
   * leaves memory once what it wrote so far is committed — suspended when `suspension` is
   * given (asks waiting in its mailbox fail with `ActorSuspendedError`), otherwise until its
   * next message — and any other actor stops.
   */
  setAside(id: string, suspension: SuspensionRecord | null): void {
    const cell = this.cells.get(id);
    if (!cell || cell.status === 'stopping') return;
    const failure = suspension?.reason.message ?? null;
    const durable = cell.spec.persistent ? this.durable : null;
    if (!durable) {
      this.stop(cell, failure === null ? 'shutdown' : { failure }, null);
      return;
    }
    // Children it had given up on (past its intensity) are set aside with it.
    for (const record of cell.children?.values() ?? []) {
      if (record.failed) this.setAsideRemote(record.spec.id, record.spec.thread);
    }
    this.callTerminate(cell, { failure: failure ?? 'set aside' });
    // It handles nothing more, and an async turn under way belongs to nobody now; but what
    // it wrote so far (turns, a failed message's attempt count) lands before it leaves
    // memory — a dropped cell's writes still queued would be discarded, and the store would
    // keep it as it was some turns ago (its poison message short of attempts, say).
    cell.status = 'suspended';
    cell.incarnation++;
    const incarnation = cell.incarnation;
    durable.commits.afterCommitted(cell, () => {
      // Restarted (resumed) or being stopped meanwhile: that came later, and it stands (a drop
      // now would discard the stop's own commit, which the stop waits for).
      const current = this.cells.get(cell.id) === cell && cell.incarnation === incarnation;
      if (!current || cell.status === 'stopping') return;
      this.dropCell(cell, 'set-aside', suspension);
    });
  }

  /** Set the actor `id` on `thread` (this one or another) aside. */
  setAsideRemote(id: string, thread: number): void {
    if (thread === this.state.thread) this.setAside(id, null);
    else this.outbound.route(thread, { kind: 'suspend', id, suspension: null });
  }

  /** `ctx.stop(target)`: self, or one of this actor's children. */
  stopByRequest(cell: ActorCell, target: ActorRef<unknown>): void {
    if (target.id === cell.id) {
      this.stop(cell, 'normal', null);
      return;
    }
    const record = cell.children?.get(target.id);
    if (!record) {
      this.outbound.emit({
        type: 'terminate-failed',
        id: target.id,
        error: toErrorRecord(
          new InvalidArgumentError('target', `"${target.id}" is not a child of "${cell.id}"`),
        ),
        thread: this.state.thread,
      });
      return;
    }
    record.stopping = true;
    this.stopRemote(target.id, record.spec.thread, 'shutdown');
  }

  /** Stop every child of `cell`, the last started first. */
  stopChildren(cell: ActorCell): void {
    loadStoredChildren(this.durable?.store ?? null, cell);
    if (!cell.children || cell.children.size === 0) return;
    const records = [...cell.children.values()].reverse();
    cell.children.clear();
    for (const record of records) {
      record.stopping = true;
      this.stopRemote(record.spec.id, record.spec.thread, 'shutdown');
    }
  }

  /** Stop the actor `id` on `thread` (this one or another). */
  stopRemote(id: string, thread: number, reason: StopReason): void {
    if (thread === this.state.thread) {
      const child = this.cells.get(id);
      if (child) this.stop(child, reason, null);
    } else {
      this.outbound.route(thread, { kind: 'stop', id, reason, replyTo: null });
    }
  }

  /** Run the actor's `terminate`, if it has one and its state exists. */
  callTerminate(cell: ActorCell, reason: StopReason): void {
    const terminate = cell.behaviour?.terminate;
    if (!terminate || !cell.initialized) return;
    const ctx = this.contexts.open(cell, undefined);
    try {
      terminate(cell.state, reason, ctx);
      ctx.close();
      // Farewell messages and replies still go out; nothing new is started by a dying actor.
      const farewells = ctx
        .takeEffects()
        ?.filter((effect) => effect.type === 'tell' || effect.type === 'reply');
      if (farewells?.length) this.applyEffects(cell, farewells);
    } catch (error) {
      ctx.close();
      ctx.takeEffects();
      this.outbound.emit({
        type: 'terminate-failed',
        id: cell.id,
        error: toErrorRecord(error),
        thread: this.state.thread,
      });
    }
  }

  /**
   * A durable actor leaves memory without leaving the store (passivation, reset, shutdown, set
   * aside; `suspension`: it is suspended).
   */
  dropCell(cell: ActorCell, reason: DropReason, suspension: SuspensionRecord | null = null): void {
    this.cells.delete(cell.id);
    cell.removed = true;
    cell.incarnation++;
    this.timers.cancelAll(cell);
    const mail = this.takeMail(cell);
    // Most cells leave with nothing in hand (passivation, shutdown): no error is made for them.
    if (mail.length > 0) {
      const refusal = suspension
        ? new ActorSuspendedError(cell.id, suspension.since, suspension.resumeAt)
        : new ActorStoppedError(cell.id);
      for (const item of mail) {
        // Stored mail comes back with the next activation; anything else was never acknowledged.
        if (!(item instanceof Envelope && item.inbox > 0)) {
          this.deadLetters.deadLetter(cell.id, item, suspension ? 'suspended' : 'stopped', refusal, 0);
        }
      }
    }
    if (reason === 'passivated')
      this.outbound.emit({ type: 'actor-passivated', id: cell.id, thread: this.state.thread });
  }

  /** The home thread of a stored actor, `null` when its record cannot be read. */
  private storedThreadOf(id: string): number | null {
    try {
      return this.durable?.store.getActor(id)?.spec.thread ?? null;
    } catch {
      return null;
    }
  }

  /** Everything an actor still holds: its mailbox, and what a `delay` rate policy held back. */
  private takeMail(cell: ActorCell): MailItem[] {
    // `cell.mailbox` makes a mailbox on first use: a cell that never had mail has none to drain.
    const items = cell.mailboxDepth > 0 ? cell.mailbox.drain() : [];
    const inbound = cell.inbound;
    if (inbound) {
      if (inbound.timer) clearTimeout(inbound.timer);
      inbound.timer = null;
      for (const held of inbound.held.drain()) items.push(held.item);
    }
    return items;
  }

  /** At shutdown: durable actors leave memory only; every other actor stops, each subtree children first. */
  stopAll(): void {
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
