/**
 * `ThreadRuntime`: the runtime of one worker thread, put together — it builds the parts,
 * hands each the others it works with, and answers the control plane (inspect, stats,
 * peer replacement, shutdown). It does no work of its own.
 *
 * ```
 *   links ──batches──▶ Inbound ──▶ MailDelivery ──▶ RunQueue ──▶ TurnRunner
 *                                        ▲                            │ turn done
 *                                        │ in-thread tell             ▼ (after its commit, if durable)
 *                                        └───────────────────── EffectApplier
 *                                                                     │ other threads, replies, events
 *   links ◀──records── Outbound ◀─────────────────────────────────────┘
 * ```
 *
 * Each part receives the parts it calls when it is built, so a call goes straight to the
 * part that does the work. Where two parts need each other (the run queue runs turns whose
 * mail fills it; effects start and stop actors whose `init` and `terminate` have effects; a
 * record routed to this thread comes back in through `Inbound`), the one built later is
 * handed to the other as a function. Messages between actors of this thread never leave it.
 */

import type { MessagePort } from 'node:worker_threads';
import { threadId } from 'node:worker_threads';
import { PendingAsks } from '../actor/pending-asks.js';
import { IdGenerator } from '../actor/spawn-spec.js';
import { clockFrom } from '../clock.js';
import type { WorkerDeath } from '../errors.js';
import type { ActorInfo, StoredRemoval as StoredRemovalOutcome, ThreadStats } from '../wire/control.js';
import { emptyDurationHistogram } from '../wire/duration-histogram.js';
import type { ThreadTask } from '../wire/thread-task.js';
import { TurnWatch } from '../wire/turn-watch.js';
import { WaitWatch } from '../wire/wait-watch.js';
import { MAIN_THREAD } from '../wire/wire.js';
import { EffectApplier } from './apply-effects.js';
import type { MailItem } from './cell.js';
import { DeadLetters } from './dead-letters.js';
import { ThreadDispatcher } from './dispatcher.js';
import { DurableSide } from './durable/durable-side.js';
import { placeOf, type StoredPlace } from './durable/stored-removal.js';
import { Failure } from './failure.js';
import { Inbound } from './inbound.js';
import { KindLoader } from './kind-loader.js';
import { MailDelivery } from './mail-delivery.js';
import { Outbound } from './outbound.js';
import { PendingRestarts } from './pending-restarts.js';
import { RunQueue } from './run-queue.js';
import { Spawner } from './spawn.js';
import { Starter } from './start.js';
import { Stopper } from './stop.js';
import { Supervisor } from './supervisor.js';
import { ThreadState } from './thread-state.js';
import { MemoryTimers } from './timers.js';
import { TurnRunner } from './turn.js';
import { TurnContexts } from './turn-context.js';

/** How often the event loop proves it turns. */
const LOOP_BEAT_MS = 100;

export class ThreadRuntime {
  /** What refs used on this thread go through (`setThreadDispatcher`). */
  readonly dispatcher: ThreadDispatcher;
  private readonly state: ThreadState;
  private readonly asks = new PendingAsks();
  private readonly watch: TurnWatch;
  private readonly outbound: Outbound;
  private readonly inbound: Inbound;
  private readonly delivery: MailDelivery;
  private readonly stopper: Stopper;
  private readonly supervisor: Supervisor;
  private readonly restarts = new PendingRestarts();
  /** The store side; `null` in a memory-only system. */
  private readonly durable: DurableSide | null;

