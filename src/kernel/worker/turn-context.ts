/**
 * `TurnContext`: the `ctx` handed to one `init`, `receive` or `terminate` call.
 *
 * It records effects for the runtime to apply after the turn and closes when the turn
 * ends, so a context kept past its turn cannot act behind the runtime's back. Also here:
 * `TurnContexts`, the one context a thread reuses for every synchronous turn.
 */

import { type ActorBehaviour, isBehaviour } from '../actor/behaviour.js';
import type { ActorContext, ReplyTo, ScheduleOptions, SpawnOptions, TimerDue } from '../actor/context.js';
import { ActorRef, type AskOptions, type Dispatcher } from '../actor/ref.js';
import { type IdGenerator, resolveSpawnSpec, type SpawnDefaults } from '../actor/spawn-spec.js';
import { assertTableName, type Table } from '../actor/table.js';
import { TokenBucket } from '../actor/token-bucket.js';
import type { Clock } from '../clock.js';
import { DeadlockError, InvalidArgumentError, RateLimitedError, TroupeError } from '../errors.js';
import type { Store } from '../persistence/store.js';
import { assertEncodable } from '../wire/encodable.js';
import { type ActorCell, Envelope, type MailItem, messageOf } from './cell.js';
import type { Effect } from './effects.js';
import { TurnTable } from './turn-table.js';

/** Where `ctx.tell` finds a target of this thread (`mail-delivery.ts`). */
export interface LocalTargets {
  /** The target's local cell, its mailbox checked now so a `reject` overflow fails the send itself. */
  localTarget(target: ActorRef<unknown>, message: unknown): ActorCell | undefined;
}

/** The thread's dispatcher as a context uses it (`dispatcher.ts`): refs are bound to it, asks go through it. */
export interface ActorAsks extends Dispatcher {
  askFrom<Reply>(
    cell: ActorCell,
    target: ActorRef<unknown>,
    message: unknown,
    options: AskOptions | undefined,
    traceparent: string | null,
  ): Promise<Reply>;
}

/** What a context needs from the thread it runs on. */
export interface TurnServices {
  readonly thread: number;
  readonly threads: number;
  readonly clock: Clock;
  /** Defaults and ids for the specs of children spawned with `ctx.spawn`. */
  readonly spawnDefaults: SpawnDefaults;
  readonly ids: IdGenerator;
  readonly targets: LocalTargets;
  readonly dispatcher: ActorAsks;
  /** Where durable actors' tables are read; `null` in a memory-only system. */
  readonly tables: Pick<Store, 'getEntry' | 'rangeEntries'> | null;
}

/**
 * One context object serves every synchronous turn of a thread (`open` rebinds it); a
 * turn that goes async keeps its context, and the thread takes a fresh one.
 */
export class TurnContext implements ActorContext<unknown> {
  effects: Effect[] | null = null;
  replied = false;
  replyValue: unknown = undefined;
  deferred = false;
  cell!: ActorCell;
  incarnation = 0;
  private item: MailItem = undefined;
  /** The trace of the message this turn handles (read once a turn: each tell and ask carries it on). */
  private turnTraceparent: string | null = null;
  private replyAddress: ReplyTo | null = null;
  private closed = true;
  private timerCount = 0;
  private readonly thread: number;
  private readonly targets: LocalTargets;
  /** A child with a generated id lives on its parent's thread. */
  private readonly generatedThread: () => number;

  constructor(private readonly services: TurnServices) {
    const thread = services.thread;
    this.thread = thread;
    this.targets = services.targets;
    this.generatedThread = () => thread;
  }

  /** Bind to a new turn of `cell` handling `item` (`undefined` for init and terminate). */
  open(cell: ActorCell, item: MailItem): this {
    this.cell = cell;
    this.incarnation = cell.incarnation;
    this.item = item;
    if (item instanceof Envelope) {
      this.replyAddress = item.replyTo;
      this.turnTraceparent = item.traceparent;
    } else {
      this.replyAddress = null;
      this.turnTraceparent = null;
    }
    this.effects = null;
    this.replied = false;
    this.replyValue = undefined;
    this.deferred = false;
    this.closed = false;
    return this;
  }

