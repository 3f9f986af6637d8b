/**
 * `Sink`: the receiving end of tell-cross. Counts every `inc` it is told; an `until` ask
 * is answered (possibly many turns later) once the running total reaches `count`, so the
 * asker learns the moment the last message has been handled, whatever the arrival order.
 */
import { defineActor, reply } from '../../src/kernel/index.js';
import { deferAskReply, type ReplyTo } from './deferred-reply.js';

export type SinkMsg =
  | { readonly type: 'inc'; readonly by: number }
  | { readonly type: 'until'; readonly count: number };

interface Waiter {
  readonly count: number;
  readonly replyTo: ReplyTo;
}

interface SinkState {
  readonly received: number;
  readonly waiter: Waiter | null;
}

export const Sink = defineActor<SinkMsg, SinkState, void>({
  module: import.meta.url,
  name: 'Sink',
  init: () => ({ received: 0, waiter: null }),
  receive: (state, message, ctx) => {
    switch (message.type) {
      case 'inc': {
        const received = state.received + message.by;
        const { waiter } = state;
        if (waiter && received >= waiter.count) {
          ctx.replyTo(waiter.replyTo, received);
          return { received, waiter: null };
        }
        return { received, waiter };
      }
      case 'until': {
        if (state.received >= message.count) return reply(state.received, state);
        return { ...state, waiter: { count: message.count, replyTo: deferAskReply(ctx, 'Sink until') } };
      }
    }
  },
});
