/**
 * Scenario spawn: 1 M actors spawned in-thread by a spawner actor — actors/s and heap
 * bytes per idle actor. Baseline: 1 M plain `{ id, state }` objects in a Map, same run
 * (`baselines/plain-objects.ts`). Troupe half: `troupe-spawn.ts`. One round each.
 */
import { createPlainObjectsSession } from '../baselines/plain-objects.js';
import { describeHeapMethod } from '../harness/heap.js';
import { runInterleaved } from '../harness/interleave.js';
import type { Scenario } from '../harness/scenario.js';
import { resultFromHalf } from '../harness/troupe-half.js';

const TOTAL = 1_000_000;
const DEADLINE_MS = 8_000;

function onlyRound<T>(rounds: readonly T[]): T {
  const [round] = rounds;
  if (round === undefined) throw new Error('spawn: a half produced no round');
  return round;
}

export const spawn: Scenario = {
  name: 'spawn',
  description: '1 M in-thread spawns vs 1 M plain objects in a Map',
  async run() {
    const outcome = await runInterleaved({
      baseline: async () => createPlainObjectsSession(TOTAL),
      ours: {
        label: 'troupe spawn',
        load: () => import('./troupe-spawn.js'),
        open: (half) => half.openTroupeSpawn({ total: TOTAL, chunk: 10_000, deadlineMs: DEADLINE_MS }),
      },
      warmupRounds: 0,
      rounds: 1,
      roundTimeoutMs: DEADLINE_MS + 60_000,
    });
    const baseline = onlyRound(outcome.baseline);
    const ours = outcome.ours.status === 'measured' ? onlyRound(outcome.ours.value) : undefined;
    const spawned = ours ? `${ours.spawned} actors` : `up to ${TOTAL} actors`;
    const baselineName = 'plain objects in a Map';
    return [
      resultFromHalf(
        {
          scenario: 'spawn',
          metric: 'spawn rate (ctx.spawn in chunks of turns)',
          unit: 'actors/s',
          better: 'higher',
          baseline: { name: baselineName, value: baseline.creation.perSecond },
          note: `${spawned} (stops at ${DEADLINE_MS / 1000} s); worker-timed until the last child answered a ping`,
        },
        outcome.ours,
        (rounds) => onlyRound(rounds).creation.perSecond,
      ),
      resultFromHalf(
        {
          scenario: 'spawn',
          metric: 'heap per idle actor',
          unit: 'B/actor',
          better: 'lower',
          baseline: { name: baselineName, value: baseline.bytesPerEntry },
          note: `ours: worker ${ours ? describeHeapMethod(ours.heapMethod) : ''}; baseline: main thread ${describeHeapMethod(baseline.heapMethod)}`,
        },
        outcome.ours,
        (rounds) => onlyRound(rounds).bytesPerActor,
      ),
    ];
  },
};
