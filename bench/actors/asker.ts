/**
 * `Asker`: the near end of ask-cross. A `measure` ask runs `warmup + rounds` sequential
 * asks to `target` inside one async turn and replies with the µs of each recorded round
 * trip (timed in this worker with `process.hrtime.bigint()`).
 */
import { type ActorRef, defineActor, reply } from '../../src/kernel/index.js';
import type { EchoMsg } from './echo.js';

export type AskerMsg = {
  readonly type: 'measure';
  readonly target: ActorRef<EchoMsg>;
  readonly warmup: number;
  readonly rounds: number;
};

export const Asker = defineActor<AskerMsg, null, void>({
  module: import.meta.url,
  name: 'Asker',
  init: () => null,
  receive: async (state, message, ctx) => {
    const samples: number[] = [];
    for (let seq = 0; seq < message.warmup + message.rounds; seq++) {
      const start = process.hrtime.bigint();
      const answer = await ctx.ask<number>(message.target, { type: 'ping', seq });
      if (answer !== seq) throw new Error(`Echo answered ${answer} to ping ${seq}`);
      if (seq >= message.warmup) samples.push(Number(process.hrtime.bigint() - start) / 1000);
    }
    return reply(samples, state);
  },
});
