/**
 * The task record over MCP, shaped like the seed's `Task`: `parent_task_id`,
 * `assigned_agent_id`, `required_capabilities`, `created_at`, `deadline` (ISO times), plus
 * troupe's `subtask_ids` and `updated_at`. `result` is the assignee's, untouched (null
 * until there is one).
 */
import { z } from 'zod';
import { TASK_STATUSES, type Task } from '../../../actors/coordination/tasks.js';
import { IsoTimeSchema, isoTime, isoTimeOrNull } from './time.js';

export const TaskStatusSchema = z.enum(TASK_STATUSES);
export const PrioritySchema = z.enum(['low', 'medium', 'high']);

export const TaskRecordSchema = z.object({
  id: z.string(),
  description: z.string(),
  parent_task_id: z.string().nullable(),
  subtask_ids: z.array(z.string()),
  assigned_agent_id: z.string().nullable(),
  required_capabilities: z.array(z.string()),
  priority: PrioritySchema,
  status: TaskStatusSchema,
  created_at: IsoTimeSchema,
  updated_at: IsoTimeSchema,
  deadline: IsoTimeSchema.nullable(),
  result: z.unknown(),
});

export type TaskRecord = z.infer<typeof TaskRecordSchema>;

export function taskRecord(task: Task): TaskRecord {
  return {
    id: task.id,
    description: task.description,
    parent_task_id: task.parentId,
    subtask_ids: [...task.childIds],
    assigned_agent_id: task.assignee,
    required_capabilities: [...task.requiredCapabilities],
    priority: task.priority,
    status: task.status,
    created_at: isoTime(task.createdAt),
    updated_at: isoTime(task.updatedAt),
    deadline: isoTimeOrNull(task.deadline),
    result: task.result ?? null,
  };
}
