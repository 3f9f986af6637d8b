/**
 * Which piscina worker hosts a logical thread: piscina's custom `loadBalancer` keeps each
 * logical thread on its own worker and re-homes it when its worker is replaced.
 */
import { type Piscina, queueOptionsSymbol } from 'piscina';

type PiscinaLoadBalancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer']>;

/** What a host task carries for the balancer (piscina shows it only this field). */
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
export function createThreadBalancer(): PiscinaLoadBalancer {
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
