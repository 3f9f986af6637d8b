/**
 * `ThreadPool`: the system's worker threads. It owns the piscina pool (one long-lived host
 * task per logical thread, pinned by the thread balancer), the MessageChannels between the
 * main thread, each thread and every peer, and a {@link ThreadHandle} per thread; it routes
 * records to a thread, replaces a thread whose worker died (reconnecting main and every
 * peer), ends a jammed worker, and stops them all.
 *
 * It does not decide what a thread is told at start (the {@link ThreadTaskFactory}), what
 * records from a thread mean (the {@link ThreadListener}), or when a thread is jammed (the
 * watchdog and `jam-handler.ts`).
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { PendingAsks } from '../actor/pending-asks.js';
import type { Dispatcher } from '../actor/ref.js';
import { InvalidArgumentError, toErrorRecord, WorkerCrashedError, type WorkerDeath } from '../errors.js';
import { transferred } from '../wire/comlink.js';
import { type DeathNote, readDeathNote } from '../wire/death-note.js';
import type { ThreadTask } from '../wire/thread-task.js';
import type { WireRecord } from '../wire/wire.js';
import type { EventBus } from './event-bus.js';
import type { ResolvedSystemOptions } from './options.js';
import { createThreadBalancer, placementOptions } from './thread-balancer.js';
import { ThreadHandle, type ThreadListener } from './thread-handle.js';
import { withTimeout } from './with-timeout.js';
import { describeWorkerDeath, type JamVerdict } from './worker-death.js';

/** The worker side is reached by URL only: the main thread never imports it. */
const WORKER_ENTRY = new URL('../worker/entry.js', import.meta.url).href;
/** How long a control-plane call may take before the pool gives up on that thread. */
export const CONTROL_TIMEOUT_MS = 2_000;

/** The ports a thread is started with. */
export interface ThreadPorts {
  readonly mainPort: MessagePort;
  readonly controlPort: MessagePort;
  /** Index = peer thread; `null` at the thread's own index. */
  readonly peerPorts: (MessagePort | null)[];
}

/** The task that starts (or restarts) logical thread `thread` on these ports. */
export type ThreadTaskFactory = (thread: number, ports: ThreadPorts) => ThreadTask;

/** What the pool is connected to once the system's parts exist. */
export interface ThreadPoolWiring {
  /** What refs decoded from thread records are bound to. */
  readonly dispatcher: Dispatcher;
  readonly listener: ThreadListener;
  readonly taskFor: ThreadTaskFactory;
  /** Told when a thread is lost: its asks fail, its crash is published, its actors restart. */
  readonly asks: PendingAsks;
  readonly events: EventBus;
  readonly supervisor: { onThreadLost(thread: number, death: WorkerDeath): void };
}

/** A started pool: piscina and what the threads are connected to. */
interface Running {
  readonly piscina: Piscina;
  readonly wiring: ThreadPoolWiring;
}

export class ThreadPool {
  private readonly threads: ThreadHandle[] = [];
  private running: Running | null = null;
  private closing = false;
  private replacements = 0;
  /** Threads whose worker the pool ended for a jam, with the watchdog's reason (read when it is replaced). */
  private readonly jammed = new Map<number, JamVerdict>();

  /** Nothing runs until `start` (the store is opened first, and the pool's listeners need the pool). */
  constructor(private readonly options: Pick<ResolvedSystemOptions, 'threads' | 'workerResourceLimits'>) {}

  /** How many threads were replaced after their worker died. */
  get replaced(): number {
    return this.replacements;
  }

  /** The handles of every thread, by thread number. */
  get handles(): readonly ThreadHandle[] {
    return this.threads;
  }

  has(thread: number): boolean {
    return this.threads[thread] !== undefined;
  }

  handle(thread: number): ThreadHandle {
    const handle = this.threads[thread];
    if (!handle) throw new InvalidArgumentError('ref.thread', `${thread} is not a thread of this system`);
    return handle;
  }

  route(thread: number, record: WireRecord): void {
    this.handle(thread).link.send(record);
  }

  /** Start every thread. */
  start(wiring: ThreadPoolWiring): void {
    const count = this.options.threads;
    const piscina = new Piscina({
      filename: WORKER_ENTRY,
      minThreads: count,
      maxThreads: count,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: 1,
      atomics: 'disabled',
      resourceLimits: this.options.workerResourceLimits,
      loadBalancer: createThreadBalancer(),
    });
    // A worker that dies outside a task is reported here; its task (if any) rejects too.
    piscina.on('error', () => {});
    const running: Running = { piscina, wiring };
    this.running = running;
    const peers = openPeerMesh(count);
    for (let thread = 0; thread < count; thread++) {
      const main = new MessageChannel();
      const control = new MessageChannel();
      this.threads.push(
        new ThreadHandle(thread, main.port1, control.port1, wiring.dispatcher, wiring.listener),
      );
      this.run(running, thread, {
        mainPort: main.port2,
        controlPort: control.port2,
        peerPorts: peers[thread] as (MessagePort | null)[],
      });
    }
  }

