/**
 * `createActorSystem` and `ActorSystem`: the main thread's face of troupe — spawn, stop,
 * tell, ask, events, inspection and shutdown.
 *
 * The system keeps the main thread's callers' asks and assembles its parts: the threads
 * (`thread-pool.ts`), what their records mean (`inbound-records.ts`), the watchdog and what
 * a jam leads to (`watchdog.ts`, `jam-handler.ts`), the root supervisor and the suspended
 * actors (`root-supervisor.ts`, `suspensions.ts`), the store's main-thread handle, its dead
 * letters and stored records (`main-store.ts`, `dead-letter-operator.ts`, `stored-actors.ts`)
 * and the event bus. Each part is handed the others it works with; none of them knows the system.
 */

import type { ActorBehaviour } from '../actor/behaviour.js';
import type { SpawnOptions } from '../actor/context.js';
import { Delivery } from '../actor/delivery.js';
import { PendingAsks } from '../actor/pending-asks.js';
import { homeThread } from '../actor/placement.js';
import { ActorRef, type AskOptions, type Dispatcher, type TellOptions } from '../actor/ref.js';
import { IdGenerator, resolveSpawnSpec, type SpawnDefaults } from '../actor/spawn-spec.js';
import type { TableReader } from '../actor/table.js';
import { clockFrom } from '../clock.js';
import {
  ActorNotFoundError,
  ActorSuspendedError,
  InvalidArgumentError,
  SystemShutDownError,
  toErrorRecord,
} from '../errors.js';
import { openStore } from '../persistence/store.js';
import { acquireWriterLock, type WriterLock } from '../persistence/writer-lock.js';
import type { SuspendedActor } from '../supervision/suspension.js';
import type { SupervisionTree, SystemStats } from '../wire/control.js';
import { assertEncodable } from '../wire/encodable.js';
import type { SystemEvent, SystemEventListener } from '../wire/events.js';
import type { TraceHook } from '../wire/traced-turn.js';
import { parseWaitToken } from '../wire/wait-token.js';
import { createWaitWatchBuffer, setWaitWatchers } from '../wire/wait-watch.js';
import { MAIN_THREAD, type WireRecord } from '../wire/wire.js';
import type { DeadLetterOperator } from './dead-letter-operator.js';
import { EventBus } from './event-bus.js';
import { InboundRecords } from './inbound-records.js';
import { IncidentLog } from './incident-log.js';
import { JamHandler } from './jam-handler.js';
import { MainStore } from './main-store.js';
import { type ResolvedSystemOptions, resolveSystemOptions, type SystemOptions } from './options.js';
import { type Receiver, Receivers } from './receivers.js';
import { RootSupervisor } from './root-supervisor.js';
import { assertId, StoreOperations } from './store-operations.js';
import type { StoredActor } from './stored-actors.js';
import { buildSupervisionTree, collectActors } from './supervision-tree.js';
import { Suspensions } from './suspensions.js';
import { collectThreadStats, mergeKindStats, sumThreadStats } from './system-stats.js';
import { type TableWrite, TableWrites } from './table-writes.js';
import { ThreadPool } from './thread-pool.js';
import { createThreadTaskFactory } from './thread-task-factory.js';
import { Watchdog } from './watchdog.js';

const WATCHDOG_CHECK_MS = 50;
/** How often the root supervisor looks for suspensions that are over, at most (real time). */
const RESUME_SWEEP_MS = 1_000;

type SystemState = 'running' | 'shutting-down' | 'shut-down';

/** Create a running actor system. Options are validated; a bad one throws `InvalidOptionError`. */
export function createActorSystem(options: SystemOptions = {}): ActorSystem {
  return new ActorSystem(resolveSystemOptions(options));
}

export class ActorSystem implements Dispatcher {
  readonly options: ResolvedSystemOptions;
  private readonly threads: ThreadPool;
  private readonly asks = new PendingAsks();
  private readonly events = new EventBus();
  /** Whether anyone watches the waits between actors, shared with every thread (`watchWaits`). */
  private readonly waitWatch = createWaitWatchBuffer();
  private waitWatchers = 0;
  private readonly incidents = new IncidentLog();
  private readonly receivers: Receivers;
  private readonly root: RootSupervisor;
  private readonly watchdog: Watchdog;
  private readonly ids = new IdGenerator();
  private readonly defaults: SpawnDefaults;
  /** The main thread's handle on the store (durable tells and asks), or `null`. */
  private readonly durable: MainStore | null;
  /** This process's claim on the store directory, released once the store is closed. */
  private readonly writerLock: WriterLock | null;
  private readonly operations: StoreOperations;
  private readonly tableWrites: TableWrites | null;
  private state: SystemState = 'running';
  private traceHook: TraceHook | null = null;
  private shutdownPromise: Promise<void> | null = null;

