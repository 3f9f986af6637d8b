/**
 * `ActorContext`: what `init`, `receive` and `terminate` may do besides computing state.
 *
 * Everything here except `ask` is an *effect*: it is recorded during the turn and applied
 * by the runtime after the turn succeeds (a turn that throws has no effects). That is the
 * turn boundary the durable store commits atomically.
 */

import type { RestartType, SupervisionSpec } from '../supervision/spec.js';
import type { MailboxOptions } from './mailbox.js';
import type { ActorRef, AskOptions } from './ref.js';
import type { Table } from './table.js';

/** Where the reply to an ask goes: plain data, so it can be kept in state and used in a later turn. */
export interface ReplyTo {
  /** Thread of the asker (-1: the main thread). */
  readonly thread: number;
  readonly askId: number;
  /**
   * The asker's wait was announced to the deadlock detector (an actor's ask while waits are
   * watched): the reply ends it there at once. Absent for every other ask.
   */
  readonly waited?: true;
}

export interface SpawnOptions<Args> {
  /** A unique id; generated when omitted. An explicit id decides the home thread by its hash. */
  readonly id?: string;
  readonly args?: Args;
  /** The supervisor (default: the spawning actor for `ctx.spawn`, the root for `system.spawn`). */
  readonly parent?: ActorRef<unknown>;
  /** How this actor supervises its own children. */
  readonly supervision?: Partial<SupervisionSpec>;
  /** How this actor's supervisor treats its exits. */
  readonly restart?: RestartType;
  readonly mailbox?: MailboxOptions;
}

export interface ScheduleOptions {
  /** Name the timer so it can be cancelled; scheduling the same key again replaces it. */
  readonly key?: string;
  /** Repeat every this many ms after the first firing. */
  readonly every?: number;
}

/** When a timer fires: after a delay (ms), or at an instant (epoch ms). */
export type TimerDue = number | { readonly at: number };

/**
 * What `ctx.spawn` takes: an actor kind made by `defineActor` (an `ActorBehaviour`, which
 * carries its types in the phantom `__types`). Declared here, structurally, so that the
 * context and the behaviour — each naming the other — do not import each other.
 */
export interface SpawnableKind<Msg, State, Args> {
  readonly module: string;
  readonly name: string;
  readonly __types?: { msg: Msg; state: State; args: Args };
}

export interface ActorContext<Msg> {
  readonly self: ActorRef<Msg>;
  /** The supervisor of this actor (`null` for the root's direct children). */
  readonly parent: ActorRef<unknown> | null;
  /** True while handling an ask (a reply is expected). */
  readonly isAsk: boolean;
  /**
   * The W3C `traceparent` of the traced request that sent the message being handled, when it
   * came from the main thread while a `TraceHook` was installed and a trace was active, or from
   * a turn that handled such a message (tells and asks carry it on); else null.
   */
  readonly traceparent: string | null;

  /** Reply to the ask being handled. A reply to a tell is ignored. */
  reply(value: unknown): void;
  /** Take the reply obligation out of this turn: keep the `ReplyTo` and answer later with `replyTo`. */
  deferReply(): ReplyTo | null;
  replyTo(to: ReplyTo, value: unknown): void;

  tell<M>(target: ActorRef<M>, message: M): void;
  /** The one non-deferred operation: the request leaves at once, so an async `receive` can await it. */
  ask<Reply = unknown, M = unknown>(target: ActorRef<M>, message: M, options?: AskOptions): Promise<Reply>;

  /** Spawn a child of this actor. Generated ids live on this actor's thread. */
  spawn<M, S, A>(kind: SpawnableKind<M, S, A>, options?: SpawnOptions<A>): ActorRef<M>;
  /** Stop a child (children first), or this actor when no target is given. */
  stop(target?: ActorRef<unknown>): void;

  /**
   * Send `message` to self after a delay or at an instant, once or `every` ms. Returns the
   * timer key. Durable actors' timers are stored and survive restarts.
   */
  schedule(due: TimerDue, message: Msg, options?: ScheduleOptions): string;
  cancelSchedule(key: string): void;
  /** For a message from a periodic timer: how many firings were missed (the process was down). */
  readonly missedFirings: number;
  /** The system clock's time, epoch ms (a manual clock in tests): read time here, not with `Date.now()`. */
  now(): number;
  /**
   * A table of this (durable) actor: entries by key beside its state, written with its turn
   * (`actor/table.ts`). Throws `InvalidArgumentError` for an actor that is not durable.
   */
  table<Value = unknown>(name: string): Table<Value>;
}
