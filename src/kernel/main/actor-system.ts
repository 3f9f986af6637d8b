/**
 * `createActorSystem` and `ActorSystem`: the main thread's face of troupe.
 *
 * The system owns the piscina pool (one long-lived host task per logical thread, pinned
 * by the shard balancer), the links to every thread, the asks and receipts of main-thread
 * callers, the root supervisor, and the event stream. It replaces a thread whose worker
 * dies and lets supervisors restart what was homed there.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { ActorBehaviour } from '../actor/behaviour.js';
import type { SpawnOptions } from '../actor/context.js';
import type { Delivery } from '../actor/delivery.js';
import { PendingAsks } from '../actor/pending-asks.js';
import { homeThread } from '../actor/placement.js';
import { ActorRef, type AskOptions, type Dispatcher, type TellOptions } from '../actor/ref.js';
import { IdGenerator, resolveSpawnSpec, type SpawnDefaults } from '../actor/spawn-spec.js';
import {
  ActorNotFoundError,
  errorFromRecord,
  InvalidArgumentError,
  SystemShutDownError,
  toErrorRecord,
  WorkerCrashedError,
} from '../errors.js';
import { transferred } from '../wire/comlink.js';
import type { ActorInfo, SupervisionTree, SystemStats, ThreadStats } from '../wire/control.js';
import { assertEncodable } from '../wire/encodable.js';
import type { SystemEvent, SystemEventListener } from '../wire/events.js';
import type { ThreadTask } from '../wire/thread-task.js';
import { createTurnWatchBuffer } from '../wire/turn-watch.js';
import { parseWaitToken } from '../wire/wait-token.js';
import { MAIN_THREAD, type WireRecord } from '../wire/wire.js';
import { EventBus } from './event-bus.js';
import { MainStore } from './main-store.js';
import { type ResolvedSystemOptions, resolveSystemOptions, type SystemOptions } from './options.js';
import { RootSupervisor } from './root-supervisor.js';
import { buildSupervisionTree } from './supervision-tree.js';
import { createShardBalancer, placementOptions } from './thread-balancer.js';
import { ThreadHandle } from './thread-handle.js';
import { type JamReport, Watchdog } from './watchdog.js';
import { withTimeout } from './with-timeout.js';

const WORKER_ENTRY = new URL('../worker/entry.js', import.meta.url).href;
const CONTROL_TIMEOUT_MS = 2_000;
const WATCHDOG_CHECK_MS = 50;

type SystemState = 'running' | 'shutting-down' | 'shut-down';

/** Create a running actor system. Options are validated; a bad one throws `InvalidOptionError`. */
export function createActorSystem(options: SystemOptions = {}): ActorSystem {
  return new ActorSystem(resolveSystemOptions(options));
}

export class ActorSystem implements Dispatcher {
  readonly options: ResolvedSystemOptions;
  private readonly pool: Piscina;
  private readonly threads: ThreadHandle[] = [];
  private readonly asks = new PendingAsks();
  private readonly events = new EventBus();
  private readonly root: RootSupervisor;
  private readonly ids = new IdGenerator();
  private state: SystemState = 'running';
  private shutdownPromise: Promise<void> | null = null;
  private readonly watchdog: Watchdog;
  /** How often each actor's message jammed a thread (charged as failed attempts after the restart). */
  private readonly jams = new Map<string, number>();
  private readonly defaults: SpawnDefaults;
  /** The main thread's handle on the store (durable tells and asks), or `null`. */
  private readonly durable: MainStore | null;
  private threadsReplaced = 0;

