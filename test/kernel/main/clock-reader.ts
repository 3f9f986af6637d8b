/**
 * Test fixture for `clock.test.ts`: an actor that answers what time `ctx.now()` says.
 * (It lives beside its test because fixtures shared across the tree are in `test/fixtures/`.)
 */
import { defineActor, reply } from '../../../src/kernel/index.js';

export type ClockReaderMsg = { readonly type: 'now' };

export const ClockReader = defineActor<ClockReaderMsg, null, undefined>({
  module: import.meta.url,
  name: 'ClockReader',
  init: () => null,
  receive: (state, msg, ctx) => {
    switch (msg.type) {
      case 'now':
        return reply(ctx.now(), state);
    }
  },
});
