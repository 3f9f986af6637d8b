/**
 * Runs on a replaced thread send again what they wait for. When a worker thread dies within the
 * process (the watchdog ended it for a jam, or it crashed), what the run actors homed there had
 * committed stands, but what they sent after a commit — the start of an attempt, the end of a
 * run — may have died with the worker, leaving a run waiting for an attempt nobody started. So
 * each unfinished run homed on the new thread is told `resync` (run/recovery.ts): it sends its
 * attempts in flight again, and the executor drops the ones it already has (executor.ts). A run
 * that finished is no longer in the unfinished runs' table, but its end may have died with the
 * worker too: each run someone in this process awaits the end of (`awaited`) is told as well,
 * and a finished one gives its end again.
 *
 * Not here: a restart of the process (engine.ts attaches every run to the new executor).
 */
import type { ActorSystem } from '../../../src/kernel/index.js';
import { activeRunPages } from './active-runs.js';
import type { RunMsg } from './messages.js';
import { runActorId } from './tables.js';

/**
 * From now on, each replaced thread's runs resync: the unfinished ones, and those whose end
 * `awaited` lists. Returns the function that stops it.
 */
export function resyncRunsOfReplacedThreads(
  system: ActorSystem,
  awaited: () => Iterable<string>,
): () => void {
  return system.subscribe((event) => {
    if (event.type === 'worker-replaced') void resyncRunsOn(system, event.thread, awaited);
  });
}

async function resyncRunsOn(
  system: ActorSystem,
  thread: number,
  awaited: () => Iterable<string>,
): Promise<void> {
  const told = new Set<string>();
  const resync = async (runId: string) => {
    const run = system.refOf<RunMsg>(runActorId(runId));
    if (run.thread !== thread || told.has(runId)) return;
    told.add(runId);
    await run.tell({ type: 'event', event: { type: 'resync' } }).then(
      () => {},
      () => {},
    );
  };
  try {
    for await (const page of activeRunPages(system)) for (const runId of page) await resync(runId);
    for (const runId of [...awaited()]) await resync(runId);
  } catch {
    // The system is shutting down: the next process attaches every run anyway.
  }
}