  /**
   * End the worker of logical thread `thread` (`threadId`: its `worker_threads.threadId`) because
   * it jammed (`jam`: why, and whose turn); the thread is then replaced, and the calls in flight learn why.
   */
  terminateWorker(thread: number, threadId: number, jam: JamVerdict): void {
    const worker = this.running?.piscina.threads.find((candidate) => candidate.threadId === threadId);
    if (worker) this.jammed.set(thread, jam);
    // Terminating it ends the host task; the task's rejection replaces the thread.
    worker?.terminate().catch(() => {});
  }

  /** Stop every actor on every thread (bounded in time); from now on no thread is replaced. */
  async stopActors(): Promise<void> {
    this.closing = true;
    for (const t of this.threads) t.link.flush();
    await Promise.all(
      this.threads.map((t) =>
        withTimeout(
          () => t.control.shutdown(),
          CONTROL_TIMEOUT_MS,
          () => undefined,
        ),
      ),
    );
  }

  /** Fail every receipt still owed with `error`, close the links, end the workers. */
  async close(error: Error): Promise<void> {
    this.closing = true;
    for (const t of this.threads) {
      t.receipts.failAll(error);
      t.close();
    }
    await this.running?.piscina.destroy();
  }

  private run(running: Running, thread: number, ports: ThreadPorts): void {
    const task = running.wiring.taskFor(thread, ports);
    const transferList = [
      ports.mainPort,
      ports.controlPort,
      ...ports.peerPorts.filter((p): p is MessagePort => p !== null),
    ];
    running.piscina.run(Object.assign(task, placementOptions(thread)), { transferList }).then(
      () => {},
      (error: unknown) => {
        if (!this.closing) this.replace(running, thread, error, readDeathNote(task.deathNote));
      },
    );
  }

  /** The worker hosting `thread` died: reconnect everyone to a fresh host task and let supervisors restart. */
  private replace(running: Running, thread: number, cause: unknown, note: DeathNote | null): void {
    const { wiring } = running;
    this.replacements++;
    const jam = this.jammed.get(thread) ?? null;
    this.jammed.delete(thread);
    const death = describeWorkerDeath(cause, jam, { note, limits: this.options.workerResourceLimits });
    const crashed = new WorkerCrashedError(thread, death, cause);
    wiring.events.publish({ type: 'worker-crashed', thread, error: toErrorRecord(crashed) });
    wiring.asks.rejectThread(thread, crashed);
    const handle = this.handle(thread);
    handle.receipts.failAll(crashed);
    const main = new MessageChannel();
    const control = new MessageChannel();
    handle.reconnect(main.port1, control.port1);
    const peerPorts: (MessagePort | null)[] = new Array(this.options.threads).fill(null);
    const switched: Promise<unknown>[] = [];
    for (const other of this.threads) {
      if (other.thread === thread) continue;
      const channel = new MessageChannel();
      peerPorts[other.thread] = channel.port2;
      switched.push(
        other.control.replacePeer(thread, transferred(channel.port1, [channel.port1]), death).catch(() => {}),
      );
    }
    wiring.supervisor.onThreadLost(thread, death);
    this.run(running, thread, { mainPort: main.port2, controlPort: control.port2, peerPorts });
    // Mail a peer announced to the dead worker before it switched is in the store: the new one takes it.
    void Promise.all(switched).then(() => {
      if (!this.closing && this.threads[thread] === handle) handle.control.resync().catch(() => {});
    });
    wiring.events.publish({ type: 'worker-replaced', thread });
  }
}

/** One channel between every two threads: `mesh[a][b]` is a's end towards b (`null` when a = b). */
function openPeerMesh(count: number): (MessagePort | null)[][] {
  const mesh: (MessagePort | null)[][] = Array.from({ length: count }, () => new Array(count).fill(null));
  for (let a = 0; a < count; a++) {
    for (let b = a + 1; b < count; b++) {
      const channel = new MessageChannel();
      (mesh[a] as (MessagePort | null)[])[b] = channel.port1;
      (mesh[b] as (MessagePort | null)[])[a] = channel.port2;
    }
  }
  return mesh;
}
