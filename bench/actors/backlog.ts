/**
 * `Backlog`: the receiving end of the restart scenario's redelivery figure. A `hold`
 * sent by a process blocks the actor in that process (its turn never ends), so every
 * message after it piles up in the durable inbox; in any other process — after a kill
 * and restart, the hold is redelivered — it passes at once. `item`s are counted; an
 * `until` ask is answered once `count` have been handled.
 */
import { defineActor, reply } from '../../src/kernel/index.js';
import { deferAskReply, type ReplyTo } from './deferred-reply.js';

export type BacklogMsg =
  | { readonly type: 'hold'; readonly pid: number }
  | { readonly type: 'item'; readonly n: number }
  | { readonly type: 'until'; readonly count: number };

interface BacklogState {
  readonly handled: number;
  readonly waiter: { readonly count: number; readonly replyTo: ReplyTo } | null;
}

const never = new Promise<never>(() => {});

export const Backlog = defineActor<BacklogMsg, BacklogState, void>({
  module: import.meta.url,
  name: 'Backlog',
  init: () => ({ handled: 0, waiter: null }),
  receive: (state, message, ctx) => {
    switch (message.type) {
      case 'hold':
        return message.pid === process.pid ? never : state;
      case 'item': {
        const handled = state.handled + 1;
        if (state.waiter && handled >= state.waiter.count) {
          ctx.replyTo(state.waiter.replyTo, handled);
          return { handled, waiter: null };
        }
        return { handled, waiter: state.waiter };
      }
      case 'until':
        if (state.handled >= message.count) return reply(state.handled, state);
        return { ...state, waiter: { count: message.count, replyTo: deferAskReply(ctx, 'Backlog until') } };
    }
  },
});
