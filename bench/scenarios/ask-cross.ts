/**
 * Scenario ask-cross: sequential asks across threads, p50/p99 round trip in µs.
 * Baselines: raw postMessage ping-pong worker ↔ worker (for actor → actor asks) and
 * main ↔ worker (for asks from the main thread). Troupe half: `troupe-ask-cross.ts`.
 */
import { measureRawPingPong } from '../baselines/raw-postmessage.js';
import type { LatencySummary } from '../harness/latency.js';
import type { BenchResult } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';
import { resultFromHalf, runTroupeHalf } from '../harness/troupe-half.js';

const ROUNDS = { warmup: 1_000, rounds: 10_000 };

export const askCross: Scenario = {
  name: 'ask-cross',
  description: 'sequential cross-thread asks vs raw postMessage ping-pong (µs per round trip)',
  async run() {
    const workerBaseline = await measureRawPingPong({ path: 'worker-worker', ...ROUNDS });
    const mainBaseline = await measureRawPingPong({ path: 'main-worker', ...ROUNDS });
    const troupe = await runTroupeHalf(
      'troupe ask-cross',
      () => import('./troupe-ask-cross.js'),
      (half) => half.measureTroupeAskCross(ROUNDS),
      30_000,
    );
    const results: BenchResult[] = [];
    const paths = [
      { label: 'actor→actor', baseline: workerBaseline, name: 'raw ping-pong worker↔worker', pick: 'actorToActor' },
      { label: 'main→actor', baseline: mainBaseline, name: 'raw ping-pong main↔worker', pick: 'mainToActor' },
    ] as const;
    for (const path of paths) {
      for (const percentile of ['p50', 'p99'] as const) {
        const fields = {
          scenario: 'ask-cross',
          metric: `ask round trip ${path.label} ${percentile}`,
          unit: 'µs',
          better: 'lower',
          baseline: { name: path.name, value: path.baseline[percentile] },
          note: `${ROUNDS.rounds} sequential asks after ${ROUNDS.warmup} warm-up, hrtime per ask`,
        } as const;
        results.push(resultFromHalf(fields, troupe, (value) => (value[path.pick] as LatencySummary)[percentile]));
      }
    }
    return results;
  },
};
