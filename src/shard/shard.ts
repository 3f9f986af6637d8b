/**
 * `Shard`: the runtime of one worker thread — its actors, their mailboxes, the run
 * queue, turns and the application of their effects, and the links to the main thread
 * and to every peer thread.
 *
 * ```
 *   peer links ──batches──▶ handle(record) ──▶ deliver ──▶ mailbox ──▶ run queue
 *                                                                         │
 *   links ◀──records── applyEffects ◀── completeTurn ◀── receive() ◀──────┘
 * ```
 *
 * Messages between actors of this thread never leave it. Lifecycle (spawn, restart,
 * stop, supervision decisions) is in `lifecycle.ts`.
 */
import type { MessagePort } from 'node:worker_threads';
import { type ActorBehaviour, type ActorKindRef, directiveTag, isBehaviour, isDirective } from '../actor/behaviour.js';
import type { ReplyTo, SpawnOptions } from '../actor/context.js';
import { Delivery } from '../actor/delivery.js';
import { ActorRef, type AskOptions, type Dispatcher } from '../actor/ref.js';
import { RingQueue } from '../actor/ring-queue.js';
import type { ActorInfo, ThreadStats } from '../control/types.js';
import {
  ActorNotFoundError,
  ActorStoppedError,
  InvalidArgumentError,
  MailboxFullError,
  NoReplyError,
  UnknownActorKindError,
  errorFromRecord,
  toErrorRecord,
} from '../errors.js';
import { LinkDecoder } from '../pool/codec.js';
import { type Batch, Link } from '../pool/link.js';
import { type Address, MAIN_THREAD, type SpawnSpec, type WireRecord } from '../pool/wire.js';
import type { DeadLetterReason, SystemEvent } from '../system/events.js';
import { PendingAsks } from '../system/pending-asks.js';
import { IdGenerator, resolveSpawnSpec, type SpawnDefaults } from '../system/spawn-spec.js';
import { ActorCell, type AnyBehaviour, Envelope } from './cell.js';
import type { Effect } from './effects.js';
import { Lifecycle, type LifecycleHost } from './lifecycle.js';
import { TurnContext, type TurnHost } from './turn-context.js';

export interface ShardInit {
  readonly thread: number;
  readonly threads: number;
  readonly throughput: number;
  readonly askTimeoutMs: number;
  readonly defaults: SpawnDefaults;
  readonly mainPort: MessagePort;
  /** Index = peer thread; `null` at this thread's own index. */
  readonly peerPorts: readonly (MessagePort | null)[];
}

/** How long one drain may run before yielding to the event loop (ms). */
const DRAIN_SLICE_MS = 4;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

export class Shard implements Dispatcher, TurnHost, LifecycleHost {
  readonly thread: number;
  readonly threads: number;
  readonly cells = new Map<string, ActorCell>();
  readonly asks = new PendingAsks();
  readonly counters = { turns: 0, messagesReceived: 0, deadLetters: 0, failures: 0, restarts: 0 };
  shuttingDown = false;
  private readonly lifecycle: Lifecycle;
  private readonly mainLink: Link<WireRecord>;
  private readonly peerLinks: (Link<WireRecord> | null)[];
  private readonly ports: (MessagePort | null)[] = [];
  private readonly runQueue = new RingQueue<ActorCell>(1024);
  private readonly kinds = new Map<string, AnyBehaviour | Promise<AnyBehaviour>>();
  private readonly ids = new IdGenerator();
  private drainPending = false;
  private readonly drainBound = () => this.drain();
  private readonly flushLink = (link: Link<WireRecord>) => queueMicrotask(() => link.flush());

  constructor(private readonly init: ShardInit) {
    this.thread = init.thread;
    this.threads = init.threads;
    this.lifecycle = new Lifecycle(this);
    this.mainLink = new Link<WireRecord>(init.mainPort, this.flushLink);
    this.listen(MAIN_THREAD, init.mainPort);
    this.peerLinks = init.peerPorts.map((port, peer) => {
      if (!port) return null;
      this.listen(peer, port);
      return new Link<WireRecord>(port, this.flushLink);
    });
  }

  // ── Receiving ────────────────────────────────────────────────────────────────

  private listen(from: number, port: MessagePort): void {
    const decoder = new LinkDecoder(this);
    port.on('message', (batch: Batch) => this.onBatch(from, decoder, batch));
    this.ports[from + 1] = port;
  }

