/**
 * `ActorRef`: the address of an actor — plain data (`id` and home `thread`) that can
 * travel inside messages to any thread, with `tell` and `ask` bound to the runtime of
 * the thread that holds it (the system on the main thread, the thread runtime in a worker).
 *
 * The codec carries a ref as an extension type and rebinds it on decode, so a ref
 * received in a message is usable at once.
 */
import { UnboundRefError } from '../errors.js';
import type { Delivery } from './delivery.js';

export interface AskOptions {
  /** Reject with `AskTimeoutError` after this long (default: the system's ask timeout). */
  readonly timeoutMs?: number;
  /** Abort the ask: the promise rejects with `AskAbortedError`, a late reply is dropped. */
  readonly signal?: AbortSignal;
}

export interface TellOptions {
  /**
   * An idempotency key (durable actors, from the main thread): a message with a
   * `messageId` the actor already accepted is acknowledged again but not delivered twice.
   */
  readonly messageId?: string;
}

/** What a ref needs from the runtime of the thread it is used on. */
export interface Dispatcher {
  tell(target: ActorRef<unknown>, message: unknown, options?: TellOptions): Delivery;
  ask<Reply>(target: ActorRef<unknown>, message: unknown, options?: AskOptions): Promise<Reply>;
}

let threadDispatcher: Dispatcher | null = null;

/**
 * Where a worker caches the local cell a ref points to, to skip a lookup per message.
 * Runtime-internal; never encoded (the codec writes only id and thread).
 */
export const cellSlot: unique symbol = Symbol('troupe.cell');

/** Set the dispatcher refs decoded on this thread are bound to (one per worker thread). */
export function setThreadDispatcher(dispatcher: Dispatcher | null): void {
  threadDispatcher = dispatcher;
}

export class ActorRef<Msg> {
  /** Phantom: the messages this actor accepts. */
  declare readonly __msg?: Msg;
  readonly id: string;
  /** The logical thread the actor is homed on. */
  readonly thread: number;
  #dispatcher: Dispatcher | null;
  [cellSlot]: unknown = undefined;

  constructor(id: string, thread: number, dispatcher: Dispatcher | null = null) {
    this.id = id;
    this.thread = thread;
    this.#dispatcher = dispatcher;
  }

  /**
   * Send without waiting for an answer. Await the result to learn that the message was
   * accepted: in the mailbox — or, for a durable actor, committed to its stored inbox.
   */
  tell(message: Msg, options?: TellOptions): Delivery {
    return this.dispatcher().tell(this as ActorRef<unknown>, message, options);
  }

  /** Send and wait for the reply (`ctx.reply` or the `reply` directive). Always bounded by a timeout. */
  ask<Reply = unknown>(message: Msg, options?: AskOptions): Promise<Reply> {
    return this.dispatcher().ask<Reply>(this as ActorRef<unknown>, message, options);
  }

  equals(other: ActorRef<unknown>): boolean {
    return other.id === this.id;
  }

  toJSON(): { id: string; thread: number } {
    return { id: this.id, thread: this.thread };
  }

  toString(): string {
    return `ActorRef(${this.id}@${this.thread})`;
  }

  private dispatcher(): Dispatcher {
    const dispatcher = this.#dispatcher ?? threadDispatcher;
    if (!dispatcher) throw new UnboundRefError(this.toString());
    return dispatcher;
  }
}

export function isActorRef(value: unknown): value is ActorRef<unknown> {
  return value instanceof ActorRef;
}
