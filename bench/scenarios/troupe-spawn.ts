/**
 * Troupe half of spawn: a Spawner actor on a worker thread spawns up to 1 M Idle children
 * with `ctx.spawn`, in chunks of turns, stopping early at a deadline so the run stays
 * bounded. Figures: actors/s (worker-timed until the last child answered a ping) and heap
 * bytes per idle actor (the worker's heapUsed delta, see `harness/heap.ts`).
 */
import { Spawner, type SpawnReport } from '../actors/spawner.js';
import type { HeapReading } from '../harness/heap.js';
import { type Throughput, toThroughput } from '../harness/measure.js';
import type { MeasureSession } from '../harness/session.js';
import { openSystemSession } from './troupe-system.js';

export interface TroupeSpawnOptions {
  readonly total: number;
  /** Spawns per Spawner turn. */
  readonly chunk: number;
  /** Stop spawning after this long and report what was spawned. */
  readonly deadlineMs: number;
}

export const DEFAULT_TROUPE_SPAWN: TroupeSpawnOptions = {
  total: 1_000_000,
  chunk: 10_000,
  deadlineMs: 8_000,
};

export interface TroupeSpawnResult {
  readonly spawned: number;
  readonly creation: Throughput;
  readonly bytesPerActor: number;
  readonly heapMethod: HeapReading['method'];
}

/** Each round spawns on a fresh Spawner; the previous round's actors stay alive (rounds add up). */
export function openTroupeSpawn(options = DEFAULT_TROUPE_SPAWN): Promise<MeasureSession<TroupeSpawnResult>> {
  const systemOptions = { threads: 1, workerResourceLimits: { maxOldGenerationSizeMb: 4_096 } };
  return openSystemSession(systemOptions, async (system) => {
    let round = 0;
    return async () => {
      const spawner = await system.spawn(Spawner, { id: `spawner-${round++}` });
      const report = await spawner.ask<SpawnReport>(
        { type: 'spawn', total: options.total, chunk: options.chunk, deadlineMs: options.deadlineMs },
        { timeoutMs: options.deadlineMs + 60_000 },
      );
      return {
        spawned: report.spawned,
        creation: toThroughput(report.spawned, report.elapsedMs),
        bytesPerActor: (report.heapAfter - report.heapBefore) / report.spawned,
        heapMethod: report.heapMethod,
      };
    };
  });
}