  private onBatch(from: number, decoder: LinkDecoder, batch: Batch): void {
    const records = decoder.decode(batch.epoch, batch.bytes) as WireRecord[];
    let receiptsUpTo = 0;
    for (const record of records) {
      if (record.kind === 'tell' && record.seq > 0) receiptsUpTo = record.seq;
      try {
        this.handle(record);
      } catch (error) {
        this.emit({ type: 'terminate-failed', id: `<${record.kind} from thread ${from}>`, error: toErrorRecord(error), thread: this.thread });
      }
    }
    if (receiptsUpTo > 0) this.mainLink.send({ kind: 'delivered', upTo: receiptsUpTo });
  }

  /** Apply one wire record addressed to this thread. */
  handle(record: WireRecord): void {
    switch (record.kind) {
      case 'tell':
        this.deliver(record.to, new Envelope(record.message, null), record.seq);
        return;
      case 'ask':
        this.deliver(record.to, new Envelope(record.message, record.replyTo), 0);
        return;
      case 'reply':
        if (!this.asks.resolve(record.askId, record.value)) this.noteLateReply(record.askId);
        return;
      case 'reply-error':
        if (!this.asks.reject(record.askId, errorFromRecord(record.error))) this.noteLateReply(record.askId);
        return;
      case 'spawn':
        this.lifecycle.spawn(record.spec, record.replyTo);
        return;
      case 'adopt':
        this.lifecycle.adopt(record.spec, record.replyTo);
        return;
      case 'restart':
        this.lifecycle.restartFromSpec(record.spec, record.delayMs);
        return;
      case 'stop': {
        const cell = this.cells.get(record.id);
        if (cell) this.lifecycle.stop(cell, record.reason, record.replyTo);
        else if (record.replyTo) this.sendReply(record.replyTo, false);
        return;
      }
      case 'child-exit':
        this.lifecycle.onChildExit(record.parent, record.child, record.childThread, record.exit);
        return;
      case 'delivered':
      case 'undelivered':
      case 'event':
        return; // main-thread records: never addressed to a worker
    }
  }

  private noteLateReply(askId: number): void {
    this.emit({ type: 'late-reply', askId, thread: this.thread });
  }

  // ── Delivery ─────────────────────────────────────────────────────────────────

  /** Put a message in a local mailbox. Returns the error when it was not accepted. */
  deliver(to: string, envelope: Envelope, seq: number): Error | null {
    const cell = this.cells.get(to);
    if (!cell) return this.deadLetter(to, envelope, 'unknown-actor', new ActorNotFoundError(to), seq);
    this.counters.messagesReceived++;
    const offered = cell.mailbox.offer(envelope);
    switch (offered.outcome) {
      case 'accepted':
        break;
      case 'rejected':
        return this.deadLetter(to, envelope, 'mailbox-full', this.mailboxFull(cell, envelope), seq);
      case 'dropped': {
        const newest = offered.dropped === envelope;
        this.deadLetter(to, offered.dropped, newest ? 'dropped-newest' : 'dropped-oldest', this.mailboxFull(cell, offered.dropped), 0);
        if (newest) return null;
      }
    }
    if (cell.status === 'active' && !cell.scheduled) this.schedule(cell);
    return null;
  }

  private mailboxFull(cell: ActorCell, envelope: Envelope): MailboxFullError {
    return new MailboxFullError(cell.id, cell.spec.mailbox.capacity, envelope.message);
  }

  deadLetter(to: string, envelope: Envelope, reason: DeadLetterReason, error: Error, seq: number): Error {
    this.counters.deadLetters++;
    const record = toErrorRecord(error);
    this.emit({ type: 'dead-letter', to, message: envelope.message, reason, error: record, thread: this.thread });
    if (envelope.replyTo) this.sendReplyError(envelope.replyTo, error);
    if (seq > 0) this.mainLink.send({ kind: 'undelivered', seq, error: record });
    return error;
  }

  checkLocalCapacity(target: ActorRef<unknown>, message: unknown): void {
    const cell = this.cells.get(target.id);
    if (cell && cell.spec.mailbox.overflow === 'reject' && cell.mailbox.isFull) {
      throw new MailboxFullError(cell.id, cell.spec.mailbox.capacity, message);
    }
  }

