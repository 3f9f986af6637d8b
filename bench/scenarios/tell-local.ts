/**
 * Scenario tell-local: fire-and-forget tells to 10k actors on one thread, round robin.
 * Baseline: the bare ring-buffer dispatch loop (`baselines/ring-dispatch.ts`).
 * Troupe half: `troupe-tell-local.ts`. Target: ≥ 10 M msg/s.
 */
import { createRingDispatchSession } from '../baselines/ring-dispatch.js';
import { runInterleaved } from '../harness/interleave.js';
import { medianThroughput } from '../harness/measure.js';
import type { Scenario } from '../harness/scenario.js';
import { resultFromHalf } from '../harness/troupe-half.js';

const ACTORS = 10_000;
const DURATION_MS = 700;
/** Tells per step of the baseline and per driver turn of ours: mailbox depth drives the figure. */
const CHUNK = 1_000;

export const tellLocal: Scenario = {
  name: 'tell-local',
  description: 'tells to 10k actors on one thread vs a bare ring-buffer dispatch loop',
  async run() {
    const outcome = await runInterleaved({
      baseline: async () =>
        createRingDispatchSession({
          actors: ACTORS,
          durationMs: DURATION_MS,
          messagesPerStep: CHUNK,
          throughput: 64,
        }),
      ours: {
        label: 'troupe tell-local',
        load: () => import('./troupe-tell-local.js'),
        open: (half) => half.openTroupeTellLocal({ actors: ACTORS, durationMs: DURATION_MS, chunk: CHUNK }),
      },
      warmupRounds: 1,
      rounds: 3,
      roundTimeoutMs: 30_000,
    });
    const fields = {
      scenario: 'tell-local',
      metric: 'tell throughput, 10k actors',
      unit: 'msg/s',
      better: 'higher',
      baseline: { name: 'ring-dispatch', value: medianThroughput(outcome.baseline).perSecond },
      note: `median of 3 alternating ${DURATION_MS} ms rounds, ${CHUNK} tells per turn; timed until every Counter reported (all handled); target >= 10 M msg/s`,
    } as const;
    return [resultFromHalf(fields, outcome.ours, (rounds) => medianThroughput(rounds).perSecond)];
  },
};
