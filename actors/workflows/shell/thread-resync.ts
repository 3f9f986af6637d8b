/**
 * Runs on a replaced thread send again what they wait for. When a worker thread dies within the
 * process (the watchdog ended it for a jam, or it crashed), what the run actors homed there had
 * committed stands, but what they sent after a commit — the start of an attempt, the end of a
 * run — may have died with the worker, leaving a run waiting for an attempt nobody started. So
 * each unfinished run homed on the new thread is told `resync` (run/recovery.ts): it sends its
 * attempts in flight again, and the executor drops the ones it already has (executor.ts).
 *
 * Not here: a restart of the process (engine.ts attaches every run to the new executor).
 */
import type { ActorSystem } from '../../../src/kernel/index.js';
import { activeRunPages } from './active-runs.js';
import type { RunMsg } from './messages.js';
import { runActorId } from './tables.js';

/** From now on, each replaced thread's runs resync. Returns the function that stops it. */
export function resyncRunsOfReplacedThreads(system: ActorSystem): () => void {
  return system.subscribe((event) => {
    if (event.type === 'worker-replaced') void resyncRunsOn(system, event.thread);
  });
}

async function resyncRunsOn(system: ActorSystem, thread: number): Promise<void> {
  try {
    for await (const page of activeRunPages(system)) {
      for (const runId of page) {
        const run = system.refOf<RunMsg>(runActorId(runId));
        if (run.thread !== thread) continue;
        await run.tell({ type: 'event', event: { type: 'resync' } }).then(
          () => {},
          () => {},
        );
      }
    }
  } catch {
    // The system is shutting down: the next process attaches every run anyway.
  }
}