  /** Use `createActorSystem`. */
  constructor(options: ResolvedSystemOptions) {
    this.options = options;
    this.defaults = {
      mailbox: options.mailbox,
      supervision: options.supervision,
      durable: options.store !== null,
    };
    // Open the store here first: a store that cannot be opened stops startup with a clear error.
    this.durable = options.store
      ? new MainStore(options.store, (thread, record) => this.route(thread, record))
      : null;
    this.root = new RootSupervisor(options.supervision, {
      route: (thread, record) => this.route(thread, record),
      publish: (event) => this.events.publish(event),
      lookup: (id) => this.durable?.specOf(id),
    });
    this.pool = new Piscina({
      filename: WORKER_ENTRY,
      minThreads: options.threads,
      maxThreads: options.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: 1,
      atomics: 'disabled',
      resourceLimits: options.workerResourceLimits,
      loadBalancer: createShardBalancer(),
    });
    this.watchdog = new Watchdog(
      {
        turnTimeoutMs: options.turnTimeoutMs,
        loopTimeoutMs: options.loopTimeoutMs,
        checkEveryMs: WATCHDOG_CHECK_MS,
      },
      (report) => this.onJam(report),
    );
    this.watchdog.start();
    // A worker that dies outside a task is reported here; its task (if any) rejects too.
    this.pool.on('error', () => {});
    const { mains, controls, peers } = this.openChannels();
    for (let thread = 0; thread < options.threads; thread++) {
      const main = mains[thread] as MessageChannel;
      const control = controls[thread] as MessageChannel;
      this.threads.push(
        new ThreadHandle(
          thread,
          main.port1,
          control.port1,
          this,
          (records) => this.onRecords(thread, records),
          (record, error) => this.onUnencodable(thread, record, error),
        ),
      );
      this.startThread(thread, main.port2, control.port2, peers[thread] as (MessagePort | null)[]);
    }
  }

