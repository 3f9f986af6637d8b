/**
 * `Spinner`: an actor that can jam its thread on purpose (an endless turn) — the load of
 * the watchdog scenario — and answers `ping` otherwise.
 */
import { defineActor, reply } from '../../src/kernel/index.js';

export type SpinnerMsg = { readonly type: 'spin' } | { readonly type: 'ping' };

export const Spinner = defineActor<SpinnerMsg, null, void>({
  module: import.meta.url,
  name: 'Spinner',
  init: () => null,
  receive: (state, message) => {
    if (message.type === 'ping') return reply('pong', state);
    for (;;) {
      // jam: only the watchdog gets this thread back
    }
  },
});