  /** Hand the recorded effects to the runtime (the context may then serve another turn). */
  takeEffects(): Effect[] | null {
    const effects = this.effects;
    this.effects = null;
    return effects;
  }

  get message(): unknown {
    return messageOf(this.item);
  }

  get self(): ActorRef<unknown> {
    return this.cell.ref;
  }

  get parent(): ActorRef<unknown> | null {
    const parent = this.cell.spec.parent;
    return parent ? new ActorRef(parent.id, parent.thread, this.services.dispatcher) : null;
  }

  get isAsk(): boolean {
    return this.replyAddress !== null;
  }

  get traceparent(): string | null {
    return this.turnTraceparent;
  }

  close(): void {
    this.closed = true;
  }

  reply(value: unknown): void {
    this.assertOpen('reply');
    if (!this.replyAddress) return;
    if (this.replyAddress.thread !== this.thread) assertEncodable(value, 'reply');
    this.replied = true;
    this.replyValue = value;
  }

  deferReply(): ReplyTo | null {
    this.assertOpen('deferReply');
    if (!this.replyAddress) return null;
    this.deferred = true;
    return this.replyAddress;
  }

  replyTo(to: ReplyTo, value: unknown): void {
    this.assertOpen('replyTo');
    if (
      typeof to !== 'object' ||
      to === null ||
      typeof to.askId !== 'number' ||
      typeof to.thread !== 'number'
    ) {
      throw new InvalidArgumentError('to', 'must be a ReplyTo from ctx.deferReply()');
    }
    if (to.thread !== this.thread) assertEncodable(value, 'reply');
    this.push({ type: 'reply', to, value });
  }

  tell<M>(target: ActorRef<M>, message: M): void {
    this.assertOpen('tell');
    assertRef(target, 'target');
    const sendRate = this.cell.behaviour?.sendRate;
    if (sendRate) this.checkSendRate(sendRate);
    let cell: ActorCell | undefined;
    if (target.thread === this.thread) cell = this.targets.localTarget(target as ActorRef<unknown>, message);
    else assertEncodable(message);
    const traceparent = this.turnTraceparent;
    this.push({ type: 'tell', target: target as ActorRef<unknown>, message, cell, traceparent });
  }

  private checkSendRate(rate: { readonly perSecond: number; readonly burst?: number }): void {
    const now = this.services.clock.now();
    if (!this.cell.outbound) {
      this.cell.outbound = new TokenBucket(
        rate.perSecond,
        rate.burst ?? Math.max(1, Math.ceil(rate.perSecond)),
        now,
      );
    }
    const bucket = this.cell.outbound;
    if (!bucket.take(now)) throw new RateLimitedError(this.cell.id, bucket.waitMs(now), 'send');
  }

  ask<Reply = unknown, M = unknown>(target: ActorRef<M>, message: M, options?: AskOptions): Promise<Reply> {
    this.assertOpen('ask');
    assertRef(target, 'target');
    if (target.id === this.cell.id) return Promise.reject(new DeadlockError([this.cell.id, this.cell.id]));
    const { dispatcher } = this.services;
    return dispatcher.askFrom<Reply>(
      this.cell,
      target as ActorRef<unknown>,
      message,
      options,
      this.turnTraceparent,
    );
  }

  spawn<M, S, A>(kind: ActorBehaviour<M, S, A>, options: SpawnOptions<A> = {}): ActorRef<M> {
    this.assertOpen('spawn');
    if (!isBehaviour(kind))
      throw new InvalidArgumentError('kind', 'must be an actor kind made by defineActor()');
    if (options.parent !== undefined) {
      throw new InvalidArgumentError(
        'options.parent',
        'cannot be set from ctx.spawn: the spawning actor is the parent',
      );
    }
    const services = this.services;
    const spec = resolveSpawnSpec(
      kind as unknown as ActorBehaviour<unknown, unknown, unknown>,
      options as SpawnOptions<unknown>,
      {
        defaults: services.spawnDefaults,
        threads: services.threads,
        ids: services.ids,
        generatedThread: this.generatedThread,
        parent: this.cell.address,
      },
    );
    if (spec.thread !== this.thread) assertEncodable(spec.args, 'options.args');
    this.push({ type: 'spawn', spec });
    return new ActorRef<M>(spec.id, spec.thread, services.dispatcher);
  }

