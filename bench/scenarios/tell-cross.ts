/**
 * Scenario tell-cross: tells between actors on two worker threads.
 * Baseline: raw batched postMessage between two workers (`baselines/raw-postmessage.ts`),
 * one direction. Troupe half: `troupe-tell-cross.ts`, one direction and both at once.
 * Target: ≥ 1.5 M msg/s and ≥ 0.5× the baseline.
 */
import { openRawBatchedThroughput } from '../baselines/raw-postmessage.js';
import { runInterleaved } from '../harness/interleave.js';
import { medianThroughput } from '../harness/measure.js';
import type { Scenario } from '../harness/scenario.js';
import { resultFromHalf } from '../harness/troupe-half.js';

export const tellCross: Scenario = {
  name: 'tell-cross',
  description: 'tells from thread 0 to thread 1 vs raw batched postMessage between two workers',
  async run() {
    const outcome = await runInterleaved({
      baseline: () => openRawBatchedThroughput({ messages: 2_000_000, batchSize: 1_000 }),
      ours: {
        label: 'troupe tell-cross',
        load: () => import('./troupe-tell-cross.js'),
        open: (half) => half.openTroupeTellCross(),
      },
      warmupRounds: 1,
      rounds: 3,
      roundTimeoutMs: 30_000,
    });
    const common = {
      scenario: 'tell-cross',
      unit: 'msg/s',
      better: 'higher',
      baseline: {
        name: 'raw-postmessage batched, 1 dir',
        value: medianThroughput(outcome.baseline).perSecond,
      },
    } as const;
    const rounds = 'median of 3 alternating rounds; main-timed from the blast until the Sink handled all';
    return [
      resultFromHalf(
        {
          ...common,
          metric: 'cross-thread tells, 1 direction',
          note: `${rounds}; target >= 1.5 M msg/s and >= 0.5x`,
        },
        outcome.ours,
        (samples) => medianThroughput(samples.map((sample) => sample.oneDirection)).perSecond,
      ),
      resultFromHalf(
        {
          ...common,
          metric: 'cross-thread tells, 2 directions',
          note: `${rounds}; both threads send and receive, total msg/s`,
        },
        outcome.ours,
        (samples) => medianThroughput(samples.map((sample) => sample.twoDirections)).perSecond,
      ),
    ];
  },
};
