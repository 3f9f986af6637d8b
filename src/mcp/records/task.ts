/**
 * The task record over MCP, shaped like the seed's `Task`: `parent_task_id`, `workflow_id`,
 * `assigned_agent_id`, `required_capabilities`, `priority`, `status`, `created_at`,
 * `deadline` (ISO times), `result` — plus troupe's `coordinator_id`, `created_by`,
 * `contextual_data`, `subtask_ids` and `updated_at`. `result` and `contextual_data` are
 * null for a caller who may not see them (the domain's `viewOf` decides).
 */
import { z } from 'zod';
import {
  type TaskRecord as DomainTask,
  PRIORITIES,
  TASK_STATUSES,
} from '../../../actors/coordination/tasks/task-record.js';
import { IsoTimeSchema, isoTime, isoTimeOrNull } from './time.js';

export const TaskStatusSchema = z.enum(TASK_STATUSES);
export const PrioritySchema = z.enum(PRIORITIES);

export const TaskRecordSchema = z.object({
  id: z.string(),
  description: z.string(),
  parent_task_id: z.string().nullable(),
  workflow_id: z.string().nullable(),
  subtask_ids: z.array(z.string()),
  assigned_agent_id: z.string().nullable(),
  coordinator_id: z.string().nullable(),
  created_by: z.string().nullable(),
  required_capabilities: z.array(z.string()),
  priority: PrioritySchema,
  status: TaskStatusSchema,
  created_at: IsoTimeSchema,
  updated_at: IsoTimeSchema,
  deadline: IsoTimeSchema.nullable(),
  contextual_data: z.unknown(),
  result: z.unknown(),
});

export type TaskRecord = z.infer<typeof TaskRecordSchema>;

export function taskRecordOf(task: DomainTask): TaskRecord {
  return {
    id: task.id,
    description: task.description,
    parent_task_id: task.parentTaskId,
    workflow_id: task.workflowId,
    subtask_ids: [...task.subtaskIds],
    assigned_agent_id: task.assignedAgentId,
    coordinator_id: task.coordinatorId,
    created_by: task.createdBy,
    required_capabilities: [...task.requiredCapabilities],
    priority: task.priority,
    status: task.status,
    created_at: isoTime(task.createdAt),
    updated_at: isoTime(task.updatedAt),
    deadline: isoTimeOrNull(task.deadline),
    contextual_data: task.contextualData ?? null,
    result: task.result ?? null,
  };
}
