/**
 * How the task facades reach tasks: the committed record on the main thread (`tasks` [id]),
 * the task's actor (found, or spawned blank for a task being made), and the checks they share
 * (an unknown task, the size of a context value).
 */
import { type ActorSystem, ensureActor, type Outcome, refuse } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import { taskActorId } from '../ids.js';
import type { CoordinationLimits } from '../limits.js';
import { isVisibleTo } from '../tenancy.js';
import { sizedValue } from './facade-input.js';
import { TaskActor, type TaskMsg } from './task-actor.js';
import { TASKS_TABLE } from './task-indexes.js';
import type { TaskRecord } from './task-record.js';

/** The task as stored, read on the main thread (committed). */
export function readTask(system: ActorSystem, taskId: string): TaskRecord | undefined {
  return system.table<TaskRecord>(TASKS_TABLE).get([taskId]);
}

/** The task as stored, if `caller` may know of it (another tenant's task is one that does not exist). */
export function readTaskFor(system: ActorSystem, taskId: string, caller: Caller): TaskRecord | undefined {
  const task = readTask(system, taskId);
  return task && isVisibleTo(system, task, caller) ? task : undefined;
}

/**
 * Ask the task's actor (found, or spawned blank when `spawn` says so). A task of another
 * tenant than the caller's is answered `not_found`, as one that does not exist.
 */
export async function askTask(
  system: ActorSystem,
  taskId: string,
  message: TaskMsg,
  spawn = false,
): Promise<Outcome<TaskRecord>> {
  const stored = 'caller' in message ? readTask(system, taskId) : undefined;
  if (stored && 'caller' in message && !isVisibleTo(system, stored, message.caller))
    return unknownTask(taskId, 'task_id');
  const id = taskActorId(taskId);
  const ref = spawn ? await ensureActor(system, TaskActor, id) : system.refOf<TaskMsg>(id);
  return ref.ask<Outcome<TaskRecord>>(message);
}

export function unknownTask(taskId: string, field: string): Outcome<never> {
  return refuse('not_found', `no task "${taskId}"`, field);
}

/** A context value checked (JSON data within `valueBytes`) and copied as plain data. */
export function checkContext(value: unknown, limits: CoordinationLimits, field: string): Outcome<unknown> {
  if (value === undefined) return { ok: true, value: undefined };
  const sized = sizedValue(value, limits.valueBytes, field);
  return sized.ok ? { ok: true, value: JSON.parse(JSON.stringify(value)) } : sized;
}
