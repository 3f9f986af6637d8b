/**
 * The demo's one actor kind of its own: `Jammer`, whose `spin` turn never ends — the kind of
 * bug (a busy loop, a synchronous call that hangs) that would freeze a single-threaded agent
 * host. Its short turn budget lets the watchdog notice within a second: the thread is ended and
 * replaced, and the Jammer restarts on the new one and answers `ping` again. It is an in-memory
kind, so the message that jammed it dies with the thread.
 */
import { defineActor, reply } from '../../kernel/index.js';

export type JammerMsg = { readonly type: 'spin' } | { readonly type: 'ping' };

/** The Jammer's turn budget: a spin past it jams the thread. */
export const JAMMER_TURN_TIMEOUT_MS = 300;

export const Jammer = defineActor<JammerMsg, number, undefined>({
  module: import.meta.url,
  name: 'Jammer',
  turnTimeoutMs: JAMMER_TURN_TIMEOUT_MS,
  // In memory: the spin dies with its thread. (A durable kind would get it back from its stored
  // inbox and jam again, until the message is quarantined as a dead letter after a few tries.)
  persistent: false,
  init: () => 0,
  receive: (pings, msg) => {
    switch (msg.type) {
      case 'spin':
        for (;;) {
          // jammed: only the watchdog ends this turn
        }
      case 'ping':
        return reply(pings + 1, pings + 1);
    }
  },
});
