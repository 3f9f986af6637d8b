/**
 * `Echo`: answers every `ping` ask with its sequence number. The far end of ask-cross.
 */
import { defineActor, reply } from '../../src/kernel/index.js';

export type EchoMsg = { readonly type: 'ping'; readonly seq: number };

export const Echo = defineActor<EchoMsg, null, void>({
  module: import.meta.url,
  name: 'Echo',
  init: () => null,
  receive: (state, message) => reply(message.seq, state),
});
