/**
 * Turns on one thread: the run queue, draining it in time slices, running `receive`, and
 * completing each turn — its state, its directive, its effects and reply, which leave at
 * once for an in-memory actor and only after the commit for a durable one.
 */
import { directiveTag, isDirective } from '../actor/behaviour.js';
import type { ReplyTo } from '../actor/context.js';
import type { ActorRef } from '../actor/ref.js';
import { RingQueue } from '../actor/ring-queue.js';
import { ActorStoppedError, NoReplyError, StateTooLargeError } from '../errors.js';
import type { StoreWriter } from '../persistence/store.js';
import { encodedSize } from '../wire/codec.js';
import type { TurnWatch } from '../wire/turn-watch.js';
import { type ActorCell, type AnyBehaviour, Envelope, type MailItem, replyToOf } from './cell.js';
import type { Durability } from './durability.js';
import { type DurablePlan, planDurableEffects } from './durable-effects.js';
import type { DurableTimers } from './durable-timers.js';
import type { Effect } from './effects.js';
import type { Lifecycle } from './lifecycle.js';
import { TurnContext, type TurnHost } from './turn-context.js';

/** How long one drain may run before yielding to the event loop (ms). */
const DRAIN_SLICE_MS = 2;
/** Turns between two looks at the clock during a drain. */
const DRAIN_CHECK_TURNS = 32;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

/** What the turn runner needs from its thread. */
export interface TurnRunnerHost extends TurnHost {
  readonly throughput: number;
  readonly turnTimeoutMs: number;
  /** The system's default cap on an actor's encoded state, if any. */
  readonly maxStateBytes: number | undefined;
  readonly watch: TurnWatch;
  readonly jammed: Map<string, number>;
  readonly cells: Map<string, ActorCell>;
  readonly counters: { turns: number };
  readonly lifecycle: Lifecycle;
  readonly durability: Durability | null;
  readonly timers: DurableTimers | null;
  deliverTo(cell: ActorCell, item: MailItem, seq: number): Error | null;
  sendTell(target: ActorRef<unknown>, message: unknown): void;
  sendStoredTell(target: ActorRef<unknown>, message: unknown, inbox: number): void;
  sendReply(to: ReplyTo, value: unknown): void;
  sendReplyError(to: ReplyTo, error: Error): void;
  localCell(target: ActorRef<unknown>): ActorCell | undefined;
}

export class TurnRunner {
  private readonly runQueue = new RingQueue<ActorCell>(1024);
  private drainPending = false;
  private readonly drainBound = () => this.drain();
  /** The context every synchronous turn reuses. */
  private turnContext: TurnContext;
  /** A coarse clock, read once per drain (passivation needs no better). */
  private now = Date.now();

  constructor(private readonly host: TurnRunnerHost) {
    this.turnContext = new TurnContext(host);
  }

  /** A context for init or terminate; the caller takes its effects before anything else runs. */
  newContext(cell: ActorCell): TurnContext {
    return this.turnContext.open(cell, undefined);
  }

  /** An init went async and keeps its context: the thread takes a fresh one. */
  releaseContext(): void {
    this.turnContext = new TurnContext(this.host);
  }

  schedule(cell: ActorCell): void {
    cell.scheduled = true;
    this.runQueue.push(cell);
    if (!this.drainPending) {
      this.drainPending = true;
      queueMicrotask(this.drainBound);
    }
  }

  private drain(): void {
    this.drainPending = false;
    this.now = Date.now();
    const started = performance.now();
    let turnsAtCheck = this.host.counters.turns;
    for (let cell = this.runQueue.shift(); cell !== undefined; cell = this.runQueue.shift()) {
      cell.scheduled = false;
      this.runCell(cell);
      // Look at the clock every few hundred turns (one turn may send thousands of messages).
      if (this.host.counters.turns - turnsAtCheck >= DRAIN_CHECK_TURNS) {
        turnsAtCheck = this.host.counters.turns;
        if (performance.now() - started > DRAIN_SLICE_MS) {
          // Yield: batches for other threads get flushed and incoming ones get read.
          if (this.runQueue.size > 0) {
            this.drainPending = true;
            setImmediate(this.drainBound);
          }
          return;
        }
      }
    }
  }

