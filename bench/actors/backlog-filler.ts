/**
 * `BacklogFiller`: fills the inboxes of Backlog actors for the restart scenario. A `fill`
 * ask sends `total` items round robin to `targets`, `chunk` per turn (continuing with a
 * self-tell), and replies after the last chunk's turn. A durable turn's sends commit with
 * it and its reply leaves only after that commit, so the reply means every item is in a
 * stored inbox.
 */
import { type ActorRef, defineActor } from '../../src/kernel/index.js';
import type { BacklogMsg } from './backlog.js';
import { deferAskReply, type ReplyTo } from './deferred-reply.js';

export type BacklogFillerMsg =
  | {
      readonly type: 'fill';
      readonly targets: readonly ActorRef<BacklogMsg>[];
      readonly total: number;
      readonly chunk: number;
    }
  | { readonly type: 'continue' };

interface Filling {
  readonly replyTo: ReplyTo;
  readonly targets: readonly ActorRef<BacklogMsg>[];
  readonly total: number;
  readonly chunk: number;
  readonly sent: number;
}

export const BacklogFiller = defineActor<BacklogFillerMsg, Filling | null, void>({
  module: import.meta.url,
  name: 'BacklogFiller',
  init: () => null,
  receive: (filling, message, ctx) => {
    switch (message.type) {
      case 'fill': {
        ctx.tell(ctx.self, { type: 'continue' });
        const { targets, total, chunk } = message;
        return { replyTo: deferAskReply(ctx, 'BacklogFiller fill'), targets, total, chunk, sent: 0 };
      }
      case 'continue': {
        if (!filling) return filling;
        const end = Math.min(filling.total, filling.sent + filling.chunk);
        for (let n = filling.sent; n < end; n++) {
          ctx.tell(filling.targets[n % filling.targets.length] as ActorRef<BacklogMsg>, { type: 'item', n });
        }
        if (end === filling.total) {
          ctx.replyTo(filling.replyTo, end);
          return null;
        }
        ctx.tell(ctx.self, { type: 'continue' });
        return { ...filling, sent: end };
      }
    }
  },
});
