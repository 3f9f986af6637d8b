/**
 * The task tables, written by a task actor in the turn that changes it (so they are committed
 * with its state), and their names for the readers:
 *
 *   tasks                   [id]            → the task record (result included: readers redact it)
 *   tasks-by-status         [status, id]    → 1
 *   tasks-by-assignee       [agent, id]     → { status }   the tasks an agent holds now, any status
 *   tasks-open-by-assignee  [agent, id]     → 1            those assigned or in progress: its load
 *   tasks-by-parent         [parent, id]    → { status }
 *
 * An agent actor that goes offline or deregisters reads `tasks-open-by-assignee` [agent]
 * (or `tasks-by-assignee`) and tells each task `assignee-gone`.
 */
import type { ActorContext } from '../../../src/kernel/index.js';
import { OPEN_TASKS_TABLE } from './agent-view.js';
import { isOpen, type TaskRecord, type TaskStatus } from './task-record.js';

export const TASKS_TABLE = 'tasks';
export const TASKS_BY_STATUS_TABLE = 'tasks-by-status';
export const TASKS_BY_ASSIGNEE_TABLE = 'tasks-by-assignee';
export const TASKS_BY_PARENT_TABLE = 'tasks-by-parent';
export { OPEN_TASKS_TABLE };

/** What `tasks-by-assignee` and `tasks-by-parent` hold for a task. */
export interface TaskIndexEntry {
  readonly status: TaskStatus;
}

/** Write the tables for a task that was `before` (null: new) and is `after`. */
export function writeTaskIndexes(
  ctx: ActorContext<unknown>,
  before: TaskRecord | null,
  after: TaskRecord,
): void {
  const id = after.id;
  ctx.table<TaskRecord>(TASKS_TABLE).put([id], after);
  if (before?.status !== after.status) {
    const byStatus = ctx.table<number>(TASKS_BY_STATUS_TABLE);
    if (before) byStatus.remove([before.status, id]);
    byStatus.put([after.status, id], 1);
  }
  const entry: TaskIndexEntry = { status: after.status };
  const byAssignee = ctx.table<TaskIndexEntry>(TASKS_BY_ASSIGNEE_TABLE);
  const open = ctx.table<number>(OPEN_TASKS_TABLE);
  const wasHeldBy = before?.assignedAgentId ?? null;
  const wasOpen = before !== null && isOpen(before.status);
  if (wasHeldBy !== null && wasHeldBy !== after.assignedAgentId) {
    byAssignee.remove([wasHeldBy, id]);
    if (wasOpen) open.remove([wasHeldBy, id]);
  }
  if (after.assignedAgentId !== null) {
    if (wasHeldBy !== after.assignedAgentId || before?.status !== after.status)
      byAssignee.put([after.assignedAgentId, id], entry);
    const nowOpen = isOpen(after.status);
    if (nowOpen && !(wasOpen && wasHeldBy === after.assignedAgentId))
      open.put([after.assignedAgentId, id], 1);
    if (!nowOpen && wasOpen && wasHeldBy === after.assignedAgentId) open.remove([after.assignedAgentId, id]);
  }
  if (after.parentTaskId !== null && before?.status !== after.status)
    ctx.table<TaskIndexEntry>(TASKS_BY_PARENT_TABLE).put([after.parentTaskId, id], entry);
}
