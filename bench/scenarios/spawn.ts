/**
 * Scenario spawn: 1 M actors spawned in-thread by a spawner actor — actors/s and heap
 * bytes per idle actor. Baseline: 1 M plain `{ id, state }` objects in a Map, same run
 * (`baselines/plain-objects.ts`). Troupe half: `troupe-spawn.ts`.
 */
import { measurePlainObjects } from '../baselines/plain-objects.js';
import { describeHeapMethod } from '../harness/heap.js';
import type { Scenario } from '../harness/scenario.js';
import { resultFromHalf, runTroupeHalf } from '../harness/troupe-half.js';

const TOTAL = 1_000_000;

export const spawn: Scenario = {
  name: 'spawn',
  description: '1 M in-thread spawns vs 1 M plain objects in a Map',
  async run() {
    const baseline = await measurePlainObjects(TOTAL);
    const troupe = await runTroupeHalf(
      'troupe spawn',
      () => import('./troupe-spawn.js'),
      (half) => half.measureTroupeSpawn({ total: TOTAL, chunk: 10_000, deadlineMs: 8_000 }),
      60_000,
    );
    const troupeHeap = troupe.status === 'measured' ? describeHeapMethod(troupe.value.heapMethod) : '';
    return [
      resultFromHalf(
        {
          scenario: 'spawn',
          metric: 'spawn rate (ctx.spawn in chunks of turns)',
          unit: 'actors/s',
          better: 'higher',
          baseline: { name: 'plain objects in a Map', value: baseline.creation.perSecond },
          note: `up to ${TOTAL} actors or 8 s; worker-timed until the last child answered a ping`,
        },
        troupe,
        (result) => result.creation.perSecond,
      ),
      resultFromHalf(
        {
          scenario: 'spawn',
          metric: 'heap per idle actor',
          unit: 'B/actor',
          better: 'lower',
          baseline: { name: 'plain objects in a Map', value: baseline.bytesPerEntry },
          note: `ours: worker ${troupeHeap}; baseline: main thread ${describeHeapMethod(baseline.heapMethod)}`,
        },
        troupe,
        (result) => result.bytesPerActor,
      ),
    ];
  },
};
