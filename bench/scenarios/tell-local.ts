/**
 * Scenario tell-local: fire-and-forget tells to 10k actors on one thread, round robin.
 * Baseline: the bare ring-buffer dispatch loop (`baselines/ring-dispatch.ts`).
 * Troupe half: `troupe-tell-local.ts`. Target: ≥ 10 M msg/s.
 */
import { measureRingDispatch } from '../baselines/ring-dispatch.js';
import type { Scenario } from '../harness/scenario.js';
import { resultFromHalf, runTroupeHalf } from '../harness/troupe-half.js';

export const tellLocal: Scenario = {
  name: 'tell-local',
  description: 'tells to 10k actors on one thread vs a bare ring-buffer dispatch loop',
  async run() {
    const baseline = measureRingDispatch();
    const troupe = await runTroupeHalf(
      'troupe tell-local',
      () => import('./troupe-tell-local.js'),
      (half) => half.measureTroupeTellLocal(),
      30_000,
    );
    const fields = {
      scenario: 'tell-local',
      metric: 'tell throughput, 10k actors',
      unit: 'msg/s',
      better: 'higher',
      baseline: { name: 'ring-dispatch', value: baseline.perSecond },
      note: 'time from first tell until every Counter reported its count (all handled); target >= 10 M msg/s',
    } as const;
    return [resultFromHalf(fields, troupe, (throughput) => throughput.perSecond)];
  },
};
