/**
 * The task facade: what the MCP tools (and embedding services) call — plain async functions
 * that validate their input (refusals name the field as seed 003 does), read what the tables
 * can tell on the main thread (is a delegate registered, online, able; who holds what), then
 * spawn or find the `task:<id>` actor and ask it. Queries (`getTask`, `listTasks`) read the
 * tables only. Delegation is delegate.ts's, assignment assign.ts's, merging merge.ts's —
 * re-exported here, so that this is the one door.
 *
 * Who may do what (the task actor checks it): the coordinator (or creator, or the operator)
 * delegates, reassigns and cancels; only the assignee moves its task along or completes it;
 * a task nobody holds cannot be claimed by completing it. Results and context are shown to
 * the coordinator, the creator and the assignee only.
 */
import { randomUUID } from 'node:crypto';
import { type ActorSystem, type Outcome, refuse, type TableEntry } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import { type CoordinationLimits, DEFAULT_LIMITS } from '../limits.js';
import type { Page } from '../page.js';
import { creationTenant, isInScope, tenantScopeOf } from '../tenancy.js';
import { parseInput, sizedValue, writerOf } from './facade-input.js';
import { scanPage } from './table-scan.js';
import { askTask, checkContext, readTask, readTaskFor, unknownTask } from './task-access.js';
import {
  TASKS_BY_ASSIGNEE_TABLE,
  TASKS_BY_PARENT_TABLE,
  TASKS_BY_STATUS_TABLE,
  TASKS_TABLE,
} from './task-indexes.js';
import type { NewTask, TaskRecord, TaskStatus } from './task-record.js';
import { viewOf } from './task-record.js';
import { pageSchema, taskSchemas } from './task-schemas.js';

export { type Assignments, assignSubtasks } from './assign.js';
export { delegateSubtask } from './delegate.js';
export { type MergedResults, mergeResults } from './merge.js';
export { readTask } from './task-access.js';

/** Create a task (a subtask when `parentTaskId` is given: its coordinator, creator or assignee may add it). */
export async function createTask(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<TaskRecord>> {
  const parsed = parseInput(taskSchemas(limits).create, input);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'creating a task');
  if (!writer.ok) return writer;
  const given = parsed.value;
  const context = checkContext(given.contextualData, limits, 'contextual_data');
  if (!context.ok) return context;
  const id = given.id ?? `task-${randomUUID()}`;
  if (given.id !== undefined && readTask(system, id))
    return refuse('already_exists', `task "${id}" exists`, 'id');
  const spec: NewTask = {
    tenantId: creationTenant(system, caller),
    description: given.description,
    requiredCapabilities: given.requiredCapabilities,
    priority: given.priority,
    deadline: given.deadline ?? null,
    workflowId: given.workflowId ?? null,
    contextualData: context.value ?? null,
  };
  if (given.parentTaskId !== undefined) {
    if (!readTaskFor(system, given.parentTaskId, caller))
      return unknownTask(given.parentTaskId, 'parent_task_id');
    const reserved = await askTask(system, given.parentTaskId, {
      type: 'reserve-subtasks',
      caller,
      subtaskIds: [id],
      max: limits.subtasks,
    });
    if (!reserved.ok) return reserved;
  }
  return askTask(
    system,
    id,
    { type: 'create', caller, spec, parentTaskId: given.parentTaskId ?? null },
    true,
  );
}

/** The parent and its new subtasks. */
export interface Decomposition {
  readonly parent: TaskRecord;
  readonly subtasks: readonly TaskRecord[];
}

/**
 * Record subtask definitions as children of a task — an existing one (`taskId`), or one made
 * from the `task` description. (Seed 003's `decompose_task` splits a description first; the
 * MCP layer does that and hands the pieces here.)
 */
