/**
 * Scenario tell-cross: tells between actors on two worker threads.
 * Baseline: raw batched postMessage between two workers (`baselines/raw-postmessage.ts`),
 * one direction. Troupe half: `troupe-tell-cross.ts`, one direction and both at once.
 * Target: ≥ 1.5 M msg/s and ≥ 0.5× the baseline.
 */
import { measureRawBatchedThroughput } from '../baselines/raw-postmessage.js';
import type { Scenario } from '../harness/scenario.js';
import { resultFromHalf, runTroupeHalf } from '../harness/troupe-half.js';

export const tellCross: Scenario = {
  name: 'tell-cross',
  description: 'tells from thread 0 to thread 1 vs raw batched postMessage between two workers',
  async run() {
    const baseline = await measureRawBatchedThroughput();
    const troupe = await runTroupeHalf(
      'troupe tell-cross',
      () => import('./troupe-tell-cross.js'),
      (half) => half.measureTroupeTellCross(),
      45_000,
    );
    const common = {
      scenario: 'tell-cross',
      unit: 'msg/s',
      better: 'higher',
      baseline: { name: 'raw-postmessage batched 1 dir', value: baseline.perSecond },
    } as const;
    return [
      resultFromHalf(
        { ...common, metric: 'cross-thread tells, 1 direction', note: 'main-timed from blast until the Sink handled all; target >= 1.5 M msg/s and >= 0.5x' },
        troupe,
        (result) => result.oneDirection.perSecond,
      ),
      resultFromHalf(
        { ...common, metric: 'cross-thread tells, 2 directions', note: 'both threads send and receive at once; total msg/s' },
        troupe,
        (result) => result.twoDirections.perSecond,
      ),
    ];
  },
};