  /** Use `createActorSystem`. */
  constructor(options: ResolvedSystemOptions) {
    this.options = options;
    this.defaults = {
      mailbox: options.mailbox,
      supervision: options.supervision,
      durable: options.store !== null,
    };
    this.events.subscribe((event) => this.incidents.record(event));
    this.receivers = new Receivers(this, (event) => this.events.publish(event));
    this.threads = new ThreadPool(options);
    // One process at a time runs on a store (`writer-lock.ts`); take it, then open the store
    // before any thread starts: a store that cannot be opened stops startup with a clear error.
    this.writerLock = options.store ? acquireWriterLock(options.store.path, options.storeLockWaitMs) : null;
    try {
      this.durable = options.store ? new MainStore(openStore(options.store), this.threads) : null;
    } catch (error) {
      this.writerLock?.release();
      throw error;
    }
    this.root = new RootSupervisor(options.supervision, {
      threads: this.threads,
      events: this.events,
      clock: clockFrom(options.clock),
      store: this.durable,
      suspensions: this.durable && new Suspensions(this.durable.store, options.resumeBackoff),
      sweepEveryMs: Math.max(10, Math.min(RESUME_SWEEP_MS, options.resumeBackoff.initialMs / 2)),
    });
    this.operations = new StoreOperations(this.durable, this.root, this.threads, options.threads);
    this.tableWrites = this.durable && new TableWrites(this.durable);
    const jams = new JamHandler(this.events, this.threads, this.durable);
    this.watchdog = Watchdog.started(options, WATCHDOG_CHECK_MS, (report) => jams.onJam(report));
    this.threads.start({
      dispatcher: this,
      listener: new InboundRecords({
        threads: this.threads,
        asks: this.asks,
        events: this.events,
        supervisor: this.root,
        receivers: this.receivers,
        traces: { turnEnded: (turn) => this.traceHook?.turnEnded(turn) },
      }),
      taskFor: createThreadTaskFactory({
        options,
        defaults: this.defaults,
        sequence: this.durable?.sequenceBuffer ?? null,
        jams,
        watchdog: this.watchdog,
        waitWatch: this.waitWatch,
      }),
      asks: this.asks,
      events: this.events,
      supervisor: this.root,
    });
  }

  /** Spawn an actor; resolves once its `init` has run on its home thread. */
  async spawn<Msg, State, Args>(
    kind: ActorBehaviour<Msg, State, Args>,
    options?: SpawnOptions<Args>,
  ): Promise<ActorRef<Msg>> {
    this.assertRunning();
    const parent = options?.parent ?? null;
    const spec = resolveSpawnSpec(kind as unknown as ActorBehaviour<unknown, unknown, unknown>, options, {
      defaults: this.defaults,
      threads: this.options.threads,
      ids: this.ids,
      generatedThread: (id) => homeThread(id, this.options.threads),
      parent: parent ? { id: parent.id, thread: parent.thread } : null,
    });
    assertEncodable(spec.args, 'options.args');
    if (!parent) this.root.adopt(spec);
    try {
      await this.asks.create(spec.id, spec.thread, this.options.spawnTimeoutMs, undefined, (askId) => {
        const replyTo = { thread: MAIN_THREAD, askId };
        if (parent) this.threads.route(parent.thread, { kind: 'adopt', spec, replyTo });
        else this.threads.route(spec.thread, { kind: 'spawn', spec, replyTo });
      });
    } catch (error) {
      if (!parent) this.root.forget(spec.id);
      throw error;
    }
    return new ActorRef<Msg>(spec.id, spec.thread, this);
  }

  /** Stop an actor (children first). Resolves when it is gone; stopping a stopped actor is a no-op. */
  async stop(ref: ActorRef<unknown>): Promise<void> {
    this.assertRunning();
    assertRef(ref);
    this.root.markStopping(ref.id);
    await this.asks.create(ref.id, ref.thread, this.options.askTimeoutMs, undefined, (askId) => {
      this.threads.route(ref.thread, {
        kind: 'stop',
        id: ref.id,
        reason: 'shutdown',
        replyTo: { thread: MAIN_THREAD, askId },
      });
    });
  }

