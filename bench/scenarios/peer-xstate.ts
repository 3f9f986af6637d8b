/**
 * Scenario peer-xstate: troupe against xstate v5 in the same run, on the two things both
 * can do in one thread — tells to 10k actors round robin, and a two-actor ping-pong.
 * Baselines: `baselines/xstate.ts`. Troupe halves: `troupe-tell-local.ts`, `troupe-ping-pong.ts`.
 * (troupe's actors run on a worker thread; xstate's run on the main thread.)
 */
import { measureXstatePingPong, measureXstateTellLocal } from '../baselines/xstate.js';
import type { Scenario } from '../harness/scenario.js';
import { resultFromHalf, runTroupeHalf } from '../harness/troupe-half.js';

export const peerXstate: Scenario = {
  name: 'peer-xstate',
  description: 'troupe vs xstate v5: tells to 10k actors, and two-actor ping-pong',
  async run() {
    const xstateTell = measureXstateTellLocal();
    const xstatePingPong = measureXstatePingPong();
    const troupeTell = await runTroupeHalf(
      'troupe tell-local (peer-xstate)',
      () => import('./troupe-tell-local.js'),
      (half) => half.measureTroupeTellLocal(),
      30_000,
    );
    const troupePingPong = await runTroupeHalf(
      'troupe ping-pong',
      () => import('./troupe-ping-pong.js'),
      (half) => half.measureTroupePingPong(),
      30_000,
    );
    return [
      resultFromHalf(
        {
          scenario: 'peer-xstate',
          metric: 'tell throughput, 10k actors',
          unit: 'msg/s',
          better: 'higher',
          baseline: { name: 'xstate fromTransition .send()', value: xstateTell.perSecond },
        },
        troupeTell,
        (throughput) => throughput.perSecond,
      ),
      resultFromHalf(
        {
          scenario: 'peer-xstate',
          metric: 'ping-pong, 2 actors same thread',
          unit: 'round trips/s',
          better: 'higher',
          baseline: { name: 'xstate actors (actorScope.defer send)', value: xstatePingPong.perSecond },
        },
        troupePingPong,
        (throughput) => throughput.perSecond,
      ),
    ];
  },
};
