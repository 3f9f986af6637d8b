/**
 * `TurnRunner`: running the turns of an actor the run queue hands over — up to the
 * thread's `throughput` messages, each a `receive` call under the watchdog's eye — and
 * completing each turn: its new state (checked against the state cap), its directive, its
 * reply, and its effects, which leave at once for an in-memory actor and only after the
 * commit for a durable one. A turn that awaits finishes later, through the same door.
 *
 * A failed turn is handed to `failure.ts`; effects are carried out by `apply-effects.ts`.
 */
import { directiveTag, isDirective } from '../actor/behaviour.js';
import { monotonicMs } from '../clock.js';
import { ActorStoppedError, NoReplyError, StateTooLargeError, ThreadJammedError } from '../errors.js';
import { encodedSize } from '../wire/codec.js';
import type { DurationRecorder } from '../wire/duration-histogram.js';
import type { TurnWatch } from '../wire/turn-watch.js';
import { MAIN_THREAD } from '../wire/wire.js';
import type { EffectApplier } from './apply-effects.js';
import { type ActorCell, type AnyBehaviour, Envelope, type MailItem, replyToOf } from './cell.js';
import type { Cells } from './cells.js';
import type { DurableCommits } from './durable/commits.js';
import type { DurablePlan } from './durable/effects-plan.js';
import type { Failure } from './failure.js';
import type { Outbound } from './outbound.js';
import type { RunQueue } from './run-queue.js';
import type { Stopper } from './stop.js';
import type { ThreadCounters, ThreadState } from './thread-state.js';
import type { TurnContext, TurnContexts } from './turn-context.js';

/** What a traced turn reports of its failure: the error's name. */
function failureName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

/** The thread's turn settings (from its `ThreadTask`). */
export interface TurnSettings {
  /** Messages one actor may handle before the next actor's turn. */
  readonly throughput: number;
  /** Default budget of one turn (a kind may set its own). */
  readonly turnTimeoutMs: number;
  /** The system's default cap on an actor's encoded state, if any. */
  readonly maxStateBytes: number | undefined;
  /** Stored messages that jammed the previous worker: inbox seq → attempts (consumed when the message comes). */
  readonly jammed: Map<number, number>;
}

export class TurnRunner {
  private readonly cells: Cells;
  private readonly counters: ThreadCounters;
  private readonly turnDurations: DurationRecorder;
  private readonly thread: number;
  private readonly pulse: () => void;

  constructor(
    state: ThreadState,
    private readonly settings: TurnSettings,
    private readonly watch: TurnWatch,
    private readonly contexts: TurnContexts,
    private readonly runQueue: RunQueue,
    private readonly effects: EffectApplier,
    private readonly outbound: Outbound,
    private readonly failure: Failure,
    private readonly stopper: Stopper,
    /** `null` in a memory-only system. */
    private readonly commits: DurableCommits | null,
  ) {
    this.cells = state.cells;
    this.counters = state.counters;
    this.turnDurations = state.turnDurations;
    this.thread = state.thread;
    this.pulse = () => state.pulse();
  }

  /** Run up to `throughput` turns of `cell` (the run queue calls this). */
  runCell(cell: ActorCell): void {
    const behaviour = cell.behaviour as AnyBehaviour;
    const mailbox = cell.mailbox;
    const settings = this.settings;
    const jammed = settings.jammed;
    const budget = behaviour.turnTimeoutMs ?? settings.turnTimeoutMs;
    const watch = this.watch;
    const counters = this.counters;
    const durations = this.turnDurations;
    for (let n = 0; n < settings.throughput && cell.status === 'active' && mailbox.size > 0; n++) {
      const item = mailbox.shift();
      let message = item;
      let seq = 0;
      let traceparent: string | null = null;
      if (item instanceof Envelope) {
        message = item.message;
        seq = item.inbox;
        traceparent = item.traceparent;
        if (seq > 0 && (jammed.size > 0 || cell.headAttempts > 0) && this.setAsideSpent(cell, item, seq)) {
          // The next turn waits for the set-aside to be committed: were it to jam the thread
          // first, the quarantine would die with the thread and the message jam again.
          this.continueAfterCommit(cell);
          return;
        }
      }
      counters.turns++;
      const ctx = this.contexts.open(cell, item);
      let result: unknown;
      const started = performance.now();
      watch.enter(cell, budget, seq, cell.headAttempts);
      try {
        result = behaviour.receive(cell.state, message, ctx);
      } catch (error) {
        watch.leave();
        durations.record(performance.now() - started);
        if (traceparent !== null) this.reportTraced(cell, item, traceparent, started, failureName(error));
        ctx.close();
        this.failure.turnFailed(cell, item, error);
        return;
      }
      watch.leave();
      if (isPromiseLike(result)) {
        // This turn keeps its context; the next synchronous turn gets a fresh one.
        this.contexts.release();
        cell.status = 'busy';
        result.then(
          (value) => {
            durations.record(performance.now() - started);
            if (traceparent !== null) this.reportTraced(cell, item, traceparent, started, null);
            this.afterAsyncTurn(ctx, item, value, undefined, false);
          },
          (error) => {
            durations.record(performance.now() - started);
            if (traceparent !== null) this.reportTraced(cell, item, traceparent, started, failureName(error));
            this.afterAsyncTurn(ctx, item, undefined, error, true);
          },
        );
        return;
      }
      durations.record(performance.now() - started);
      if (traceparent !== null) this.reportTraced(cell, item, traceparent, started, null);
      this.completeTurn(cell, item, ctx, result);
    }
    if (cell.status === 'active' && cell.mailboxDepth > 0 && !cell.scheduled) this.runQueue.schedule(cell);
  }

