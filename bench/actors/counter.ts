/**
 * `Counter`: the smallest useful actor — adds `by` on `inc`. On `report` it tells its
 * count to `to` and starts again from zero; because its mailbox is FIFO, that report
 * also proves every earlier `inc` has been handled. The unit of work in tell-local.
 */
import { type ActorRef, defineActor } from '../../src/kernel/index.js';

/** What a Counter tells back on `report`. */
export type CountedMsg = { readonly type: 'counted'; readonly count: number };

export type CounterMsg =
  | { readonly type: 'inc'; readonly by: number }
  | { readonly type: 'report'; readonly to: ActorRef<CountedMsg> };

export const Counter = defineActor<CounterMsg, number, void>({
  module: import.meta.url,
  name: 'Counter',
  init: () => 0,
  receive: (count, message, ctx) => {
    switch (message.type) {
      case 'inc':
        return count + message.by;
      case 'report':
        ctx.tell(message.to, { type: 'counted', count });
        return 0;
    }
  },
});