  // ── Public API ───────────────────────────────────────────────────────────────

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
        if (parent) this.route(parent.thread, { kind: 'adopt', spec, replyTo });
        else this.route(spec.thread, { kind: 'spawn', spec, replyTo });
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
      this.route(ref.thread, {
        kind: 'stop',
        id: ref.id,
        reason: 'shutdown',
        replyTo: { thread: MAIN_THREAD, askId },
      });
    });
  }

  /** A ref to an actor spawned with an explicit id (its home thread follows from the id). */
  refOf<Msg>(id: string): ActorRef<Msg> {
    if (typeof id !== 'string' || id.length === 0)
      throw new InvalidArgumentError('id', 'must be a non-empty string');
    return new ActorRef<Msg>(id, homeThread(id, this.options.threads), this);
  }

  tell(target: ActorRef<unknown>, message: unknown, options?: TellOptions): Delivery {
    this.assertRunning();
    assertEncodable(message);
    const messageId = options?.messageId;
    if (messageId !== undefined && (typeof messageId !== 'string' || messageId.length === 0)) {
      throw new InvalidArgumentError('options.messageId', 'must be a non-empty string');
    }
    if (this.durable?.isStored(target.id)) return this.durable.tell(target, message, messageId ?? null);
    return this.handle(target.thread).tellWithReceipt(target.id, message);
  }

  ask<Reply>(target: ActorRef<unknown>, message: unknown, options?: AskOptions): Promise<Reply> {
    if (this.state !== 'running') return Promise.reject(new SystemShutDownError());
    const timeoutMs = options?.timeoutMs ?? this.options.askTimeoutMs;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      return Promise.reject(new InvalidArgumentError('options.timeoutMs', 'must be a positive number'));
    }
    return this.asks.create<Reply>(target.id, target.thread, timeoutMs, options?.signal, (askId) => {
      assertEncodable(message);
      const replyTo = { thread: MAIN_THREAD, askId };
      const send = () =>
        this.handle(target.thread).link.send({ kind: 'ask', to: target.id, message, replyTo, inbox: 0 });
      if (this.durable?.isStored(target.id))
        this.durable.ask(target.id, send, (error) => this.asks.reject(askId, error));
      else send();
    });
  }

  /**
   * Fail an actor's wait (a `wait-started` event's token) with `error`: the awaiting `ctx.ask`
   * rejects with it. The deadlock detector breaks cycles this way. Returns false for a bad token.
   */
  failWait(token: string, error: Error): boolean {
    const wait = parseWaitToken(token);
    if (!wait || !this.threads[wait.thread] || this.state !== 'running') return false;
    this.route(wait.thread, { kind: 'reply-error', askId: wait.askId, error: toErrorRecord(error) });
    return true;
  }

  /** Publish an event on the system's stream (supervisors built on the kernel report here). */
  publish(event: SystemEvent): void {
    this.events.publish(event);
  }

  /** Listen to dead letters, failures, restarts and crashed threads. Returns the unsubscribe function. */
  subscribe(listener: SystemEventListener): () => void {
    return this.events.subscribe(listener);
  }

  /** The supervision tree, with each actor's status, thread, mailbox depth, restarts and processed count. */
  async inspect(): Promise<SupervisionTree> {
    const lists = await Promise.all(
      this.threads.map((t) => withTimeout<ActorInfo[]>(t.control.inspect(), CONTROL_TIMEOUT_MS, () => [])),
    );
    return buildSupervisionTree(lists.flat(), this.events.incidents);
  }

  /** Totals per thread (turns, messages, dead letters, queue depth) and for the whole system. */
  async stats(): Promise<SystemStats> {
    const threads = await Promise.all(
      this.threads.map((t) =>
        withTimeout<ThreadStats>(t.control.stats(), CONTROL_TIMEOUT_MS, () => emptyStats(t.thread)),
      ),
    );
    const totals = emptyStats(-1);
    const sum = totals as unknown as Record<string, number>;
    for (const stats of threads) {
      for (const [key, value] of Object.entries(stats))
        if (key !== 'thread') sum[key] = (sum[key] ?? 0) + value;
    }
    const { thread: _thread, ...rest } = totals;
    return {
      threads,
      totals: rest,
      main: {
        pendingAsks: this.asks.size,
        lateReplies: this.asks.lateReplies,
        threadsReplaced: this.threadsReplaced,
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

  // ── Threads ──────────────────────────────────────────────────────────────────

  private openChannels() {
    const n = this.options.threads;
    const mains = Array.from({ length: n }, () => new MessageChannel());
    const controls = Array.from({ length: n }, () => new MessageChannel());
    const peers: (MessagePort | null)[][] = Array.from({ length: n }, () => new Array(n).fill(null));
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        const channel = new MessageChannel();
        (peers[a] as (MessagePort | null)[])[b] = channel.port1;
        (peers[b] as (MessagePort | null)[])[a] = channel.port2;
      }
    }
    return { mains, controls, peers };
  }

  private startThread(
    thread: number,
    mainPort: MessagePort,
    controlPort: MessagePort,
    peerPorts: (MessagePort | null)[],
  ) {
    const turnWatch = createTurnWatchBuffer();
    this.watchdog.watch(thread, turnWatch);
    const task: ThreadTask = {
      thread,
      turnWatch,
      turnTimeoutMs: this.options.turnTimeoutMs,
      maxStateBytes: this.options.maxStateBytes,
      clock: this.options.clock,
      jammed: Object.fromEntries(this.jams),
      threads: this.options.threads,
      throughput: this.options.throughput,
      askTimeoutMs: this.options.askTimeoutMs,
      unknownActorGraceMs: this.options.unknownActorGraceMs,
      defaults: this.defaults,
      store: this.options.store,
      sequence: this.durable?.sequenceBuffer ?? null,
      idleTimeoutMs: this.options.idleTimeoutMs,
      mainPort,
      controlPort,
      peerPorts,
    };
    const transferList = [mainPort, controlPort, ...peerPorts.filter((p): p is MessagePort => p !== null)];
    const run = this.pool.run(Object.assign(task, placementOptions(thread)), { transferList });
    run.then(
      () => {},
      (error: unknown) => {
        if (this.state === 'running') this.replaceThread(thread, error);
      },
    );
  }

  /** The worker hosting `thread` died: reconnect everyone to a fresh host task and let supervisors restart. */
  private replaceThread(thread: number, cause: unknown): void {
    this.threadsReplaced++;
    const crashed = new WorkerCrashedError(thread, cause);
    this.events.publish({ type: 'worker-crashed', thread, error: toErrorRecord(crashed) });
    this.asks.rejectThread(thread, crashed);
    const handle = this.handle(thread);
    handle.failAllReceipts(crashed);
    const main = new MessageChannel();
    const control = new MessageChannel();
    handle.reconnect(main.port1, control.port1);
    const peerPorts: (MessagePort | null)[] = new Array(this.options.threads).fill(null);
    for (const other of this.threads) {
      if (other.thread === thread) continue;
      const channel = new MessageChannel();
      peerPorts[other.thread] = channel.port2;
      other.control.replacePeer(thread, transferred(channel.port1, [channel.port1])).catch(() => {});
    }
    this.root.onThreadLost(thread);
    this.startThread(thread, main.port2, control.port2, peerPorts);
    this.events.publish({ type: 'worker-replaced', thread });
  }

  /** The watchdog found a thread jammed: count the jam against its actor, and replace the thread. */
  private onJam(report: JamReport): void {
    if (this.state !== 'running') return;
    const reason = `${report.kind === 'turn' ? 'a turn' : 'its event loop'} made no progress for ${report.stuckMs} ms`;
    this.events.publish({ type: 'thread-jammed', thread: report.thread, actorId: report.actorId, reason });
    if (report.actorId) {
      const jams = (this.jams.get(report.actorId) ?? 0) + 1;
      this.jams.set(report.actorId, jams);
      this.events.publish({
        type: 'actor-failed',
        id: report.actorId,
        error: toErrorRecord(new Error(`jammed thread ${report.thread}: ${reason}`)),
        attempt: jams,
        thread: report.thread,
      });
    }
    const worker = this.pool.threads.find((candidate) => candidate.threadId === report.threadId);
    // Terminating it ends the host task; the task's rejection replaces the thread.
    worker?.terminate().catch(() => {});
  }

  private async doShutdown(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'shutting-down';
    this.watchdog.stop();
    for (const t of this.threads) t.link.flush();
    await Promise.all(
      this.threads.map((t) => withTimeout(t.control.shutdown(), CONTROL_TIMEOUT_MS, () => undefined)),
    );
    const stopped = new SystemShutDownError();
    this.asks.rejectAll(stopped);
    for (const t of this.threads) {
      t.failAllReceipts(stopped);
      t.close();
    }
    await this.pool.destroy();
    await this.durable?.close();
    this.state = 'shut-down';
  }

  // ── Routing and incoming records ─────────────────────────────────────────────

  private handle(thread: number): ThreadHandle {
    const handle = this.threads[thread];
    if (!handle) throw new InvalidArgumentError('ref.thread', `${thread} is not a thread of this system`);
    return handle;
  }

  private route(thread: number, record: WireRecord): void {
    this.handle(thread).link.send(record);
  }

  private onRecords(thread: number, records: readonly WireRecord[]): void {
    const handle = this.handle(thread);
    for (const record of records) {
      switch (record.kind) {
        case 'reply':
          this.asks.resolve(record.askId, record.value);
          break;
        case 'reply-error':
          this.asks.reject(record.askId, errorFromRecord(record.error));
          break;
        case 'delivered':
          handle.settleUpTo(record.upTo);
          break;
        case 'undelivered':
          handle.noteUndelivered(record.seq, errorFromRecord(record.error));
          break;
        case 'event':
          this.events.publish(record.event);
          break;
        case 'child-exit':
          this.root.onChildExit(record.child, record.childThread, record.exit);
          break;
        case 'tell':
        case 'ask':
          // No actor lives on the main thread.
          if (record.kind === 'ask') {
            this.route(record.replyTo.thread, {
              kind: 'reply-error',
              askId: record.replyTo.askId,
              error: toErrorRecord(new ActorNotFoundError(record.to)),
            });
          }
          break;
        case 'spawn':
        case 'adopt':
        case 'restart':
        case 'stop':
          break;
      }
    }
  }

  /** A record that slipped past `assertEncodable` and failed at flush: fail whoever waits for it. */
  private onUnencodable(thread: number, record: WireRecord, error: Error): void {
    switch (record.kind) {
      case 'tell':
        this.handle(thread).noteUndelivered(record.seq, error);
        return;
      case 'ask':
        this.asks.reject(record.replyTo.askId, error);
        return;
      case 'spawn':
      case 'adopt':
      case 'stop':
        if (record.replyTo) this.asks.reject(record.replyTo.askId, error);
        return;
      default:
        this.events.publish({
          type: 'terminate-failed',
          id: `<${record.kind} record>`,
          error: toErrorRecord(error),
          thread: MAIN_THREAD,
        });
    }
  }

  private assertRunning(): void {
    if (this.state !== 'running') throw new SystemShutDownError();
  }
}

function assertRef(ref: unknown): asserts ref is ActorRef<unknown> {
  if (!(ref instanceof ActorRef)) throw new InvalidArgumentError('ref', 'must be an ActorRef');
}

function emptyStats(thread: number): ThreadStats {
  return {
    thread,
    actors: 0,
    turns: 0,
    messagesReceived: 0,
    deadLetters: 0,
    lateReplies: 0,
    failures: 0,
    restarts: 0,
    queueDepth: 0,
    commits: 0,
  };
}
