/**
 * Deferred replies for the benchmark actors: an ask that is answered in a later turn
 * (when a run completes) keeps its `ReplyTo` in state. `ReplyTo` is derived from the
 * public `ActorContext` so these actors depend on nothing but the kernel's public API.
 */
import type { ActorContext } from '../../src/kernel/index.js';

export type ReplyTo = NonNullable<ReturnType<ActorContext<unknown>['deferReply']>>;

/** Take the reply obligation of the ask being handled; throws if the message was a tell. */
export function deferAskReply<Msg>(ctx: ActorContext<Msg>, what: string): ReplyTo {
  const replyTo = ctx.deferReply();
  if (!replyTo) throw new Error(`${what} must be sent with ask (it replies when the run completes)`);
  return replyTo;
}
