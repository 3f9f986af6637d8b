/**
 * The project tools: `create_project`, `update_project`, `list_projects`, `create_goal`,
 * `update_goal` — messages to the `ProjectBoard`. The statuses and their transitions are the
 * board's (actors/agents/project.ts); these tools only validate and map the fields.
 */
import { z } from 'zod';
import {
  GOAL_STATUSES,
  type Goal,
  PROJECT_STATUSES,
  type Project,
  type ProjectView,
} from '../../../actors/coordination/project.js';
import type { ProjectMsg } from '../../../actors/coordination/projects.js';
import type { ActorRef } from '../../kernel/index.js';
import { changes, READS } from '../annotations.js';
import {
  GoalRecordSchema,
  goalRecord,
  ProjectRecordSchema,
  ProjectViewRecordSchema,
  projectRecord,
  projectViewRecord,
} from '../records/index.js';
import type { ToolRegistry } from '../tool-registry.js';
import { answerer } from '../tool-result.js';

const Id = z.string().min(1).max(512);
const ProjectStatus = z.enum(PROJECT_STATUSES);
const GoalStatus = z.enum(GOAL_STATUSES);
/** Calls on an agent's behalf: its id and token (checked with the registry). */
const Caller = { agent_id: Id, agent_token: z.string(), session_id: Id.optional() };

export function registerProjectTools(tools: ToolRegistry, board: ActorRef<ProjectMsg>): void {
  const answer = answerer(board);
  const handledBy = board.id;
  const withProject = (project: Project) => ({ project: projectRecord(project) });
  const withGoal = (goal: Goal) => ({ goal: goalRecord(goal) });
  const project = { project: ProjectRecordSchema };
  const goal = { goal: GoalRecordSchema };
  tools.register(
    'create_project',
    {
      description:
        'Create a project owned by the calling agent, status planned; member_ids (registered agents) may also add and change its goals.',
      inputSchema: {
        name: z.string().min(1).max(512),
        description: z.string().max(10_000).default(''),
        member_ids: z.array(Id).default([]),
        ...Caller,
      },
      outputSchema: project,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer(
        {
          type: 'create-project',
          name: args.name,
          description: args.description,
          memberIds: args.member_ids,
          agentId: args.agent_id,
          token: args.agent_token,
        },
        withProject,
      ),
  );
  tools.register(
    'update_project',
    {
      description:
        'Owner or member changes status and/or description. planned → active | on_hold | cancelled; active → on_hold | completed | cancelled; on_hold → active | cancelled; completed and cancelled are final (else invalid_transition).',
      inputSchema: {
        project_id: Id,
        status: ProjectStatus.optional(),
        description: z.string().max(10_000).optional(),
        ...Caller,
      },
      outputSchema: project,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer(
        {
          type: 'update-project',
          projectId: args.project_id,
          status: args.status,
          description: args.description,
          agentId: args.agent_id,
          token: args.agent_token,
        },
        withProject,
      ),
  );
  tools.register(
    'list_projects',
    {
      description: 'Projects, each with its goals; by status and/or owner.',
      inputSchema: { status: ProjectStatus.optional(), owner_id: Id.optional() },
      outputSchema: { projects: z.array(ProjectViewRecordSchema) },
      annotations: READS,
      handledBy,
    },
    (args) =>
      answer<ProjectView[]>(
        { type: 'list-projects', status: args.status, ownerId: args.owner_id },
        (projects) => ({ projects: projects.map(projectViewRecord) }),
      ),
  );
  tools.register(
    'create_goal',
    {
      description:
        'Owner or member adds a goal (status open) to a project that is not completed or cancelled; parent_goal_id nests it under a goal of the same project.',
      inputSchema: {
        project_id: Id,
        title: z.string().min(1).max(512),
        description: z.string().max(10_000).default(''),
        success_criteria: z.array(z.string().min(1)).default([]),
        due: z.number().int().nonnegative().optional().describe('epoch milliseconds'),
        parent_goal_id: Id.optional(),
        ...Caller,
      },
      outputSchema: goal,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer(
        {
          type: 'create-goal',
          projectId: args.project_id,
          title: args.title,
          description: args.description,
          successCriteria: args.success_criteria,
          due: args.due,
          parentGoalId: args.parent_goal_id,
          agentId: args.agent_id,
          token: args.agent_token,
        },
        withGoal,
      ),
  );
  tools.register(
    'update_goal',
    {
      description:
        'Owner or member changes a goal’s status and/or description. open ⇄ in_progress; both → achieved | abandoned, which are final (else invalid_transition).',
      inputSchema: {
        goal_id: Id,
        status: GoalStatus.optional(),
        description: z.string().max(10_000).optional(),
        ...Caller,
      },
      outputSchema: goal,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer(
        {
          type: 'update-goal',
          goalId: args.goal_id,
          status: args.status,
          description: args.description,
          agentId: args.agent_id,
          token: args.agent_token,
        },
        withGoal,
      ),
  );
}
