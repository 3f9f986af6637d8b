/**
 * Starting the run a trigger fired (`start-run` from a trigger actor), on the main thread: the
 * run actor is spawned as the API would (the version the trigger named, its payload, the event
 * type); a run id already taken is that run, started before (a firing told again after a
 * restart). Any other refusal — the version archived meanwhile, say — goes back to the trigger
 * actor as `refused`, which keeps it as an incident. Not here: when triggers fire
 * (trigger-actor.ts), the run (run-actor.ts).
 */
import { type ActorRef, type ActorSystem, DuplicateActorIdError } from '../../../src/kernel/index.js';
import { resolveRunVersion } from './definitions.js';
import type { ExecutorMsg } from './messages.js';
import { WorkflowRunActor } from './run-actor.js';
import { toToolFailure } from './step-tools.js';
import { runActorId } from './tables.js';

export async function startTriggeredRun(
  system: ActorSystem,
  executor: { readonly ref: ActorRef<ExecutorMsg>; readonly boot: string },
  message: Extract<ExecutorMsg, { type: 'start-run' }>,
): Promise<void> {
  try {
    const workflow = resolveRunVersion(system, message.workflow, message.version);
    await system.spawn(WorkflowRunActor, {
      id: runActorId(message.runId),
      args: {
        workflow,
        options: {
          runId: message.runId,
          payload: message.payload,
          context: {},
          ...(message.event === undefined ? {} : { event: message.event }),
        },
        executor: executor.ref,
        boot: executor.boot,
      },
    });
  } catch (error) {
    if (error instanceof DuplicateActorIdError || (error as { code?: string }).code === 'duplicate_actor_id')
      return;
    const failure = toToolFailure(error);
    try {
      void Promise.resolve(
        message.from.tell({
          type: 'refused',
          version: message.version,
          firing: message.firing,
          trigger: message.trigger,
          code: failure.code === 'tool_failed' ? 'start_failed' : failure.code,
          message: failure.message,
        }),
      ).catch(() => {});
    } catch {
      // The system is shutting down: the trigger fires again at the next start.
    }
  }
}