  /** A ref to an actor spawned with an explicit id (its home thread follows from the id). */
  refOf<Msg>(id: string): ActorRef<Msg> {
    return new ActorRef<Msg>(assertId(id), homeThread(id, this.options.threads), this);
  }

  tell(target: ActorRef<unknown>, message: unknown, options?: TellOptions): Delivery {
    this.assertRunning();
    assertEncodable(message);
    const messageId = options?.messageId;
    if (messageId !== undefined && (typeof messageId !== 'string' || messageId.length === 0)) {
      throw new InvalidArgumentError('options.messageId', 'must be a non-empty string');
    }
    if (target.thread === MAIN_THREAD) {
      const received = this.receivers.deliver(target.id, message);
      return Delivery.settled(received ? undefined : new ActorNotFoundError(target.id));
    }
    if (this.durable?.isStored(target.id)) return this.durable.tell(target, message, messageId ?? null);
    return this.threads.handle(target.thread).tellWithReceipt(target.id, message, this.traceHook?.current());
  }

  ask<Reply>(target: ActorRef<unknown>, message: unknown, options?: AskOptions): Promise<Reply> {
    if (this.state !== 'running') return Promise.reject(new SystemShutDownError());
    const timeoutMs = options?.timeoutMs ?? this.options.askTimeoutMs;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      return Promise.reject(new InvalidArgumentError('options.timeoutMs', 'must be a positive number'));
    }
    if (target.thread === MAIN_THREAD)
      return Promise.reject(new InvalidArgumentError('target', 'is a receiver: it takes tells, not asks'));
    const suspension = this.root.suspensionOf(target.id);
    if (suspension)
      return Promise.reject(new ActorSuspendedError(target.id, suspension.since, suspension.resumeAt));
    return this.asks.create<Reply>(target.id, target.thread, timeoutMs, options?.signal, (askId) => {
      assertEncodable(message);
      const replyTo = { thread: MAIN_THREAD, askId };
      const traceparent = this.traceHook?.current();
      const record: WireRecord =
        traceparent === undefined
          ? { kind: 'ask', to: target.id, message, replyTo, inbox: 0 }
          : { kind: 'ask', to: target.id, message, replyTo, inbox: 0, traceparent };
      const send = () => this.threads.route(target.thread, record);
      // No store lookup: only a stored actor's tells ever wait (`MainStore.ask` sends at once
      // unless one does), so asking the send order is the same answer, without a read.
      if (this.durable) this.durable.ask(target.id, send, (error) => this.asks.reject(askId, error));
      else send();
    });
  }

  /**
   * Carry trace context to the actors (`wire/traced-turn.ts`): from now on each tell and ask
   * from this thread carries `hook.current()`'s `traceparent` (as `ctx.traceparent`), and each
   * turn that handled one is reported to `hook.turnEnded`. `null` removes the hook.
   */
  traceWith(hook: TraceHook | null): void {
    this.traceHook = hook;
  }

  /**
   * Resume the suspended actor `id` now, not after its backoff: it is activated from the store
   * and handles the mail that waited, the failing message first. False if it is not suspended.
   */
  resume(id: string): Promise<boolean> {
    this.assertRunning();
    return this.operations.resume(id);
  }

  /** The suspended durable actors: id, since, the last error, failures, when each resumes on its own. */
  suspended(): SuspendedActor[] {
    return this.operations.suspended();
  }

  /** The quarantined messages of durable actors, kept in the store: list, replay, discard. */
  deadLetters(): DeadLetterOperator {
    return this.operations.deadLetters();
  }

  /** A durable actor's stored kind (not loaded), state and version, for migrations; `undefined` if none. */
  readStored(id: string): StoredActor | undefined {
    return this.operations.readStored(id);
  }

  /**
   * Remove a durable actor's own records (record, state, inbox, timers, tree entry,
   * suspension), for migrations. Resolves whether it existed; refuses a running one.
   */
  removeStored(id: string): Promise<boolean> {
    this.assertRunning();
    return this.operations.removeStored(id);
  }

  /** A table durable actors write (`ctx.table`), as committed; only a system with a store has tables. */
  table<Value = unknown>(name: string): TableReader<Value> {
    return this.operations.table<Value>(name);
  }

  /**
   * Write table entries from this thread, without an actor's turn (`table-writes.ts`): `write`
   * runs synchronously in the next batch of the main thread's writes; resolves with its result
   * once committed. For tables no actor writes; only a system with a store has tables.
   */
  writeTables<Result>(write: TableWrite<Result>): Promise<Result> {
    if (this.state !== 'running') return Promise.reject(new SystemShutDownError());
    if (this.tableWrites === null)
      return Promise.reject(
        new InvalidArgumentError('writeTables', 'is kept only in a system with a dataDir'),
      );
    return this.tableWrites.write(write);
  }

  /**
   * Fail an actor's wait (a `wait-started` event's token) with `error`: the awaiting `ctx.ask`
   * rejects with it. The deadlock detector breaks cycles this way. Returns false for a bad token.
   */
  failWait(token: string, error: Error): boolean {
    const wait = parseWaitToken(token);
    if (!wait || !this.threads.has(wait.thread) || this.state !== 'running') return false;
    this.threads.route(wait.thread, { kind: 'reply-error', askId: wait.askId, error: toErrorRecord(error) });
    return true;
  }

  /**
   * Report the waits between actors from now on: each actor-to-actor ask becomes a
   * `wait-started` event and, when it ends, a `wait-ended` one (the deadlock detector's
   * wait-for graph). Off until someone asks, so asks cost no events to a system without a
   * detector. Returns the function that withdraws this watcher (waits stay reported while any is left).
   */
  watchWaits(): () => void {
    setWaitWatchers(this.waitWatch, ++this.waitWatchers);
    let withdrawn = false;
    return () => {
      if (withdrawn) return;
      withdrawn = true;
      setWaitWatchers(this.waitWatch, --this.waitWatchers);
    };
  }

  /** Publish an event on the system's stream (supervisors built on the kernel report here). */
  publish(event: SystemEvent): void {
    this.events.publish(event);
  }

  /**
   * A function on this thread that actors can tell, through `receiver.ref` (an ordinary ref:
   * pass it in a message). For what an adapter must hear as it happens — progress, changes to
   * push. It takes tells only; `receiver.close()` ends it.
   */
  receive<Msg>(handler: (message: Msg) => void): Receiver<Msg> {
    this.assertRunning();
    if (typeof handler !== 'function') throw new InvalidArgumentError('handler', 'must be a function');
    return this.receivers.create(handler);
  }

  /** Listen to dead letters, failures, restarts and crashed threads. Returns the unsubscribe function. */
  subscribe(listener: SystemEventListener): () => void {
    return this.events.subscribe(listener);
  }

  /** The recent incidents (jams, crashes, deadlocks, quarantines…), oldest first — what `inspect()` lists, without the tree. */
  recentIncidents(): readonly SystemEvent[] {
    return this.incidents.incidents;
  }

  /** The supervision tree, with each actor's status, thread, mailbox depth, restarts and processed count. */
  async inspect(): Promise<SupervisionTree> {
    return buildSupervisionTree(await collectActors(this.threads), this.incidents.incidents);
  }

  /**
   * Totals per thread (turns, messages, dead letters, queue depth) and for the whole system;
   * per kind, the actors in memory and their backlog; the store's suspended actors, kept dead
   * letters and size on disk.
   */
  async stats(): Promise<SystemStats> {
    const threads = await collectThreadStats(this.threads);
    return {
      threads,
      totals: sumThreadStats(threads),
      kinds: mergeKindStats(threads),
      store: this.operations.stats(),
      main: {
        pendingAsks: this.asks.size,
        lateReplies: this.asks.lateReplies,
        asksTimedOut: this.asks.timedOut,
        threadsReplaced: this.threads.replaced,
      },
    };
  }

  /** Stop every actor (children first), end the threads, and release everything: the process can exit. */
  shutdown(): Promise<void> {
    if (!this.shutdownPromise) this.shutdownPromise = this.doShutdown();
    return this.shutdownPromise;
  }

  get isRunning(): boolean {
    return this.state === 'running';
  }

  private async doShutdown(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'shutting-down';
    this.watchdog.stop();
    this.root.close();
    await this.threads.stopActors();
    const stopped = new SystemShutDownError();
    this.asks.rejectAll(stopped);
    try {
      await this.threads.close(stopped);
      await this.durable?.close();
    } finally {
      this.writerLock?.release();
    }
    this.receivers.close();
    this.state = 'shut-down';
  }

  private assertRunning(): void {
    if (this.state !== 'running') throw new SystemShutDownError();
  }
}

function assertRef(ref: unknown): asserts ref is ActorRef<unknown> {
  if (!(ref instanceof ActorRef)) throw new InvalidArgumentError('ref', 'must be an ActorRef');
}
