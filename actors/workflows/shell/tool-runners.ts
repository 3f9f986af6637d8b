/**
 * The engine's tool runners: one `WorkflowToolRunner` on each worker thread when the engine has
 * thread tools, each spawned under an id homed on its thread (placement hashes explicit ids),
 * and spawned again on a thread that was replaced. Stopping the engine stops them.
 *
 * Not here: what a runner does (tool-runner.ts), which runs use it (run-effects.ts).
 */
import { type ActorRef, type ActorSystem, homeThread } from '../../../src/kernel/index.js';
import type { ThreadTools, ThreadToolsRef } from './thread-tools.js';
import { WorkflowToolRunner } from './tool-runner.js';
import type { ToolRunnerMsg } from './tool-runner-messages.js';

export interface ToolRunners {
  stop(): void;
}

/** An id homed on `thread`, unique to this engine (`boot`) and this spawning (`round`). */
function runnerId(boot: string, thread: number, round: number, threads: number): string {
  for (let n = 0; ; n++) {
    const id = `workflow-tools:${boot}:${thread}:${round}:${n}`;
    if (homeThread(id, threads) === thread) return id;
  }
}

/** Spawn a runner on every thread (none when there are no thread tools); resolves once each loaded them. */
export async function startToolRunners(
  system: ActorSystem,
  boot: string,
  modules: readonly ThreadTools[],
): Promise<ToolRunners> {
  if (modules.length === 0) return { stop: () => {} };
  const refs: readonly ThreadToolsRef[] = modules.map(({ module, name }) => ({ module, name }));
  const threads = system.options.threads;
  const running = new Map<number, ActorRef<ToolRunnerMsg>>();
  let round = 0;
  let stopped = false;
  const spawnOn = async (thread: number, at: number) => {
    const ref = await system.spawn(WorkflowToolRunner, {
      id: runnerId(boot, thread, at, threads),
      args: { modules: refs },
    });
    if (stopped) void system.stop(ref).catch(() => {});
    else running.set(thread, ref);
  };
  const spawned = await Promise.allSettled(
    Array.from({ length: threads }, (_, thread) => spawnOn(thread, round)),
  );
  const refused = spawned.find((outcome) => outcome.status === 'rejected');
  if (refused) {
    // One thread could not load the modules: none keeps a runner, the start is refused.
    stopped = true;
    await Promise.all([...running.values()].map((ref) => system.stop(ref).catch(() => {})));
    throw refused.reason;
  }
  const unsubscribe = system.subscribe((event) => {
    if (event.type !== 'worker-replaced' || stopped) return;
    // Until the new runner is up, the thread's runs send their tool steps to the executor.
    void spawnOn(event.thread, ++round).catch(() => {});
  });
  return {
    stop: () => {
      stopped = true;
      unsubscribe();
      for (const ref of running.values()) void system.stop(ref).catch(() => {});
      running.clear();
    },
  };
}