  private runCell(cell: ActorCell): void {
    const behaviour = cell.behaviour as AnyBehaviour;
    const mailbox = cell.mailbox;
    cell.lastActive = this.now;
    if (this.host.jammed.size > 0) this.chargeJams(cell);
    const budget = behaviour.turnTimeoutMs ?? this.host.turnTimeoutMs;
    const watch = this.host.watch;
    for (let n = 0; n < this.host.throughput && cell.status === 'active' && mailbox.size > 0; n++) {
      const item = mailbox.shift();
      this.host.counters.turns++;
      const ctx = this.turnContext.open(cell, item);
      let result: unknown;
      watch.enter(cell, budget);
      try {
        result = behaviour.receive(cell.state, item instanceof Envelope ? item.message : item, ctx);
      } catch (error) {
        watch.leave();
        ctx.close();
        this.host.lifecycle.turnFailed(cell, item, error);
        return;
      }
      watch.leave();
      if (isPromiseLike(result)) {
        // This turn keeps its context; the next synchronous turn gets a fresh one.
        this.turnContext = new TurnContext(this.host);
        cell.status = 'busy';
        result.then(
          (value) => this.afterAsyncTurn(ctx, item, value, undefined, false),
          (error) => this.afterAsyncTurn(ctx, item, undefined, error, true),
        );
        return;
      }
      this.completeTurn(cell, item, ctx, result);
    }
    if (cell.status === 'active' && cell.mailboxDepth > 0 && !cell.scheduled) this.schedule(cell);
  }

  /** The state cap of the actor's kind (or the system's): a state that encodes larger fails the turn. */
  private checkStateSize(cell: ActorCell, state: unknown): StateTooLargeError | null {
    const cap = cell.behaviour?.maxStateBytes ?? this.host.maxStateBytes;
    if (cap === undefined) return null;
    const size = encodedSize(state);
    return size > cap ? new StateTooLargeError(cell.id, size, cap) : null;
  }

  /**
   * A durable actor whose message jammed a thread gets it again after the restart: the
   * jams count as failed attempts, so a message that keeps jamming is quarantined.
   */
  private chargeJams(cell: ActorCell): void {
    const jams = this.host.jammed.get(cell.id);
    if (jams === undefined || !cell.spec.persistent || !this.host.durability) return;
    this.host.jammed.delete(cell.id);
    cell.headAttempts = Math.max(cell.headAttempts, jams);
    if (cell.headAttempts >= cell.spec.supervision.maxMessageAttempts && cell.mailboxDepth > 0) {
      // The thread was replaced for it each time already: set the message aside, no further restart.
      this.host.lifecycle.quarantine(
        cell,
        cell.mailbox.shift(),
        new Error(`this message jammed its thread ${jams} time(s)`),
      );
    }
  }

  private afterAsyncTurn(
    ctx: TurnContext,
    item: MailItem,
    result: unknown,
    error: unknown,
    failed: boolean,
  ): void {
    const cell = ctx.cell;
    ctx.close();
    if (ctx.incarnation !== cell.incarnation || this.host.cells.get(cell.id) !== cell) {
      // Restarted or stopped while the turn was awaiting: its outcome belongs to nobody.
      const replyTo = replyToOf(item);
      if (replyTo) this.host.sendReplyError(replyTo, new ActorStoppedError(cell.id));
      return;
    }
    if (cell.status !== 'busy') {
      // Suspended while awaiting (a child escalated to it): the supervisor decides what
      // comes next. A successful turn still counts; a failed one is retried after the restart.
      if (failed) cell.mailbox.retryFirst(item);
      else this.completeTurn(cell, item, ctx, result);
      return;
    }
    cell.status = 'active';
    if (failed) this.host.lifecycle.turnFailed(cell, item, error);
    else this.completeTurn(cell, item, ctx, result);
    if (cell.status === 'active' && cell.mailboxDepth > 0 && !cell.scheduled) this.schedule(cell);
  }

