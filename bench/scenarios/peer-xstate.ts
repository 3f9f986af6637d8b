/**
 * Scenario peer-xstate: troupe against xstate v5 in the same run, on the two things both
 * can do in one thread — tells to 10k actors round robin, and a two-actor ping-pong.
 * Baselines: `baselines/xstate.ts`. Troupe halves: `troupe-tell-local.ts`, `troupe-ping-pong.ts`.
 * (troupe's actors run on a worker thread; xstate's run on the main thread.)
 */
import { createXstatePingPongSession, createXstateTellLocalSession } from '../baselines/xstate.js';
import { runInterleaved } from '../harness/interleave.js';
import { medianThroughput } from '../harness/measure.js';
import type { Scenario } from '../harness/scenario.js';
import { resultFromHalf } from '../harness/troupe-half.js';

const DURATION_MS = 500;
const ROUNDS = { warmupRounds: 1, rounds: 3, roundTimeoutMs: 30_000 };
const NOTE = `median of 3 alternating ${DURATION_MS} ms rounds after 1 warm-up`;

export const peerXstate: Scenario = {
  name: 'peer-xstate',
  description: 'troupe vs xstate v5: tells to 10k actors, and two-actor ping-pong',
  plannedRounds: 8,
  async run() {
    const tell = await runInterleaved({
      baseline: async () =>
        createXstateTellLocalSession({ actors: 10_000, durationMs: DURATION_MS, messagesPerStep: 10_000 }),
      ours: {
        label: 'troupe tell-local (peer-xstate)',
        load: () => import('./troupe-tell-local.js'),
        open: (half) => half.openTroupeTellLocal({ actors: 10_000, durationMs: DURATION_MS, chunk: 1_000 }),
      },
      ...ROUNDS,
    });
    const pingPong = await runInterleaved({
      baseline: async () => createXstatePingPongSession({ durationMs: DURATION_MS, roundsPerStep: 10_000 }),
      ours: {
        label: 'troupe ping-pong',
        load: () => import('./troupe-ping-pong.js'),
        open: (half) => half.openTroupePingPong({ durationMs: DURATION_MS }),
      },
      ...ROUNDS,
    });
    return [
      resultFromHalf(
        {
          scenario: 'peer-xstate',
          metric: 'tell throughput, 10k actors',
          unit: 'msg/s',
          better: 'higher',
          baseline: {
            name: 'xstate fromTransition .send()',
            value: medianThroughput(tell.baseline).perSecond,
          },
          note: `${NOTE}; troupe timed until every Counter reported`,
        },
        tell.ours,
        (rounds) => medianThroughput(rounds).perSecond,
      ),
      resultFromHalf(
        {
          scenario: 'peer-xstate',
          metric: 'ping-pong, 2 actors same thread',
          unit: 'round trips/s',
          better: 'higher',
          baseline: {
            name: 'xstate actors, send via actorScope.defer',
            value: medianThroughput(pingPong.baseline).perSecond,
          },
          note: NOTE,
        },
        pingPong.ours,
        (rounds) => medianThroughput(rounds).perSecond,
      ),
    ];
  },
};
