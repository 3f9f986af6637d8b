/**
 * Projects and goals over MCP: a project's `owner_id`, `lead_agent_id`,
 * `member_ids`; a goal's `name`, `project_id`, `parent_goal_id`, `owner_id`,
 * `success_criteria`, `due` (seed 003's `create_project` / `create_goal` fields, from the
 * domain's records in `actors/coordination/projects/`); ISO times. Evaluations: `evaluation.ts`.
 */
import { z } from 'zod';
import {
  GOAL_STATUSES,
  type GoalRecord,
  PROJECT_STATUSES,
  type ProjectRecord,
} from '../../../actors/coordination/projects/project-record.js';
import { IsoTimeSchema, isoTime, isoTimeOrNull } from './time.js';

export const ProjectStatusSchema = z.enum(PROJECT_STATUSES);
export const GoalStatusSchema = z.enum(GOAL_STATUSES);

export const ProjectRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  owner_id: z.string().nullable(),
  lead_agent_id: z.string().nullable(),
  member_ids: z.array(z.string()),
  status: ProjectStatusSchema,
  created_at: IsoTimeSchema,
  updated_at: IsoTimeSchema,
});

export const GoalRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  project_id: z.string().nullable(),
  parent_goal_id: z.string().nullable(),
  owner_id: z.string().nullable(),
  success_criteria: z.array(z.string()),
  due: IsoTimeSchema.nullable(),
  status: GoalStatusSchema,
  created_at: IsoTimeSchema,
  updated_at: IsoTimeSchema,
});

export function projectRecord(project: ProjectRecord): z.infer<typeof ProjectRecordSchema> {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    owner_id: project.ownerId,
    lead_agent_id: project.leadAgentId,
    member_ids: [...project.memberIds],
    status: project.status,
    created_at: isoTime(project.createdAt),
    updated_at: isoTime(project.updatedAt),
  };
}

export function goalRecord(goal: GoalRecord): z.infer<typeof GoalRecordSchema> {
  return {
    id: goal.id,
    name: goal.name,
    description: goal.description,
    project_id: goal.projectId,
    parent_goal_id: goal.parentGoalId,
    owner_id: goal.ownerId,
    success_criteria: [...goal.successCriteria],
    due: isoTimeOrNull(goal.due),
    status: goal.status,
    created_at: isoTime(goal.createdAt),
    updated_at: isoTime(goal.updatedAt),
  };
}
