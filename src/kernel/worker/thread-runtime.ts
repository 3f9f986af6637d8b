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
import { threadId } from 'node:worker_threads';
import type { ActorBehaviour, ActorKindRef } from '../actor/behaviour.js';
import type { ReplyTo, SpawnOptions } from '../actor/context.js';
import { Delivery } from '../actor/delivery.js';
import { PendingAsks } from '../actor/pending-asks.js';
import { ActorRef, type AskOptions, type Dispatcher } from '../actor/ref.js';
import { IdGenerator, resolveSpawnSpec, type SpawnDefaults } from '../actor/spawn-spec.js';
import { type Clock, type ClockSource, clockFrom } from '../clock.js';
import { ActorNotFoundError, errorFromRecord, InvalidArgumentError, toErrorRecord } from '../errors.js';
import type { ActorRecord } from '../persistence/records.js';
import { Sequence } from '../persistence/sequence.js';
import { openStore, type StoreWriter } from '../persistence/store.js';
import { LinkDecoder } from '../wire/codec.js';
import type { ActorInfo, ThreadStats } from '../wire/control.js';
import { assertEncodable } from '../wire/encodable.js';
import type { DeadLetterReason, SystemEvent } from '../wire/events.js';
import { type Batch, Link, type LinkHooks } from '../wire/link.js';
import type { ThreadTask } from '../wire/thread-task.js';
import { TurnWatch } from '../wire/turn-watch.js';
import { waitToken } from '../wire/wait-token.js';
import { type Address, MAIN_THREAD, type SpawnSpec, type WireRecord } from '../wire/wire.js';
import { type ActorCell, type AnyBehaviour, Envelope, type MailItem } from './cell.js';
import { Durability } from './durability.js';
import type { DurablePlan } from './durable-effects.js';
import { DurableTimers } from './durable-timers.js';
import type { Effect } from './effects.js';
import { KindLoader } from './kind-loader.js';
import { Lifecycle, type LifecycleHost } from './lifecycle.js';
import { Mailroom } from './mailroom.js';
import type { TurnContext, TurnHost } from './turn-context.js';
import { TurnRunner } from './turns.js';

/** How often the event loop proves it turns. */
const LOOP_BEAT_MS = 100;

export class Shard implements Dispatcher, TurnHost, LifecycleHost {
  readonly thread: number;
  readonly threads: number;
  readonly clock: Clock;
  readonly cells = new Map<string, ActorCell>();
  readonly asks = new PendingAsks();
  readonly counters = { turns: 0, messagesReceived: 0, deadLetters: 0, failures: 0, restarts: 0 };
  shuttingDown = false;
  readonly lifecycle: Lifecycle;
  private readonly turns: TurnRunner;
  readonly throughput: number;
  readonly turnTimeoutMs: number;
  readonly maxStateBytes: number | undefined;
  readonly watch: TurnWatch;
  /** Jam attempts to charge to an actor's next message (consumed on first use). */
  readonly jammed: Map<string, number>;
  private readonly mainLink: Link<WireRecord>;
  private readonly peerLinks: (Link<WireRecord> | null)[];
  private readonly ports: (MessagePort | null)[] = [];
  private readonly kindLoader = new KindLoader();
  private readonly ids = new IdGenerator();
  private hooksFor(thread: number): LinkHooks<WireRecord> {
    return {
      scheduleFlush: (link) => queueMicrotask(() => link.flush()),
      onUnencodable: (record, error) => this.mailroom.onUnencodable(thread, record, error),
    };
  }
  private readonly mailroom: Mailroom;
  /** Store, commit pipeline and timers; `null` in a memory-only system. */
  readonly durability: Durability | null = null;
  readonly timers: DurableTimers | null = null;