export async function decomposeTask(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<Decomposition>> {
  const parsed = parseInput(taskSchemas(limits).decompose, input);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'decomposing a task');
  if (!writer.ok) return writer;
  const { subtasks } = parsed.value;
  let parentId = parsed.value.taskId;
  if (parentId === undefined) {
    const made = await createTask(system, caller, { description: parsed.value.task }, limits);
    if (!made.ok) return made;
    parentId = made.value.id;
  } else if (!readTaskFor(system, parentId, caller)) return unknownTask(parentId, 'task_id');
  const ids = subtasks.map((subtask) => subtask.id ?? `task-${randomUUID()}`);
  if (new Set(ids).size !== ids.length)
    return refuse('invalid_argument', 'subtask ids must differ', 'subtasks');
  const taken = ids.findIndex((id) => readTask(system, id) !== undefined);
  if (taken >= 0) return refuse('already_exists', `task "${ids[taken]}" exists`, `subtasks.${taken}.id`);
  const reserved = await askTask(system, parentId, {
    type: 'reserve-subtasks',
    caller,
    subtaskIds: ids,
    max: limits.subtasks,
  });
  if (!reserved.ok) return reserved;
  const made = await Promise.all(
    subtasks.map((subtask, i) =>
      askTask(
        system,
        ids[i] as string,
        {
          type: 'create',
          caller,
          parentTaskId: parentId,
          spec: {
            tenantId: creationTenant(system, caller),
            description: subtask.description,
            requiredCapabilities: subtask.requiredCapabilities,
            priority: subtask.priority,
            deadline: subtask.deadline ?? null,
            workflowId: reserved.value.workflowId,
            contextualData: null,
          },
        },
        true,
      ),
    ),
  );
  const created: TaskRecord[] = [];
  for (const outcome of made) {
    if (!outcome.ok) return outcome;
    created.push(outcome.value);
  }
  return { ok: true, value: { parent: reserved.value, subtasks: created } };
}

/** The assignee reports progress, a result, a failure, or lets go; the coordinator cancels. */
export async function updateTaskStatus(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<TaskRecord>> {
  const parsed = parseInput(taskSchemas(limits).update, input);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'updating a task');
  if (!writer.ok) return writer;
  const { taskId, status, result } = parsed.value;
  if (!readTaskFor(system, taskId, caller)) return unknownTask(taskId, 'task_id');
  let reported: { value: unknown } | undefined;
  if (result !== undefined) {
    const sized = sizedValue(result, limits.valueBytes, 'result');
    if (!sized.ok) return sized;
    reported = { value: JSON.parse(JSON.stringify(result)) };
  }
  return askTask(system, taskId, {
    type: 'update-status',
    caller,
    status: status as TaskStatus,
    ...(reported ? { result: reported } : {}),
  });
}

/** One task as the caller may see it. */
export async function getTask(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
): Promise<Outcome<TaskRecord>> {
  const parsed = parseInput(taskSchemas(DEFAULT_LIMITS).get, input);
  if (!parsed.ok) return parsed;
  const task = readTaskFor(system, parsed.value.taskId, caller);
  return task ? { ok: true, value: viewOf(task, caller) } : unknownTask(parsed.value.taskId, 'task_id');
}

/**
 * Tasks by status, assignee or parent (the most selective index given is read; the other
 * filters are applied to what it yields), as the caller may see them, a page at a time.
 */
export async function listTasks(
  system: ActorSystem,
  caller: Caller,
  filter: unknown = {},
  page: unknown = {},
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<Page<TaskRecord>>> {
  const parsedFilter = parseInput(taskSchemas(limits).filter, filter);
  if (!parsedFilter.ok) return parsedFilter;
  const parsedPage = parseInput(pageSchema(limits), page);
  if (!parsedPage.ok) return parsedPage;
  const { status, assignedAgentId, parentTaskId } = parsedFilter.value;
  const tasks = system.table<TaskRecord>(TASKS_TABLE);
  const scope = tenantScopeOf(system, caller);
  const fits = (task: TaskRecord | undefined): task is TaskRecord =>
    task !== undefined &&
    isInScope(scope, task.tenantId) &&
    (status === undefined || task.status === status) &&
    (assignedAgentId === undefined || task.assignedAgentId === assignedAgentId) &&
    (parentTaskId === undefined || task.parentTaskId === parentTaskId);
  const byKeyId = (position: number) => (entry: TableEntry<unknown>) => {
    const id = entry.key[position];
    const task = typeof id === 'string' ? tasks.get([id]) : undefined;
    return fits(task) ? viewOf(task, caller) : null;
  };
  const { cursor, limit } = parsedPage.value;
  if (parentTaskId !== undefined)
    return scanPage({
      table: system.table(TASKS_BY_PARENT_TABLE),
      prefix: [parentTaskId],
      cursor,
      limit,
      pick: byKeyId(1),
    });
  if (assignedAgentId !== undefined)
    return scanPage({
      table: system.table(TASKS_BY_ASSIGNEE_TABLE),
      prefix: [assignedAgentId],
      cursor,
      limit,
      pick: byKeyId(1),
    });
  if (status !== undefined)
    return scanPage({
      table: system.table(TASKS_BY_STATUS_TABLE),
      prefix: [status],
      cursor,
      limit,
      pick: byKeyId(1),
    });
  return scanPage({
    table: tasks,
    cursor,
    limit,
    pick: (entry) => (fits(entry.value) ? viewOf(entry.value, caller) : null),
  });
}