  // ── Scheduling and turns ─────────────────────────────────────────────────────

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
    const started = performance.now();
    let handled = 0;
    for (let cell = this.runQueue.shift(); cell !== undefined; cell = this.runQueue.shift()) {
      cell.scheduled = false;
      this.runCell(cell);
      if ((++handled & 31) === 0 && performance.now() - started > DRAIN_SLICE_MS) {
        if (this.runQueue.size > 0) {
          this.drainPending = true;
          setImmediate(this.drainBound);
        }
        return;
      }
    }
  }

  private runCell(cell: ActorCell): void {
    const behaviour = cell.behaviour as AnyBehaviour;
    for (let n = 0; n < this.init.throughput && cell.status === 'active'; n++) {
      const envelope = cell.mailbox.shift();
      if (envelope === undefined) return;
      this.counters.turns++;
      const ctx = new TurnContext(this, cell, envelope, cell.incarnation);
      let result: unknown;
      try {
        result = behaviour.receive(cell.state, envelope.message, ctx);
      } catch (error) {
        ctx.close();
        this.lifecycle.turnFailed(cell, envelope, error);
        return;
      }
      if (isPromiseLike(result)) {
        cell.status = 'busy';
        result.then(
          (value) => this.afterAsyncTurn(ctx, envelope, value, undefined, false),
          (error) => this.afterAsyncTurn(ctx, envelope, undefined, error, true),
        );
        return;
      }
      this.completeTurn(cell, envelope, ctx, result);
    }
    if (cell.status === 'active' && cell.mailboxDepth > 0 && !cell.scheduled) this.schedule(cell);
  }

  private afterAsyncTurn(ctx: TurnContext, envelope: Envelope, result: unknown, error: unknown, failed: boolean): void {
    const cell = ctx.cell;
    ctx.close();
    if (ctx.incarnation !== cell.incarnation || this.cells.get(cell.id) !== cell) {
      // Restarted or stopped while the turn was awaiting: its outcome belongs to nobody.
      if (envelope.replyTo) this.sendReplyError(envelope.replyTo, new ActorStoppedError(cell.id));
      return;
    }
    cell.status = 'active';
    if (failed) this.lifecycle.turnFailed(cell, envelope, error);
    else this.completeTurn(cell, envelope, ctx, result);
    if (cell.status === 'active' && cell.mailboxDepth > 0 && !cell.scheduled) this.schedule(cell);
  }

  private completeTurn(cell: ActorCell, envelope: Envelope, ctx: TurnContext, result: unknown): void {
    ctx.close();
    cell.headAttempts = 0;
    cell.processed++;
    let stopReason = null;
    if (isDirective(result)) {
      switch (result[directiveTag]) {
        case 'reply':
          if (envelope.replyTo) {
            ctx.replied = true;
            ctx.replyValue = result.value;
          }
          cell.state = result.state;
          break;
        case 'stop':
          stopReason = result.reason;
          if (result.state !== undefined) cell.state = result.state;
          break;
      }
    } else {
      cell.state = result;
    }
    if (ctx.effects) this.applyEffects(cell, ctx.effects);
    if (envelope.replyTo) {
      if (ctx.replied) this.sendReply(envelope.replyTo, ctx.replyValue);
      else if (!ctx.deferred) this.sendReplyError(envelope.replyTo, new NoReplyError(cell.id));
    }
    if (stopReason !== null) this.lifecycle.stop(cell, stopReason, null);
  }

  /** Carry out a turn's effects, in the order they were issued. */
  applyEffects(cell: ActorCell, effects: readonly Effect[]): void {
    for (const effect of effects) {
      switch (effect.type) {
        case 'tell':
          this.sendTell(effect.target, effect.message);
          break;
        case 'reply':
          this.sendReply(effect.to, effect.value);
          break;
        case 'spawn':
          this.lifecycle.spawnChild(cell, effect.spec);
          break;
        case 'stop':
          this.lifecycle.stopByRequest(cell, effect.target);
          break;
        case 'schedule':
          this.lifecycle.setTimer(cell, effect.key, effect.delayMs, effect.message);
          break;
        case 'cancel-schedule':
          this.lifecycle.cancelTimer(cell, effect.key);
          break;
      }
    }
  }

  // ── Sending ──────────────────────────────────────────────────────────────────

  route(thread: number, record: WireRecord): void {
    if (thread === this.thread) this.handle(record);
    else if (thread === MAIN_THREAD) this.mainLink.send(record);
    else {
      const link = this.peerLinks[thread];
      if (!link) throw new InvalidArgumentError('thread', `${thread} is not a thread of this system`);
      link.send(record);
    }
  }

  private sendTell(target: ActorRef<unknown>, message: unknown): void {
    if (target.thread === this.thread) {
      this.deliver(target.id, new Envelope(message, null), 0);
      return;
    }
    try {
      this.route(target.thread, { kind: 'tell', to: target.id, message, seq: 0 });
    } catch (error) {
      this.deadLetter(target.id, new Envelope(message, null), 'unknown-actor', error as Error, 0);
    }
  }

  sendReply(to: ReplyTo, value: unknown): void {
    if (to.thread === this.thread) {
      if (!this.asks.resolve(to.askId, value)) this.noteLateReply(to.askId);
      return;
    }
    try {
      this.route(to.thread, { kind: 'reply', askId: to.askId, value });
    } catch (error) {
      this.sendReplyError(to, error as Error);
    }
  }

  sendReplyError(to: ReplyTo, error: Error): void {
    if (to.thread === this.thread) {
      if (!this.asks.reject(to.askId, error)) this.noteLateReply(to.askId);
      return;
    }
    this.route(to.thread, { kind: 'reply-error', askId: to.askId, error: toErrorRecord(error) });
  }

  emit(event: SystemEvent): void {
    if (this.shuttingDown && event.type !== 'dead-letter') return;
    try {
      this.mainLink.send({ kind: 'event', event });
    } catch {
      // The event carries a message that cannot cross threads: report it without the payload.
      const safe = event.type === 'dead-letter' ? { ...event, message: '<unencodable message>' } : event;
      this.mainLink.send({ kind: 'event', event: safe });
    }
  }

  // ── Dispatcher (refs used on this thread outside a turn) and TurnHost ────────

  tell(target: ActorRef<unknown>, message: unknown): Delivery {
    if (target.thread === this.thread) {
      return Delivery.settled(this.deliver(target.id, new Envelope(message, null), 0) ?? undefined);
    }
    this.route(target.thread, { kind: 'tell', to: target.id, message, seq: 0 });
    return Delivery.settled();
  }

  ask<Reply>(target: ActorRef<unknown>, message: unknown, options?: AskOptions): Promise<Reply> {
    return this.askFrom<Reply>(null, target, message, options);
  }

  askFrom<Reply>(_cell: ActorCell | null, target: ActorRef<unknown>, message: unknown, options?: AskOptions): Promise<Reply> {
    const timeoutMs = options?.timeoutMs ?? this.init.askTimeoutMs;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      return Promise.reject(new InvalidArgumentError('options.timeoutMs', 'must be a positive number'));
    }
    return this.asks.create<Reply>(target.id, target.thread, timeoutMs, options?.signal, (askId) => {
      const replyTo: ReplyTo = { thread: this.thread, askId };
      if (target.thread === this.thread) this.deliver(target.id, new Envelope(message, replyTo), 0);
      else this.route(target.thread, { kind: 'ask', to: target.id, message, replyTo });
    });
  }

  childSpec(parent: ActorCell, kind: ActorBehaviour<unknown, unknown, unknown>, options: SpawnOptions<unknown>): SpawnSpec {
    return resolveSpawnSpec(kind, options, {
      defaults: this.init.defaults,
      threads: this.threads,
      ids: this.ids,
      generatedThread: () => this.thread,
      parent: { id: parent.id, thread: this.thread },
    });
  }

  refOf(address: Address): ActorRef<unknown> {
    return new ActorRef(address.id, address.thread, this);
  }

  newContext(cell: ActorCell, envelope: Envelope | null): TurnContext {
    return new TurnContext(this, cell, envelope, cell.incarnation);
  }

  loadKind(kind: ActorKindRef): AnyBehaviour | Promise<AnyBehaviour> {
    const key = `${kind.module}#${kind.name}`;
    const cached = this.kinds.get(key);
    if (cached) return cached;
    const loading = import(kind.module).then(
      (module: Record<string, unknown>) => {
        const behaviour = module[kind.name];
        if (!isBehaviour(behaviour)) {
          this.kinds.delete(key);
          throw new UnknownActorKindError(kind.module, kind.name, 'is not exported by its module as a defineActor() kind');
        }
        this.kinds.set(key, behaviour);
        return behaviour;
      },
      (error: unknown) => {
        this.kinds.delete(key);
        throw new UnknownActorKindError(kind.module, kind.name, `could not be imported: ${String(error)}`);
      },
    );
    this.kinds.set(key, loading);
    return loading;
  }

  // ── Control plane ────────────────────────────────────────────────────────────

  inspect(): ActorInfo[] {
    return [...this.cells.values()].map((cell) => cell.info());
  }

  stats(): ThreadStats {
    let queueDepth = 0;
    for (const cell of this.cells.values()) queueDepth += cell.mailboxDepth;
    return {
      thread: this.thread,
      actors: this.cells.size,
      ...this.counters,
      lateReplies: this.asks.lateReplies,
      queueDepth,
    };
  }

  /** Peer `thread` was replaced: switch to its new port and deal with what died with it. */
  replacePeer(thread: number, port: MessagePort): void {
    const link = this.peerLinks[thread];
    if (!link) return;
    this.ports[thread + 1]?.close();
    this.listen(thread, port);
    link.detach();
    link.attach(port);
    this.lifecycle.onThreadLost(thread);
  }

  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    this.lifecycle.stopAll();
    this.mainLink.flush();
    for (const link of this.peerLinks) link?.flush();
    // Let the flushed batches leave before the ports close.
    await new Promise((resolve) => setImmediate(resolve));
    for (const port of this.ports) port?.close();
  }
}