  constructor(private readonly init: ThreadTask) {
    this.thread = init.thread;
    this.threads = init.threads;
    this.clock = clockFrom(init.clock);
    this.throughput = init.throughput;
    this.turnTimeoutMs = init.turnTimeoutMs;
    this.maxStateBytes = init.maxStateBytes;
    this.watch = new TurnWatch(init.turnWatch, threadId);
    this.watch.startBeating(LOOP_BEAT_MS);
    this.jammed = new Map(Object.entries(init.jammed));
    this.lifecycle = new Lifecycle(this);
    this.turns = new TurnRunner(this);
    this.mailroom = new Mailroom(this, init.unknownActorGraceMs, init.defaults.mailbox.capacity);
    this.mainLink = new Link<WireRecord>(init.mainPort, this.hooksFor(MAIN_THREAD));
    this.listen(MAIN_THREAD, init.mainPort);
    this.peerLinks = init.peerPorts.map((port, peer) => {
      if (!port) return null;
      this.listen(peer, port);
      return new Link<WireRecord>(port, this.hooksFor(peer));
    });
    if (init.store && init.sequence) {
      const store = openStore(init.store);
      this.durability = new Durability(store, new Sequence(init.sequence), this, init.idleTimeoutMs);
      this.timers = new DurableTimers(store, this.durability.pipeline, {
        thread: this.thread,
        nextSeq: () => this.durability?.nextSeq() ?? 0,
        deliverFired: (actorId, seq, message, missed) => {
          this.deliver(actorId, new Envelope(message, null, seq, missed), 0);
        },
      });
    }
  }

  startStored(cell: ActorCell, record: ActorRecord): void {
    this.lifecycle.startStored(cell, record);
  }

  dropCell(cell: ActorCell, reason: 'reset' | 'passivated'): void {
    this.lifecycle.dropCell(cell, reason);
  }

  /** Resume what the store says is pending on this thread: actors with mail, timers. */
  recover(): void {
    this.durability?.recover();
    this.timers?.arm();
  }

  // ── Receiving ────────────────────────────────────────────────────────────────

  private listen(from: number, port: MessagePort): void {
    const decoder = new LinkDecoder(this);
    port.on('message', (batch: Batch) => this.onBatch(from, decoder, batch));
    this.ports[from + 1] = port;
  }

  private onBatch(from: number, decoder: LinkDecoder, batch: Batch): void {
    const records = decoder.decode(batch.epoch, batch.bytes) as WireRecord[];
    let receipts = false;
    for (const record of records) {
      if (record.kind === 'tell' && record.seq > 0) {
        this.mailroom.earlyMail.noteSeq(record.seq);
        receipts = true;
      }
      try {
        this.handle(record);
      } catch (error) {
        this.emit({
          type: 'terminate-failed',
          id: `<${record.kind} from thread ${from}>`,
          error: toErrorRecord(error),
          thread: this.thread,
        });
      }
    }
    if (receipts) this.mailroom.reportReceipts();
  }

