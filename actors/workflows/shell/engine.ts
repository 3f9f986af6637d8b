/**
 * The workflow engine of one actor system in this process: its executor (tools, agents,
 * sub-workflows) and the recovery of the runs a previous process left unfinished. Starting
 * it tells every run in `workflow-runs-active` to `attach` to the new executor — with a new
 * boot id, which is how a run learns the process restarted (run-actor.ts).
 *
 * It also arms the workflows' event and schedule triggers (triggers.ts), and has the runs of a
 * worker thread replaced in this process send again what died with it (thread-resync.ts).
 *
 * One engine per system; `startWorkflows` again replaces the tools and agents (the runs
 * attach to the new executor). The engine it answers carries seed 004's Workflow Engine API
 * (engine-registry.ts). Not here: the operations on runs (api.ts).
 */
import { type ActorSystem, InvalidArgumentError } from '../../../src/kernel/index.js';
import type { DeadlockDetector } from '../../supervisors/deadlock/index.js';
import { activeRunPages } from './active-runs.js';
import { defineWorkflow, executeWorkflow } from './api.js';
import { findCatalogEntry, shownVersion } from './definitions.js';
import {
  dropWorkflowEngine,
  findWorkflowEngine,
  setWorkflowEngine,
  type WorkflowEngine,
} from './engine-registry.js';
import { type ExecutorOutlets, StepExecutor } from './executor.js';
import type { RunMsg } from './messages.js';
import { createListeningAgents, type StepAgents } from './step-agents.js';
import { createFunctionTools, type StepTools, type ToolFunction } from './step-tools.js';
import { ACTIVE_RUNS_TABLE, CATALOG_TABLE, type CatalogEntry, runActorId } from './tables.js';
import { resyncRunsOfReplacedThreads } from './thread-resync.js';
import { type ThreadTools, threadToolFunctions } from './thread-tools.js';
import { startToolRunners, type ToolRunners } from './tool-runners.js';
import { armTriggers, listenForTriggerEvents } from './triggers.js';

export interface WorkflowEngineOptions {
  /** How tool steps are carried out: a `StepTools` (the gateway, say) or functions by tool name. */
  readonly tools?: StepTools | Readonly<Record<string, ToolFunction>> | ReadonlyMap<string, ToolFunction>;
  /**
   * Tool functions every worker thread loads from their modules (`defineThreadTools`): a step
   * calling one runs on its run's own thread, with no hop to the main thread. Their names may
   * not be given in `tools` too.
   */
  readonly threadTools?: ThreadTools | readonly ThreadTools[];
  /** How agent steps reach agents (default: nowhere but the listeners; agents report through the API). */
  readonly agents?: StepAgents;
  /** Where runs' changes are announced (the coordination domain's change watch): MCP resource pushes. */
  readonly watch?: ExecutorOutlets['watch'];
  /** Where runs' waits on agents, child runs and leases are reported (the system's deadlock detector). */
  readonly detector?: DeadlockDetector;
  /** The feature flags a run decides when it starts (`flags.<name>` in expressions); none: no flags. */
  readonly flags?: RunFlags;
}

/** Every feature flag decided for one subject (a user or agent id; null: none known), by name. */
export interface RunFlags {
  decideAll(subject: string | null): [string, boolean][];
}

function isStepTools(tools: WorkflowEngineOptions['tools']): tools is StepTools {
  return (
    typeof tools === 'object' &&
    tools !== null &&
    !(tools instanceof Map) &&
    typeof (tools as StepTools).call === 'function'
  );
}

function threadToolsOf(options: WorkflowEngineOptions): readonly ThreadTools[] {
  const given = options.threadTools;
  if (given === undefined) return [];
  return Array.isArray(given) ? given : [given as ThreadTools];
}

/** The tools the main thread's executor calls: `tools`, and the thread tools' same functions. */
function mainThreadTools(options: WorkflowEngineOptions): StepTools {
  const given = options.tools;
  const threaded = threadToolFunctions(threadToolsOf(options));
  if (given !== undefined && !isStepTools(given)) {
    const names = given instanceof Map ? [...given.keys()] : Object.keys(given);
    for (const name of names)
      if (threaded.has(name))
        throw new InvalidArgumentError(`tools.${name}`, 'is a thread tool too: give it in one place');
  }
  const rest = given === undefined ? undefined : isStepTools(given) ? given : createFunctionTools(given);
  if (threaded.size === 0) return rest ?? createFunctionTools({});
  return createFunctionTools(threaded, rest);
}

/** Start (or restart with other tools) the workflow engine of `system`; unfinished runs resume. */
export async function startWorkflows(
  system: ActorSystem,
  options: WorkflowEngineOptions = {},
): Promise<WorkflowEngine> {
  // Tables live in the store: a workflow system needs one (this throws a clear error without).
  system.table(ACTIVE_RUNS_TABLE);
  const tools = mainThreadTools(options);
  const executor = new StepExecutor(system, tools, options.agents ?? createListeningAgents(), {
    ...(options.watch ? { watch: options.watch } : {}),
    ...(options.detector ? { detector: options.detector } : {}),
  });
  // Each thread's tool runner, before any run can route there; a module that cannot be loaded
  // refuses the start and leaves the engine running before as it was.
  let runners: ToolRunners;
  try {
    runners = await startToolRunners(system, executor.boot, threadToolsOf(options));
  } catch (error) {
    executor.close();
    throw error;
  }
  findWorkflowEngine(system)?.stop();
  let resumed = 0;
  for await (const page of activeRunPages(system)) {
    await Promise.all(
      page.map(async (runId) => {
        try {
          await system
            .refOf<RunMsg>(runActorId(runId))
            .tell({ type: 'attach', executor: executor.ref, boot: executor.boot });
          resumed++;
        } catch {
          // A run that cannot be reached now is attached by the next engine start.
        }
      }),
    );
  }
  // A thread replaced from now on: its runs send again what died with its worker.
  const stopResync = resyncRunsOfReplacedThreads(system, () => executor.awaitedRuns());
  // Triggers: schedules catch up (missed firings collapse into one run), events are heard.
  await armTriggers(system, executor.ref);
  const stopEvents = listenForTriggerEvents(system, executor.ref);
  const engine: WorkflowEngine = {
    system,
    executor,
    resumed,
    flagsFor: (subject) => options.flags?.decideAll(subject) ?? [],
    listen: (listener) => executor.listen(listener),
    stop: () => {
      stopEvents();
      stopResync();
      runners.stop();
      executor.close();
      dropWorkflowEngine(system, engine);
    },
    executeWorkflow: (nameOrId, payload = {}, context = {}) =>
      executeWorkflow(system, nameOrId, payload, context),
    registerWorkflow: (definition) => defineWorkflow(system, definition),
    getWorkflow: (nameOrId, version) => {
      const entry = findCatalogEntry(system, nameOrId);
      return entry && shownVersion(system, entry, version).record;
    },
    getWorkflows: () =>
      system
        .table<CatalogEntry>(CATALOG_TABLE)
        .range({ limit: 1_000 })
        .map((entry) => entry.value),
  };
  setWorkflowEngine(system, engine);
  return engine;
}
