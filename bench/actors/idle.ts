/**
 * `Idle`: an actor that does nothing but answer `ping` — what the spawn scenario creates
 * by the million, so its per-actor heap is the runtime's overhead plus a `null` state.
 */
import { defineActor, reply } from '../../src/kernel/index.js';

export type IdleMsg = { readonly type: 'ping' };

export const Idle = defineActor<IdleMsg, null, void>({
  module: import.meta.url,
  name: 'Idle',
  init: () => null,
  receive: (state) => reply(true, state),
});