  private completeTurn(cell: ActorCell, item: MailItem, ctx: TurnContext, result: unknown): void {
    ctx.close();
    const replyTo = item instanceof Envelope ? item.replyTo : null;
    let replied = ctx.replied;
    let replyValue = ctx.replyValue;
    const deferred = ctx.deferred;
    let stopReason = null;
    const before = cell.state;
    let state = before;
    if (isDirective(result)) {
      switch (result[directiveTag]) {
        case 'reply':
          replied = replyTo !== null;
          replyValue = result.value;
          state = result.state;
          break;
        case 'stop':
          stopReason = result.reason;
          if (result.state !== undefined) state = result.state;
          break;
      }
    } else {
      state = result;
    }
    if (state === undefined && before !== undefined) {
      // Most likely a message the code does not handle (a switch without that case — an older
      // or newer sender): losing the whole state to it would be silent; the turn fails instead.
      ctx.takeEffects();
      const what = `${cell.behaviour?.name ?? 'the actor'} returned no state`;
      this.host.lifecycle.turnFailed(
        cell,
        item,
        new TypeError(`${what} (an unhandled message?); its state is kept`),
      );
      return;
    }
    const tooLarge = this.checkStateSize(cell, state);
    if (tooLarge) {
      // The turn fails: its state and effects are dropped, the message is retried or quarantined.
      ctx.takeEffects();
      this.host.lifecycle.turnFailed(cell, item, tooLarge);
      return;
    }
    cell.state = state;
    cell.headAttempts = 0;
    cell.processed++;
    const effects = ctx.takeEffects();
    const release = (plan: DurablePlan | null) => {
      if (effects) this.applyEffects(cell, effects, plan);
      if (replyTo) {
        if (replied) this.host.sendReply(replyTo, replyValue);
        else if (!deferred) this.host.sendReplyError(replyTo, new NoReplyError(cell.id));
      }
      if (stopReason !== null) this.host.lifecycle.stop(cell, stopReason, null);
    };
    if (this.host.durability && cell.spec.persistent) {
      // Durable: nothing leaves before the turn is committed.
      const inbox = item instanceof Envelope ? item.inbox : 0;
      const read = inbox === 0 && effects === null && stopReason === null && state === before;
      if (read && cell.behaviour?.immutableState) {
        // A turn that read and changed nothing has nothing to commit: its reply waits only
        // for this actor's earlier commits, so it never reveals a state not yet durable.
        this.host.durability.afterCommitted(cell, () => release(null));
      } else {
        this.commitDurableTurn(cell, inbox, effects, release);
      }
    } else {
      release(null);
    }
  }

  /** Commit a durable actor's turn (or init: `processed` 0); `release` lets its effects out afterwards. */
  commitDurableTurn(
    cell: ActorCell,
    processed: number,
    effects: readonly Effect[] | null,
    release: (plan: DurablePlan | null) => void,
    extra?: (w: StoreWriter) => void,
  ): void {
    const durability = this.host.durability as Durability;
    const plan = effects
      ? planDurableEffects(durability, cell, effects, (target) => this.host.localCell(target))
      : null;
    const write = (w: StoreWriter) => {
      extra?.(w);
      plan?.write(w);
    };
    durability.commitTurn(cell, processed, write, () => {
      release(plan);
      if (plan?.earliestTimer !== undefined) this.host.timers?.arm(plan.earliestTimer);
    });
  }

  /** Carry out a turn's effects, in the order they were issued. */
  applyEffects(cell: ActorCell, effects: readonly Effect[], plan: DurablePlan | null = null): void {
    for (let index = 0; index < effects.length; index++) {
      const effect = effects[index] as Effect;
      switch (effect.type) {
        case 'tell': {
          const inbox = plan ? (plan.seqs[index] as number) : 0;
          if (inbox > 0) this.host.sendStoredTell(effect.target, effect.message, inbox);
          else if (effect.cell && !effect.cell.removed) this.host.deliverTo(effect.cell, effect.message, 0);
          else this.host.sendTell(effect.target, effect.message);
          break;
        }
        case 'reply':
          this.host.sendReply(effect.to, effect.value);
          break;
        case 'spawn':
          if (plan?.duplicates.has(index)) this.host.lifecycle.refuseDuplicate(effect.spec);
          else this.host.lifecycle.spawnChild(cell, effect.spec, plan ? (plan.seqs[index] as number) : 0);
          break;
        case 'stop':
          this.host.lifecycle.stopByRequest(cell, effect.target);
          break;
        case 'schedule':
          // A durable actor's timer was written by the commit; the timer wheel fires it.
          if (!plan)
            this.host.lifecycle.setTimer(cell, effect.key, effect.dueAt, effect.every, effect.message);
          break;
        case 'cancel-schedule':
          if (!plan) this.host.lifecycle.cancelTimer(cell, effect.key);
          break;
      }
    }
  }
}
