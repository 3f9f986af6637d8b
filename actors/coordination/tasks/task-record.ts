/**
 * A task as plain data (seed 003's Task: description, parent_task_id, workflow_id,
 * assigned_agent_id, required_capabilities, priority, status, created_at, deadline, result —
 * plus who coordinates it and its subtasks), and the rules that are pure data: who may do
 * what with it, which status may follow which, and what a caller may see of it.
 *
 *   pending ──delegate──► assigned ──► in_progress ──► completed      (the assignee)
 *      ▲                     │              │    └───► failed ──delegate──► assigned
 *      └──── released, or the assignee went offline / deregistered ───┘
 *   any open status ──► cancelled                                       (the coordinator)
 *
 * `completed` and `cancelled` are final. The task actor (task-actor.ts) keeps a task; this
 * module owns no state.
 */
import { type Outcome, refuse } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import { type Tenanted, tenantField } from '../tenancy.js';

export const TASK_STATUSES = [
  'pending',
  'assigned',
  'in_progress',
  'completed',
  'failed',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const PRIORITIES = ['low', 'medium', 'high'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface TaskRecord extends Tenanted {
  readonly id: string;
  readonly description: string;
  readonly parentTaskId: string | null;
  readonly workflowId: string | null;
  readonly requiredCapabilities: readonly string[];
  readonly priority: Priority;
  readonly status: TaskStatus;
  readonly assignedAgentId: string | null;
  /** Who may delegate, reassign and cancel it (besides its creator and the operator); `null`: nobody yet. */
  readonly coordinatorId: string | null;
  /** The agent that created it; `null` when the operator did (or a task older than identities). */
  readonly createdBy: string | null;
  readonly result: unknown;
  /** Context the coordinator handed over with it (seed: `contextual_data`). */
  readonly contextualData: unknown;
  /** Epoch ms. */
  readonly deadline: number | null;
  /** Its subtasks, in the order they were added (capped by `limits.subtasks`). */
  readonly subtaskIds: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What a new task is made of (its id, parent and coordinator are given beside). */
export interface NewTask {
  /** The creator's tenant (absent or null: the default tenant). */
  readonly tenantId?: string | null;
  readonly description: string;
  readonly requiredCapabilities: readonly string[];
  readonly priority: Priority;
  readonly deadline: number | null;
  readonly workflowId: string | null;
  readonly contextualData: unknown;
}

/** Open: someone holds it. */
export function isOpen(status: TaskStatus): boolean {
  return status === 'assigned' || status === 'in_progress';
}

export function isFinal(status: TaskStatus): boolean {
  return status === 'completed' || status === 'cancelled';
}

/** May the caller delegate, reassign or cancel the task? */
export function coordinates(task: TaskRecord, caller: Caller): boolean {
  switch (caller.kind) {
    case 'operator':
      return true;
    case 'agent':
      return caller.agentId === task.coordinatorId || caller.agentId === task.createdBy;
    case 'anonymous':
      return false;
  }
}

/** May the caller see the task's result and context (its coordinator, creator, assignee, the operator)? */
export function seesResult(task: TaskRecord, caller: Caller): boolean {
  return coordinates(task, caller) || (caller.kind === 'agent' && caller.agentId === task.assignedAgentId);
}

/** May the caller add subtasks to it (its coordinator, creator or assignee)? */
export function mayDecompose(task: TaskRecord, caller: Caller): boolean {
  return seesResult(task, caller);
}

/** The task as this caller may see it: without result and context unless it {@link seesResult}. */
export function viewOf(task: TaskRecord, caller: Caller): TaskRecord {
  return seesResult(task, caller) ? task : { ...task, result: null, contextualData: null };
}

/**
 * The status `caller` asks for, checked: the assignee moves its task along (in progress,
 * completed, failed, or back to pending to let go of it); the coordinator cancels; the
 * operator may do either. A task nobody holds cannot be claimed by reporting on it.
 */
export function checkStatusChange(task: TaskRecord, caller: Caller, to: TaskStatus): Outcome<TaskStatus> {
  const isAssignee = caller.kind === 'agent' && caller.agentId === task.assignedAgentId;
  const mayCoordinate = coordinates(task, caller);
  if (to === 'cancelled') {
    if (!mayCoordinate)
      return refuse('forbidden', `only the coordinator of task "${task.id}" may cancel it`, 'status');
  } else if (!isAssignee && caller.kind !== 'operator') {
    const held =
      task.assignedAgentId === null
        ? 'is not assigned to anyone'
        : `is assigned to "${task.assignedAgentId}"`;
    return refuse('not_assignee', `task "${task.id}" ${held}`, 'agent_id');
  }
  if (isFinal(task.status) || (task.status === 'failed' && to !== 'cancelled'))
    return refuse(
      'invalid_transition',
      `task "${task.id}" is ${task.status}: it no longer moves to ${to}`,
      'status',
    );
  if (to === 'assigned' && task.status !== 'assigned')
    return refuse(
      'invalid_transition',
      'a task is assigned by delegating it, not by a status update',
      'status',
    );
  if (task.status === 'pending' && to !== 'cancelled')
    return refuse('not_assignee', `task "${task.id}" is not assigned to anyone`, 'agent_id');
  return { ok: true, value: to };
}

/** The task with `status` set (back to pending, nobody holds it). */
export function withStatus(
  task: TaskRecord,
  status: TaskStatus,
  now: number,
  result?: { value: unknown },
): TaskRecord {
  return {
    ...task,
    status,
    assignedAgentId: status === 'pending' ? null : task.assignedAgentId,
    result: result ? result.value : task.result,
    updatedAt: now,
  };
}

/** A new task record. */
export function createTaskRecord(
  id: string,
  spec: NewTask,
  parentTaskId: string | null,
  creator: string | null,
  now: number,
): TaskRecord {
  return {
    id,
    description: spec.description,
    parentTaskId,
    workflowId: spec.workflowId,
    requiredCapabilities: [...new Set(spec.requiredCapabilities)],
    priority: spec.priority,
    status: 'pending',
    assignedAgentId: null,
    coordinatorId: creator,
    createdBy: creator,
    result: null,
    contextualData: spec.contextualData ?? null,
    deadline: spec.deadline,
    subtaskIds: [],
    createdAt: now,
    updatedAt: now,
    ...tenantField(spec.tenantId ?? null),
  };
}
