/**
 * Everything that crosses a thread on the data plane, declared in one place.
 *
 * Records travel in batches: each message is checked when it is sent (`encodable.ts`, so
 * an unencodable message fails at the sender), the batch is encoded by the link's msgpackr
 * codec when it is flushed and transferred as one buffer. Thread `-1` is the main thread.
 */
import type { StopReason } from '../actor/behaviour.js';
import type { ReplyTo } from '../actor/context.js';
import type { SpawnSpec } from '../actor/spawn-spec.js';
import type { ErrorRecord } from '../errors.js';
import type { ChildExit } from '../supervision/child-exit.js';
import type { SuspensionRecord } from '../supervision/suspension.js';
import type { SystemEvent } from './events.js';
import type { TracedTurn } from './traced-turn.js';

export type { Address, SpawnSpec } from '../actor/spawn-spec.js';
export type { ChildExit } from '../supervision/child-exit.js';

export const MAIN_THREAD = -1;

export type WireRecord =
  /**
   * `seq` > 0: the main thread wants a delivery receipt for this tell. `inbox` > 0: the
   * message is already committed to the target's durable inbox under that sequence number.
   */
  | {
      readonly kind: 'tell';
      readonly to: string;
      readonly message: unknown;
      readonly seq: number;
      readonly inbox: number;
      /** The W3C `traceparent` of the trace that sent it (from the main thread, while a trace was active). */
      readonly traceparent?: string;
    }
  /**
   * Consecutive plain tells to one actor, in the order they were sent (`Outbound.tell` groups
   * them while a batch is open): the target's id crosses once, and the receiver decodes one
   * record instead of one per message. `inboxes`: each message's durable inbox sequence
   * number (see `tell`), or `null` when every one is 0. Never with a receipt or a trace.
   * The arrays are mutable only while the batch is being filled.
   */
  | {
      readonly kind: 'tells';
      readonly to: string;
      readonly messages: unknown[];
      readonly inboxes: number[] | null;
    }
  | {
      readonly kind: 'ask';
      readonly to: string;
      readonly message: unknown;
      readonly replyTo: ReplyTo;
      readonly inbox: number;
      readonly traceparent?: string;
    }
  | { readonly kind: 'reply'; readonly askId: number; readonly value: unknown }
  | { readonly kind: 'reply-error'; readonly askId: number; readonly error: ErrorRecord }
  /** Create the actor on this (its home) thread. With `replyTo`, the spawner waits for init. */
  | { readonly kind: 'spawn'; readonly spec: SpawnSpec; readonly replyTo: ReplyTo | null }
  /** To the parent's thread: register the child in its supervisor, then spawn it. */
  | { readonly kind: 'adopt'; readonly spec: SpawnSpec; readonly replyTo: ReplyTo | null }
  /** Restart the actor from its spec: re-init, keep the mailbox (create it if it is gone). */
  | { readonly kind: 'restart'; readonly spec: SpawnSpec; readonly delayMs: number }
  | {
      readonly kind: 'stop';
      readonly id: string;
      readonly reason: StopReason;
      readonly replyTo: ReplyTo | null;
    }
  /**
   * Set the actor aside, keeping what the store holds: a durable actor leaves memory (its
   * state and inbox stay; with `suspension` it is suspended — not activated until resumed —
   * and the asks in its mailbox fail with `ActorSuspendedError`); any other actor stops.
   */
  | {
      readonly kind: 'suspend';
      readonly id: string;
      readonly suspension: SuspensionRecord | null;
    }
  /** To the supervisor (`parent` '' is the root). */
  | {
      readonly kind: 'child-exit';
      readonly parent: string;
      readonly child: string;
      readonly childThread: number;
      readonly exit: ChildExit;
    }
  /** Thread → main: every receipt up to `upTo` is settled (the failed ones were sent before). */
  | { readonly kind: 'delivered'; readonly upTo: number }
  | { readonly kind: 'undelivered'; readonly seq: number; readonly error: ErrorRecord }
  | { readonly kind: 'event'; readonly event: SystemEvent }
  /**
   * Thread → main: a turn handled a message that carried a `traceparent` (`TracedTurn`), its
   * times on the monotonic clock (`monotonicMs`); the main thread makes them wall times.
   */
  | { readonly kind: 'turn-traced'; readonly turn: TracedTurn };

export type WireKind = WireRecord['kind'];
