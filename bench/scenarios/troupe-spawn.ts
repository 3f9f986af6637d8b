/**
 * Troupe half of spawn: a Spawner actor on a worker thread spawns up to 1 M Idle children
 * with `ctx.spawn`, in chunks of turns, stopping early at a deadline so the run stays
 * bounded. Figures: actors/s (worker-timed until the last child answered a ping) and heap
 * bytes per idle actor (the worker's heapUsed delta, see `harness/heap.ts`).
 */
import { Spawner, type SpawnReport } from '../actors/spawner.js';
import { toThroughput, type Throughput } from '../harness/measure.js';
import type { HeapReading } from '../harness/heap.js';
import { withActorSystem } from './troupe-system.js';

export interface TroupeSpawnOptions {
  readonly total: number;
  /** Spawns per Spawner turn. */
  readonly chunk: number;
  /** Stop spawning after this long and report what was spawned. */
  readonly deadlineMs: number;
}

export const DEFAULT_TROUPE_SPAWN: TroupeSpawnOptions = { total: 1_000_000, chunk: 10_000, deadlineMs: 8_000 };

export interface TroupeSpawnResult {
  readonly creation: Throughput;
  readonly bytesPerActor: number;
  readonly heapMethod: HeapReading['method'];
}

export function measureTroupeSpawn(options = DEFAULT_TROUPE_SPAWN): Promise<TroupeSpawnResult> {
  const systemOptions = { threads: 1, workerResourceLimits: { maxOldGenerationSizeMb: 4_096 } };
  return withActorSystem(systemOptions, async (system) => {
    const spawner = await system.spawn(Spawner, { id: 'spawner' });
    const report = await spawner.ask<SpawnReport>(
      { type: 'spawn', total: options.total, chunk: options.chunk, deadlineMs: options.deadlineMs },
      { timeoutMs: options.deadlineMs + 60_000 },
    );
    return {
      creation: toThroughput(report.spawned, report.elapsedMs),
      bytesPerActor: (report.heapAfter - report.heapBefore) / report.spawned,
      heapMethod: report.heapMethod,
    };
  });
}