  /** Apply one wire record addressed to this thread. */
  handle(record: WireRecord): void {
    switch (record.kind) {
      case 'tell':
        this.deliver(
          record.to,
          record.inbox > 0 ? new Envelope(record.message, null, record.inbox) : record.message,
          record.seq,
        );
        return;
      case 'ask':
        this.deliver(record.to, new Envelope(record.message, record.replyTo, record.inbox), 0);
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

  // ── Delivery (see mailroom.ts) ───────────────────────────────────────────────

  deliver(to: string, item: MailItem, seq: number): Error | null {
    return this.mailroom.deliver(to, item, seq);
  }

  deliverTo(cell: ActorCell, item: MailItem, seq: number): Error | null {
    return this.mailroom.deliverTo(cell, item, seq);
  }

  deadLetter(to: string, item: MailItem, reason: DeadLetterReason, error: Error, seq: number): Error {
    return this.mailroom.deadLetter(to, item, reason, error, seq);
  }

  claimEarlyMail(cell: ActorCell): void {
    this.mailroom.claimEarlyMail(cell);
  }

  activateDurable(id: string): ActorCell | undefined {
    return this.mailroom.activateDurable(id);
  }

  localCell(target: ActorRef<unknown>): ActorCell | undefined {
    return this.mailroom.localCell(target);
  }

  localTarget(target: ActorRef<unknown>, message: unknown): ActorCell | undefined {
    return this.mailroom.localTarget(target, message);
  }

  // ── Turns (see turns.ts) ─────────────────────────────────────────────────────

  schedule(cell: ActorCell): void {
    this.turns.schedule(cell);
  }

  applyEffects(cell: ActorCell, effects: readonly Effect[], plan: DurablePlan | null = null): void {
    this.turns.applyEffects(cell, effects, plan);
  }

  commitDurableTurn(
    cell: ActorCell,
    processed: number,
    effects: readonly Effect[] | null,
    release: (plan: DurablePlan | null) => void,
    extra?: (w: StoreWriter) => void,
  ): void {
    this.turns.commitDurableTurn(cell, processed, effects, release, extra);
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

  /** Mail already committed to a durable target's inbox under `inbox`: notify its thread. */
  sendStoredTell(target: ActorRef<unknown>, message: unknown, inbox: number): void {
    if (target.thread === this.thread) this.deliver(target.id, new Envelope(message, null, inbox), 0);
    else this.route(target.thread, { kind: 'tell', to: target.id, message, seq: 0, inbox });
  }

  sendTell(target: ActorRef<unknown>, message: unknown): void {
    if (target.thread === this.thread) {
      const cell = this.localCell(target);
      if (cell) this.deliverTo(cell, message, 0);
      else this.deadLetter(target.id, message, 'unknown-actor', new ActorNotFoundError(target.id), 0);
      return;
    }
    this.route(target.thread, { kind: 'tell', to: target.id, message, seq: 0, inbox: 0 });
  }

  /** A reply ends the asker's wait now (before anything this thread sends next), not when it lands. */
  private endWait(to: ReplyTo): void {
    if (to.thread !== MAIN_THREAD)
      this.emit({ type: 'wait-ended', token: waitToken(to.thread, to.askId), thread: this.thread });
  }

  sendReply(to: ReplyTo, value: unknown): void {
    this.endWait(to);
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
    this.endWait(to);
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
      return Delivery.settled(this.deliver(target.id, message, 0) ?? undefined);
    }
    assertEncodable(message);
    this.route(target.thread, { kind: 'tell', to: target.id, message, seq: 0, inbox: 0 });
    return Delivery.settled();
  }

  ask<Reply>(target: ActorRef<unknown>, message: unknown, options?: AskOptions): Promise<Reply> {
    return this.askFrom<Reply>(null, target, message, options);
  }

  askFrom<Reply>(
    cell: ActorCell | null,
    target: ActorRef<unknown>,
    message: unknown,
    options?: AskOptions,
  ): Promise<Reply> {
    const timeoutMs = options?.timeoutMs ?? this.init.askTimeoutMs;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      return Promise.reject(new InvalidArgumentError('options.timeoutMs', 'must be a positive number'));
    }
    let token: string | null = null;
    const asked = this.asks.create<Reply>(target.id, target.thread, timeoutMs, options?.signal, (askId) => {
      const replyTo: ReplyTo = { thread: this.thread, askId };
      if (cell) {
        // An actor waits for another: an edge of the wait-for graph the deadlock detector watches.
        token = waitToken(this.thread, askId);
        this.emit({
          type: 'wait-started',
          waiter: cell.id,
          target: target.id,
          token,
          since: performance.timeOrigin + performance.now(),
          thread: this.thread,
        });
      }
      if (target.thread === this.thread) this.deliver(target.id, new Envelope(message, replyTo), 0);
      else {
        assertEncodable(message);
        this.route(target.thread, { kind: 'ask', to: target.id, message, replyTo, inbox: 0 });
      }
    });
    if (cell) {
      const ended = () => {
        if (token) this.emit({ type: 'wait-ended', token, thread: this.thread });
      };
      asked.then(ended, ended);
    }
    return asked;
  }

  childSpec(
    parent: ActorCell,
    kind: ActorBehaviour<unknown, unknown, unknown>,
    options: SpawnOptions<unknown>,
  ): SpawnSpec {
    return resolveSpawnSpec(kind, options, {
      defaults: this.init.defaults,
      threads: this.threads,
      ids: this.ids,
      generatedThread: () => this.thread,
      parent: parent.address,
    });
  }

  refOf(address: Address): ActorRef<unknown> {
    return new ActorRef(address.id, address.thread, this);
  }

  newContext(cell: ActorCell): TurnContext {
    return this.turns.newContext(cell);
  }

  releaseContext(): void {
    this.turns.releaseContext();
  }

  loadKind(kind: ActorKindRef): AnyBehaviour | Promise<AnyBehaviour> {
    return this.kindLoader.load(kind);
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
      commits: this.durability?.pipeline.committedEntries ?? 0,
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
    this.mailroom.earlyMail.clear();
    // Let committing turns finish: what they acknowledged must be in the store.
    await this.durability?.pipeline.idle();
    this.shuttingDown = true;
    this.lifecycle.stopAll();
    this.timers?.close();
    this.watch.stop();
    await this.durability?.close();
    this.mainLink.flush();
    for (const link of this.peerLinks) link?.flush();
    // Let the flushed batches leave before the ports close.
    await new Promise((resolve) => setImmediate(resolve));
    for (const port of this.ports) port?.close();
  }
}
