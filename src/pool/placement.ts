/**
 * Placement: which thread an actor lives on, and which piscina worker hosts a thread.
 *
 * An explicit id is homed by a hash of the id (so any thread can find it again); a
 * generated child id is co-located with its parent. Piscina's custom `loadBalancer` keeps
 * each logical thread (shard) on its own worker and re-homes it when its worker is replaced.
 */
import { type Piscina, queueOptionsSymbol } from 'piscina';

type PiscinaLoadBalancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer']>;

/** FNV-1a, 32 bits: stable across threads and processes. */
export function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function homeThread(id: string, threads: number): number {
  return hashId(id) % threads;
}

/** What a shard-host task carries for the balancer (piscina shows it only this field). */
export interface PlacementHint {
  readonly thread: number;
}

export function placementOptions(thread: number): { [queueOptionsSymbol]: PlacementHint } {
  return { [queueOptionsSymbol]: { thread } };
}

/**
 * A balancer that pins thread k to one worker. A thread whose worker is gone is given a
 * worker that hosts no other thread; with none free the task waits for the replacement.
 */
export function createShardBalancer(): PiscinaLoadBalancer {
  const workerOf = new Map<number, number>();
  return (task, workers) => {
    const hint = (task as unknown as Record<symbol, PlacementHint | null>)[queueOptionsSymbol];
    if (!hint) return workers.find((worker) => worker.currentUsage === 0) ?? null;
    const live = workers.filter((worker) => !worker.terminating && !worker.destroyed);
    const assigned = workerOf.get(hint.thread);
    const current = live.find((worker) => worker.id === assigned);
    if (current) return current;
    const taken = new Set<number>();
    for (const [thread, workerId] of workerOf) if (thread !== hint.thread) taken.add(workerId);
    const free = live.find((worker) => !taken.has(worker.id) && worker.currentUsage === 0);
    if (!free) return null;
    workerOf.set(hint.thread, free.id);
    return free;
  };
}