  stop(target?: ActorRef<unknown>): void {
    this.assertOpen('stop');
    if (target !== undefined) {
      assertRef(target, 'target');
      if (target.id !== this.cell.id && !this.cell.children?.has(target.id)) {
        throw new InvalidArgumentError(
          'target',
          `must be this actor or one of its children ("${target.id}" is not)`,
        );
      }
    }
    this.push({ type: 'stop', target: target ?? this.cell.ref });
  }

  schedule(due: TimerDue, message: unknown, options?: ScheduleOptions): string {
    this.assertOpen('schedule');
    const dueAt = typeof due === 'number' ? this.services.clock.now() + due : due?.at;
    if (typeof dueAt !== 'number' || !Number.isFinite(dueAt) || (typeof due === 'number' && due < 0)) {
      throw new InvalidArgumentError('due', 'must be a delay in ms >= 0 or { at: epoch ms }');
    }
    const every = options?.every ?? null;
    if (every !== null && (typeof every !== 'number' || !Number.isFinite(every) || every <= 0)) {
      throw new InvalidArgumentError('options.every', 'must be a positive number of ms');
    }
    if (this.cell.spec.persistent) assertEncodable(message);
    const key = options?.key ?? `timer:${this.cell.processed}:${this.timerCount++}`;
    this.push({ type: 'schedule', key, dueAt, every, message });
    return key;
  }

  now(): number {
    return this.services.clock.now();
  }

  get missedFirings(): number {
    return this.item instanceof Envelope ? this.item.missed : 0;
  }

  table<Value = unknown>(name: string): Table<Value> {
    this.assertOpen('table');
    assertTableName(name);
    const tables = this.services.tables;
    if (!tables || !this.cell.spec.persistent)
      throw new InvalidArgumentError('table', 'is kept only by durable actors (a system with a dataDir)');
    return new TurnTable<Value>(name, this, tables);
  }

  /** Record an effect of this turn (a table's write). */
  record(effect: Effect): void {
    this.assertOpen('table');
    this.push(effect);
  }

  cancelSchedule(key: string): void {
    this.assertOpen('cancelSchedule');
    this.push({ type: 'cancel-schedule', key });
  }

  private push(effect: Effect): void {
    if (this.effects) this.effects.push(effect);
    else this.effects = [effect];
  }

  private assertOpen(operation: string): void {
    if (this.closed) {
      throw new TroupeError(
        'invalid_argument',
        `ctx.${operation} was called after the turn of "${this.cell.id}" ended`,
      );
    }
  }
}

function assertRef(value: unknown, name: string): void {
  if (!(value instanceof ActorRef)) throw new InvalidArgumentError(name, 'must be an ActorRef');
}

/**
 * The context every synchronous turn (and `init`, `terminate`) of a thread reuses: `open`
 * rebinds it. A turn or init that goes async keeps its context, and the thread takes a
 * fresh one (`release`). Sharing one object also keeps the count in the default timer keys
 * (`timer:<processed>:<count>`) going across the turns and inits it serves.
 */
export class TurnContexts {
  private current: TurnContext;

  constructor(private readonly services: TurnServices) {
    this.current = new TurnContext(services);
  }

  /** The context for a turn of `cell` handling `item` (`undefined` for init and terminate). */
  open(cell: ActorCell, item: MailItem): TurnContext {
    return this.current.open(cell, item);
  }

  /** The open context went async and keeps it: later turns get a fresh one. */
  release(): void {
    this.current = new TurnContext(this.services);
  }
}
