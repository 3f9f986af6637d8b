/**
 * `assignSubtasks` (seed 003's `assign_subtasks`): each pending subtask goes to the least
 * loaded ready agent (available or idle) that has its capabilities — among the agents named
 * in `availableModels`, or all registered ones — counting the assignments made earlier in the
 * same call, ties to the smaller id. A subtask nobody fits stays pending and is reported with
 * the reason. Loads and presence come from the tables (agent-view.ts); each assignment is
 * the subtask actor's (only its coordinator may assign it, and only while it is pending).
 */
import type { ActorSystem, Outcome, Refusal } from '../../../src/kernel/index.js';
import { refuse } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import { type CoordinationLimits, DEFAULT_LIMITS } from '../limits.js';
import { tenantScopeOf } from '../tenancy.js';
import { AgentDirectory, type AgentView, hasCapabilities, isReady } from './agent-view.js';
import { parseInput, writerOf } from './facade-input.js';
import { askTask, readTaskFor } from './task-access.js';
import type { TaskRecord } from './task-record.js';
import { taskSchemas } from './task-schemas.js';

export interface Assignments {
  /** The subtasks assigned by this call, in order. */
  readonly assigned: readonly TaskRecord[];
  /** Those left as they were, with why. */
  readonly unassigned: readonly { readonly taskId: string; readonly reason: Refusal }[];
}

export async function assignSubtasks(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<Assignments>> {
  const parsed = parseInput(taskSchemas(limits).assign, input);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'assigning subtasks');
  if (!writer.ok) return writer;
  const { parentTaskId, availableModels } = parsed.value;
  let ids = parsed.value.subtaskIds ?? [];
  if (parentTaskId !== undefined) {
    const parent = readTaskFor(system, parentTaskId, caller);
    if (!parent) return refuse('not_found', `no task "${parentTaskId}"`, 'parent_task_id');
    ids = [...parent.subtaskIds];
  }
  const agents = new AgentDirectory(system, tenantScopeOf(system, caller));
  let named: AgentView[] | null = null;
  if (availableModels !== undefined) {
    const unknown = agents.unknown(availableModels);
    if (unknown.length > 0)
      return refuse(
        'unknown_agent',
        `no agent ${unknown.map((id) => `"${id}"`).join(', ')} is registered`,
        'available_models',
      );
    named = availableModels.flatMap((id) => agents.get(id) ?? []);
  }
  const assigned: TaskRecord[] = [];
  const unassigned: { taskId: string; reason: Refusal }[] = [];
  for (const taskId of ids) {
    const task = readTaskFor(system, taskId, caller);
    if (!task) {
      unassigned.push({
        taskId,
        reason: { code: 'not_found', message: `no task "${taskId}"`, field: 'subtasks' },
      });
      continue;
    }
    if (task.status !== 'pending') {
      if (parentTaskId === undefined)
        unassigned.push({
          taskId,
          reason: {
            code: 'invalid_transition',
            message: `task "${taskId}" is ${task.status}, not pending`,
            field: 'subtasks',
          },
        });
      continue;
    }
    const candidates = (named ?? agents.withCapabilities(task.requiredCapabilities)).filter(
      (agent) => isReady(agent) && hasCapabilities(agent, task.requiredCapabilities),
    );
    const chosen = agents.leastLoaded(candidates);
    if (!chosen) {
      const needs = task.requiredCapabilities.join(', ') || 'no capabilities';
      unassigned.push({
        taskId,
        reason: {
          code: 'no_agent',
          message: `no available agent for task "${taskId}" (needs ${needs})`,
          field: 'subtasks',
        },
      });
      continue;
    }
    const outcome = await askTask(system, taskId, { type: 'assign', caller, agentId: chosen.id });
    if (outcome.ok) {
      assigned.push(outcome.value);
      agents.addLoad(chosen.id);
    } else unassigned.push({ taskId, reason: outcome.error });
  }
  return { ok: true, value: { assigned, unassigned } };
}
