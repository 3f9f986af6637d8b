/**
 * Migrating the previous version's `TaskBoard` (one actor, id `task-board`, every task in
 * `{ tasks: { [id]: { id, description, requiredCapabilities, priority, deadline, parentId,
 * childIds, status, assignee, result, createdAt, updatedAt } } }`) to a `task:<id>` actor per
 * task: `convertTaskBoard` is the pure converter, `migrateTaskBoard` applies it — restores
 * each task into its actor (which writes its tables), then removes the old state. Safe to run
 * again after a crash midway: a task actor already made ignores a second restore.
 *
 * The old tasks were made without identities: nobody coordinates them yet, so the first agent
 * to delegate one becomes its coordinator (task-actor.ts). Dropped and reported: tasks whose
 * id is no longer valid, subtask ids that are not, subtasks past `limits.subtasks`; an
 * assignee whose id is not valid leaves its task pending.
 */
import { type ActorSystem, ensureActor } from '../../../src/kernel/index.js';
import { isId, taskActorId } from '../ids.js';
import { type CoordinationLimits, DEFAULT_LIMITS } from '../limits.js';
import {
  asObject,
  type MigrationReport,
  readOld,
  recordsOf,
  type StoredStates,
  shown,
  strings,
  text,
  timeOf,
  validIds,
} from './old-states.js';
import { TaskActor } from './task-actor.js';
import {
  isOpen,
  PRIORITIES,
  type Priority,
  TASK_STATUSES,
  type TaskRecord,
  type TaskStatus,
} from './task-record.js';

export const OLD_TASK_BOARD_ID = 'task-board';

export interface TaskConversion {
  readonly tasks: readonly TaskRecord[];
  readonly dropped: readonly string[];
}

const isStatus = (value: unknown): value is TaskStatus => TASK_STATUSES.some((status) => status === value);
const isPriority = (value: unknown): value is Priority => PRIORITIES.some((priority) => priority === value);

/** The tasks of an old `TaskBoard` state, as records for their actors. */
export function convertTaskBoard(
  state: unknown,
  now: number,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): TaskConversion {
  const dropped: string[] = [];
  const tasks: TaskRecord[] = [];
  for (const old of recordsOf(asObject(state)?.tasks)) {
    const id = text(old.id);
    if (!isId(id)) {
      dropped.push(`task "${shown(id)}": its id is not a valid id`);
      continue;
    }
    const children = validIds(old.childIds, (bad) =>
      dropped.push(`task "${id}": subtask "${shown(bad)}" is not a valid id`),
    );
    if (children.length > limits.subtasks)
      dropped.push(
        `task "${id}": ${children.length - limits.subtasks} subtasks past the ${limits.subtasks} a task holds`,
      );
    const parent = text(old.parentId);
    const assignee = text(old.assignee);
    let status: TaskStatus = isStatus(old.status) ? old.status : 'pending';
    let assignedAgentId: string | null = isId(assignee) ? assignee : null;
    if (assignee !== '' && assignedAgentId === null) {
      dropped.push(`task "${id}": assignee "${shown(assignee)}" is not a valid id; the task is pending`);
      if (isOpen(status)) status = 'pending';
    }
    if (assignedAgentId === null && isOpen(status)) status = 'pending';
    if (status === 'pending') assignedAgentId = null;
    const createdAt = timeOf(old.createdAt, now);
    tasks.push({
      id,
      description: text(old.description),
      parentTaskId: isId(parent) ? parent : null,
      workflowId: null,
      requiredCapabilities: [
        ...new Set(strings(old.requiredCapabilities).filter((c) => c.length > 0 && c.length <= 128)),
      ],
      priority: isPriority(old.priority) ? old.priority : 'medium',
      status,
      assignedAgentId,
      coordinatorId: null,
      createdBy: null,
      result: old.result ?? null,
      contextualData: null,
      deadline: typeof old.deadline === 'number' && Number.isFinite(old.deadline) ? old.deadline : null,
      subtaskIds: [...new Set(children)].slice(0, limits.subtasks),
      createdAt,
      updatedAt: timeOf(old.updatedAt, createdAt),
    });
  }
  return { tasks, dropped };
}

/** Move the old `task-board`'s tasks into their actors, then remove it; `null` when there is none. */
export async function migrateTaskBoard(
  system: ActorSystem,
  stored: StoredStates,
  now: number,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<MigrationReport | null> {
  const old = await readOld(stored, OLD_TASK_BOARD_ID, 'TaskBoard');
  if (!old) return null;
  const { tasks, dropped } = convertTaskBoard(old.state, now, limits);
  let migrated = 0;
  for (const task of tasks) {
    const ref = await ensureActor(system, TaskActor, taskActorId(task.id));
    if (await ref.ask<boolean>({ type: 'restore', record: task })) migrated++;
  }
  const removed = await stored.removeStored(OLD_TASK_BOARD_ID);
  return { from: OLD_TASK_BOARD_ID, migrated, existing: tasks.length - migrated, dropped, removed };
}