  constructor(init: ThreadTask) {
    const state = new ThreadState(
      init.thread,
      init.threads,
      clockFrom(init.clock),
      new WaitWatch(init.waitWatch),
    );
    const asks = this.asks;
    const watch = new TurnWatch(init.turnWatch, threadId);
    watch.startBeating(LOOP_BEAT_MS);
    state.pulse = () => watch.pulse();
    state.writing = (inside) => watch.writing(inside);

    // Parts used before they are built (`inbound`, `deadLetters`, `turns`, `delivery`, `starter`,
    // `stopper`, `effects`) are reached through functions: they exist by the time those run.
    const outbound = new Outbound(state, asks, {
      mainPort: init.mainPort,
      peerPorts: init.peerPorts,
      handleLocal: (record) => inbound.handle(record),
      onUnencodable: (thread, record, error) => deadLetters.onUnencodable(thread, record, error),
    });
    const deadLetters = new DeadLetters(state.thread, state.counters, outbound);
    const runQueue = new RunQueue(state, (cell) => turns.runCell(cell));
    const deliver = (to: string, item: MailItem, seq: number) => delivery.deliver(to, item, seq);
    const dispatcher = new ThreadDispatcher(
      state.thread,
      init.askTimeoutMs,
      asks,
      outbound,
      deliver,
      state.waits,
    );
    const durable = DurableSide.open(init, state, outbound, {
      dispatcher,
      deliver,
      startStored: (cell, record) => starter.startStored(cell, record),
      dropCell: (cell, reason) => stopper.dropCell(cell, reason),
    });
    const delivery = new MailDelivery(state, runQueue, deadLetters, outbound, durable?.activator ?? null, {
      graceMs: init.unknownActorGraceMs,
      maxHeldPerId: init.defaults.mailbox.capacity,
    });
    const contexts = new TurnContexts({
      thread: state.thread,
      threads: state.threads,
      clock: state.clock,
      spawnDefaults: init.defaults,
      ids: new IdGenerator(),
      targets: delivery,
      dispatcher,
      tables: durable?.store ?? null,
    });
    const commits = durable?.commits ?? null;
    const failure = new Failure(state, outbound, deadLetters, commits);
    const timers = new MemoryTimers(state, delivery);
    const kinds = new KindLoader((delta) => watch.loading(delta));
    const restarts = this.restarts;
    const stopper = new Stopper(state, outbound, deadLetters, failure, timers, contexts, {
      durable,
      applyEffects: (cell, list) => effects.apply(cell, list),
      restarts,
    });
    const starter = new Starter(
      state,
      kinds,
      contexts,
      runQueue,
      outbound,
      failure,
      commits,
      (cell, list, plan) => effects.apply(cell, list, plan),
    );
    const spawner = new Spawner(state, dispatcher, kinds, delivery, outbound, starter, failure, durable);
    const effects = new EffectApplier(state, delivery, deadLetters, outbound, spawner, stopper, timers);
    const settings = {
      throughput: init.throughput,
      turnTimeoutMs: init.turnTimeoutMs,
      maxStateBytes: init.maxStateBytes,
      jammed: new Map(init.jammed.map((charge) => [charge.seq, charge.attempts])),
    };
    const turns = new TurnRunner(
      state,
      settings,
      watch,
      contexts,
      runQueue,
      effects,
      outbound,
      failure,
      stopper,
      commits,
    );
    const supervisor = new Supervisor(
      state,
      asks,
      outbound,
      spawner,
      starter,
      stopper,
      timers,
      failure,
      restarts,
      durable,
    );
    const inbound = new Inbound(state, dispatcher, asks, delivery, outbound, spawner, stopper, supervisor);
    inbound.listen(MAIN_THREAD, init.mainPort);
    init.peerPorts.forEach((port, peer) => {
      if (port) inbound.listen(peer, port);
    });

    this.state = state;
    this.watch = watch;
    this.dispatcher = dispatcher;
    this.durable = durable;
    this.outbound = outbound;
    this.inbound = inbound;
    this.delivery = delivery;
    this.stopper = stopper;
    this.supervisor = supervisor;
  }

  /** Resume what the store says is pending on this thread: actors with mail, timers. */
  recover(): void {
    this.durable?.recover();
  }

  // ── Control plane ────────────────────────────────────────────────────────────

  inspect(): ActorInfo[] {
    return [...this.state.cells.values()].map((cell) => cell.info());
  }

  stats(): ThreadStats {
    const { queueDepth, kinds } = this.state.cells.tally();
    return {
      thread: this.state.thread,
      actors: this.state.cells.size,
      ...this.state.counters,
      lateReplies: this.asks.lateReplies,
      queueDepth,
      commits: this.durable?.pipeline.committedEntries ?? 0,
      asksTimedOut: this.asks.timedOut,
      evictions: this.durable?.evictions ?? 0,
      statuses: this.state.cells.statuses(),
      turnDurations: this.state.turnDurations.snapshot(),
      commitDurations: this.durable?.pipeline.durations.snapshot() ?? emptyDurationHistogram(),
      kinds,
    };
  }

  /** Remove the durable actor `id` from the store, unless it is in memory here. */
  removeStored(id: string): Promise<StoredRemovalOutcome> {
    const cell = this.state.cells.get(id);
    if (cell) return Promise.resolve({ outcome: 'running', status: cell.status });
    // A restart waiting out its backoff must not bring it back once it is removed.
    this.restarts.cancel(id);
    const durable = this.durable;
    if (!durable?.store.hasActor(id)) return Promise.resolve({ outcome: 'absent' });
    let place: StoredPlace | null = null;
    try {
      const record = durable.store.getActor(id);
      if (record) place = placeOf(record);
    } catch {
      // Unreadable: its own records still go; the tree entry cannot be found without them.
    }
    return new Promise((resolve, reject) =>
      durable.removal.remove(id, place, () => resolve({ outcome: 'removed' }), reject),
    );
  }

  /**
   * Peer `thread` was replaced (its worker died of `death`): switch to its new port and deal
   * with what died with it — asks and children, and the announcements of mail its worker
   * committed for actors here but did not send.
   */
  replacePeer(thread: number, port: MessagePort, death: WorkerDeath): void {
    if (!this.outbound.hasPeer(thread)) return;
    this.inbound.listen(thread, port);
    this.outbound.replacePeer(thread, port);
    this.supervisor.onThreadLost(thread, death);
    this.durable?.resync();
  }

  /** Every peer reaches this (new) worker now: take the stored mail they announced to the dead one. */
  resync(): void {
    this.durable?.resync();
  }

  async shutdown(): Promise<void> {
    this.delivery.earlyMail.clear();
    // Let committing turns finish: what they acknowledged must be in the store.
    await this.durable?.pipeline.idle();
    this.state.shuttingDown = true;
    this.restarts.cancelAll();
    this.stopper.stopAll();
    this.watch.stop();
    await this.durable?.close();
    this.outbound.flush();
    // Let the flushed batches leave before the ports close.
    await new Promise((resolve) => setImmediate(resolve));
    this.inbound.close();
  }
}
