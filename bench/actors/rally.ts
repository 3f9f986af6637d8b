/**
 * `Rally`: in-thread ping-pong for peer-xstate. A `serve` ask to one Rally makes it send
 * a ball to `peer`; every Rally returns a ball to whoever sent it, except the server,
 * which counts the return and serves again until `durationMs` has passed, then replies
 * with the round trips and the elapsed time (timed in the worker).
 */
import { performance } from 'node:perf_hooks';
import { type ActorRef, defineActor } from '../../src/kernel/index.js';
import { deferAskReply, type ReplyTo } from './deferred-reply.js';

export type RallyMsg =
  | { readonly type: 'serve'; readonly peer: ActorRef<RallyMsg>; readonly durationMs: number }
  | { readonly type: 'ball'; readonly from: ActorRef<RallyMsg> };

export interface RallyReport {
  readonly rounds: number;
  readonly elapsedMs: number;
}

interface Serving {
  readonly replyTo: ReplyTo;
  readonly durationMs: number;
  readonly startedAt: number;
  readonly rounds: number;
}

export const Rally = defineActor<RallyMsg, Serving | null, void>({
  module: import.meta.url,
  name: 'Rally',
  init: () => null,
  receive: (serving, message, ctx) => {
    switch (message.type) {
      case 'serve': {
        const replyTo = deferAskReply(ctx, 'Rally serve');
        ctx.tell(message.peer, { type: 'ball', from: ctx.self });
        return { replyTo, durationMs: message.durationMs, startedAt: performance.now(), rounds: 0 };
      }
      case 'ball': {
        if (!serving) {
          ctx.tell(message.from, { type: 'ball', from: ctx.self });
          return serving;
        }
        const rounds = serving.rounds + 1;
        const elapsedMs = performance.now() - serving.startedAt;
        if (elapsedMs >= serving.durationMs) {
          ctx.replyTo(serving.replyTo, { rounds, elapsedMs } satisfies RallyReport);
          return null;
        }
        ctx.tell(message.from, { type: 'ball', from: ctx.self });
        return { ...serving, rounds };
      }
    }
  },
});
