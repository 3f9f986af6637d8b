/**
 * The run a step report is about when it names the workflow instead of the run — seed 003's
 * `report_step_completion(workflow_id, step_id, agent_id)`, where one id stands for the
 * workflow being executed. A run id is taken as it is. A workflow's id or name stands for
 * the one run of it whose step `step` waits for this agent: found from the agent's open step
 * tasks (task-agents.ts gives each attempt its task, with the run and step in its contextual
 * data), or, for a report made without an agent, from the workflow's runs not finished yet.
 * No such run: `not_found` naming `workflow_id`; several: `invalid_argument` naming `run_id`,
 * listing them. Not here: whether the reporter may report (run-access.ts).
 */
import { type ActorSystem, RefusedError, refuse, type TableKey } from '../../../src/kernel/index.js';
import { OPEN_TASKS_TABLE } from '../../coordination/tasks/agent-view.js';
import { readTask } from '../../coordination/tasks/task-access.js';
import { activeRunPages } from './active-runs.js';
import { findCatalogEntry } from './definitions.js';
import { RUNS_TABLE, type RunRecord } from './tables.js';

const PAGE = 1_000;
/** Enough candidates to say the report is ambiguous: the scan stops there. */
const ENOUGH = 6;

export interface StepOfWorkflow {
  /** A run id, or the id or name of a workflow. */
  readonly workflowId: string;
  readonly step: string;
  readonly child?: number | undefined;
}

/** The run id the report is about (throws `RefusedError`). `agentId`: the reporting agent, if one. */
export async function runOfStepReport(
  system: ActorSystem,
  given: StepOfWorkflow,
  agentId: string | null,
): Promise<string> {
  const runs = system.table<RunRecord>(RUNS_TABLE);
  if (runs.get([given.workflowId])) return given.workflowId;
  const entry = findCatalogEntry(system, given.workflowId);
  if (!entry)
    throw new RefusedError(
      refuse('not_found', `no workflow or run "${given.workflowId}"`, 'workflow_id').error,
    );
  const candidates =
    agentId === null
      ? await activeRunsOf(system, entry.name)
      : runsAwaiting(system, entry.name, given, agentId);
  const [only, ...others] = candidates;
  if (only === undefined)
    throw new RefusedError(
      refuse(
        'not_found',
        agentId === null
          ? `no run of workflow "${entry.name}" is under way`
          : `no run of workflow "${entry.name}" waits for agent "${agentId}" to report step "${given.step}"`,
        'workflow_id',
      ).error,
    );
  if (others.length > 0)
    throw new RefusedError(
      refuse(
        'invalid_argument',
        `${candidates.length >= ENOUGH ? `${ENOUGH} or more` : candidates.length} runs of workflow "${entry.name}" could take this report (${candidates
          .slice(0, ENOUGH - 1)
          .join(', ')}${candidates.length >= ENOUGH ? ', …' : ''}): name one with run_id`,
        'run_id',
      ).error,
    );
  return only;
}

/** The runs of `name` with an open task of `agentId` for the step (each run once). */
function runsAwaiting(system: ActorSystem, name: string, given: StepOfWorkflow, agentId: string): string[] {
  const found = new Set<string>();
  for (const key of openTaskKeys(system, agentId)) {
    const taskId = key[1];
    if (typeof taskId !== 'string') continue;
    const data = readTask(system, taskId)?.contextualData as Record<string, unknown> | null | undefined;
    if (!data || data.workflow !== name || data.step_id !== given.step) continue;
    if (given.child !== undefined && data.child !== given.child) continue;
    if (typeof data.workflow_run_id === 'string') found.add(data.workflow_run_id);
    if (found.size >= ENOUGH) break;
  }
  return [...found];
}

async function activeRunsOf(system: ActorSystem, name: string): Promise<string[]> {
  const runs = system.table<RunRecord>(RUNS_TABLE);
  const found: string[] = [];
  for await (const page of activeRunPages(system))
    for (const runId of page) {
      if (runs.get([runId])?.workflow.name === name) found.push(runId);
      if (found.length >= ENOUGH) return found;
    }
  return found;
}

/** The keys of the agent's open tasks (`tasks-open-by-assignee` [agent, task]), a page at a time. */
function* openTaskKeys(system: ActorSystem, agentId: string): Generator<TableKey> {
  const open = system.table(OPEN_TASKS_TABLE);
  let after: TableKey | undefined;
  for (;;) {
    const page = open.range({ limit: PAGE, prefix: [agentId], ...(after ? { after } : {}) });
    for (const entry of page) yield entry.key;
    if (page.length < PAGE) return;
    after = page[page.length - 1]?.key;
  }
}