  /**
   * Tell the main thread that a turn handled a traced message (`wire/traced-turn.ts`), before
   * its reply leaves (both take the same link), so the turn is known when the answer is.
   */
  private reportTraced(
    cell: ActorCell,
    item: MailItem,
    traceparent: string,
    started: number,
    failed: string | null,
  ): void {
    // On the machine's monotonic clock (this thread's `performance.now()` has an origin of its
    // own); the main thread makes them wall times when the report arrives.
    const ended = monotonicMs();
    const elapsed = performance.now() - started;
    this.outbound.route(MAIN_THREAD, {
      kind: 'turn-traced',
      turn: {
        traceparent,
        actorId: cell.id,
        kind: cell.behaviour?.name ?? cell.spec.kind.name,
        thread: this.thread,
        ask: replyToOf(item) !== null,
        startedAt: ended - elapsed,
        endedAt: ended,
        failed,
      },
    });
  }

  /** The state cap of the actor's kind (or the system's): a state that encodes larger fails the turn. */
  private checkStateSize(cell: ActorCell, state: unknown): StateTooLargeError | null {
    const cap = cell.behaviour?.maxStateBytes ?? this.settings.maxStateBytes;
    if (cap === undefined) return null;
    const size = encodedSize(state);
    return size > cap ? new StateTooLargeError(cell.id, size, cap) : null;
  }

  /**
   * Quarantine the stored message `seq`, without running it again, if its failed attempts
   * already reached `maxMessageAttempts`. They count the jams of this thread's previous
   * worker (`main/jam-handler.ts`) — charged to it alone, whatever else heads the mailbox —
   * and what its inbox record says (a quarantine that was lost with its thread or process
   * leaves a message past its attempts there). Returns whether it was.
   */
  private setAsideSpent(cell: ActorCell, item: Envelope, seq: number): boolean {
    const jammed = this.settings.jammed;
    const jams = jammed.get(seq);
    if (jams !== undefined) {
      jammed.delete(seq);
      cell.headAttempts = Math.max(cell.headAttempts, jams);
    }
    if (cell.headAttempts < cell.spec.supervision.maxMessageAttempts) return false;
    // Only a jam stores attempts that reached the limit (a failed turn at the limit is
    // quarantined at once): without a charge, the last attempt jammed an earlier process.
    const why =
      jams === undefined
        ? `this message's attempt ${cell.headAttempts} jammed its thread (in an earlier run)`
        : `this message jammed its thread ${jams} time(s)`;
    this.failure.quarantine(cell, item, new ThreadJammedError(this.thread, why));
    return true;
  }

  /** Schedule `cell` again once what it wrote so far is committed (at once without a store). */
  private continueAfterCommit(cell: ActorCell): void {
    const resume = () => {
      if (this.cells.get(cell.id) !== cell) return;
      if (cell.status === 'active' && cell.mailboxDepth > 0 && !cell.scheduled) this.runQueue.schedule(cell);
    };
    if (this.commits) this.commits.afterCommitted(cell, resume);
    else resume();
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
    // An awaited turn came back: progress, however long the loop has been in its microtasks.
    this.pulse();
    if (ctx.incarnation !== cell.incarnation || this.cells.get(cell.id) !== cell) {
      // Restarted or stopped while the turn was awaiting: its outcome belongs to nobody.
      const replyTo = replyToOf(item);
      if (replyTo) this.outbound.sendReplyError(replyTo, new ActorStoppedError(cell.id));
      return;
    }
    if (cell.status !== 'busy') {
      // Suspended while awaiting (a child escalated to it): the supervisor decides what
      // comes next. A successful turn still counts; a failed one is retried after the restart.
      if (failed) {
        cell.mailbox.retryFirst(item);
        this.cells.noteMail(cell);
      } else this.completeTurn(cell, item, ctx, result);
      return;
    }
    cell.status = 'active';
    if (failed) this.failure.turnFailed(cell, item, error);
    else this.completeTurn(cell, item, ctx, result);
    if (cell.status === 'active' && cell.mailboxDepth > 0 && !cell.scheduled) this.runQueue.schedule(cell);
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
      this.failure.turnFailed(
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
      this.failure.turnFailed(cell, item, tooLarge);
      return;
    }
    cell.state = state;
    cell.headAttempts = 0;
    cell.processed++;
    const effects = ctx.takeEffects();
    const release = (plan: DurablePlan | null) => {
      if (effects) this.effects.apply(cell, effects, plan);
      if (replyTo) {
        if (replied) this.outbound.sendReply(replyTo, replyValue);
        else if (!deferred) this.outbound.sendReplyError(replyTo, new NoReplyError(cell.id));
      }
      if (stopReason !== null) this.stopper.stop(cell, stopReason, null);
    };
    if (this.commits && cell.spec.persistent) {
      // Durable: nothing leaves before the turn is committed.
      const inbox = item instanceof Envelope ? item.inbox : 0;
      const read = inbox === 0 && effects === null && stopReason === null && state === before;
      // Not committed (the store refused the batch, or the actor was reloaded meanwhile): the
      // turn is undone. A stored message comes back and is handled again; an ask that was not
      // stored would come back to nobody, so its asker hears why now rather than at its timeout.
      const notWritten =
        replyTo && inbox === 0 ? (error: Error) => this.outbound.sendReplyError(replyTo, error) : undefined;
      if (read && cell.behaviour?.immutableState) {
        // A turn that read and changed nothing has nothing to commit: its reply waits only
        // for this actor's earlier commits, so it never reveals a state not yet durable.
        this.commits.afterCommitted(cell, () => release(null), notWritten);
      } else {
        this.commits.commitTurn(cell, inbox, effects, release, undefined, notWritten);
      }
    } else {
      release(null);
    }
  }
}
