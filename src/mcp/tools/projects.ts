/**
 * The project and goal tools on the rebuilt domain (`actors/coordination/projects/api.ts`):
 * `create_project` (seed 003: name, description, lead_agent_id?, initial_status; troupe's
 * `member_ids`), `update_project`, `get_project`, `list_projects`, `create_goal` (seed 003:
 * name, description, project_id?, initial_status; troupe's parent goal, success criteria and
 * due date), `update_goal`, `get_goal`, `list_goals`. The statuses and their transitions are
 * the domain's (project-record.ts).
 *
 * Who may: creating and changing need a proven agent — the project's owner (its creator),
 * lead or members change it and its goals; a goal outside any project, its owner. Reads are
 * public. A seed call names no agent for `create_goal` (nor, without a lead, for
 * `create_project`): it acts for the one agent its MCP session has proven.
 */
import { z } from 'zod';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { IdSchema } from '../../../actors/coordination/ids.js';
import {
  createGoal,
  createProject,
  getGoal,
  getProject,
  listGoals,
  listProjects,
  updateGoal,
  updateProject,
} from '../../../actors/coordination/projects/api.js';
import {
  GOAL_STATUSES,
  type GoalRecord,
  PROJECT_STATUSES,
  type ProjectRecord,
} from '../../../actors/coordination/projects/project-record.js';
import { changes, READS } from '../annotations.js';
import { GoalRecordSchema, goalRecord, ProjectRecordSchema, projectRecord } from '../records/index.js';
import type { ToolRegistry } from '../tool-registry.js';
import { failure } from '../tool-result.js';
import { type Alias, aliasNote, eitherOf } from './aliases.js';
import { NextCursorSchema, PagingShape, pageOf, pageShape, resultOf } from './domain-answer.js';

const HANDLED_BY = 'projects';
const GOAL_NAME: Alias = { seed: 'name', old: 'title' };
const withProject = (project: ProjectRecord) => ({ project: projectRecord(project) });
const withGoal = (goal: GoalRecord) => ({ goal: goalRecord(goal) });
const Due = z
  .union([z.number().int().nonnegative(), z.string().max(64)])
  .describe('ISO-8601 time, or epoch milliseconds');

export function registerProjectTools(tools: ToolRegistry, domain: AgentsDomain): void {
  const { system, limits } = domain;
  const Name = z.string().min(1).max(512);
  const Description = z.string().max(limits.textChars);
  const project = { project: ProjectRecordSchema };
  const goal = { goal: GoalRecordSchema };
  tools.register(
    'create_project',
    {
      description:
        'Create a project (seed 003) owned by the caller: agent_id when given, else lead_agent_id, else the one agent this MCP session has proven. lead_agent_id and member_ids must be registered agents (unknown_agent); they may change the project and add goals. initial_status: planned (default), active, on_hold. Transitions: planned → active | on_hold | cancelled; active → on_hold | completed | cancelled; on_hold → active | cancelled.',
      inputSchema: {
        name: Name,
        description: Description.default(''),
        lead_agent_id: IdSchema.optional(),
        initial_status: z.enum(PROJECT_STATUSES).default('planned'),
        member_ids: z.array(IdSchema).max(1_000).default([]),
        agent_token: z.string().optional(),
      },
      outputSchema: project,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: HANDLED_BY,
      caller: ['agent_id', 'lead_agent_id'],
      implicitCaller: true,
    },
    async (args, call) =>
      resultOf(
        await createProject(
          system,
          call.caller,
          {
            name: args.name,
            description: args.description,
            initialStatus: args.initial_status,
            memberIds: args.member_ids,
            ...(args.lead_agent_id !== undefined ? { leadAgentId: args.lead_agent_id } : {}),
          },
          limits,
        ),
        withProject,
      ),
  );
  tools.register(
    'update_project',
    {
      description:
        'The owner, lead or a member changes a project’s status (checked transitions: invalid_transition), name or description.',
      inputSchema: {
        project_id: IdSchema,
        status: z.enum(PROJECT_STATUSES).optional(),
        name: Name.optional(),
        description: Description.optional(),
        agent_id: IdSchema,
        agent_token: z.string().optional(),
      },
      outputSchema: project,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) =>
      resultOf(
        await updateProject(
          system,
          call.caller,
          {
            projectId: args.project_id,
            ...(args.status !== undefined ? { status: args.status } : {}),
            ...(args.name !== undefined ? { name: args.name } : {}),
            ...(args.description !== undefined ? { description: args.description } : {}),
          },
          limits,
        ),
        withProject,
      ),
  );
  tools.register(
    'get_project',
    {
      description: 'One project (public).',
      inputSchema: { project_id: IdSchema },
      outputSchema: project,
      annotations: READS,
      handledBy: HANDLED_BY,
    },
    async (args, call) =>
      resultOf(await getProject(system, call.caller, { projectId: args.project_id }), withProject),
  );
  tools.register(
    'list_projects',
    {
      description:
        'Projects by status, owner or member (public), a page at a time (next_cursor). Their goals: list_goals.',
      inputSchema: {
        status: z.enum(PROJECT_STATUSES).optional(),
        owner_id: IdSchema.optional(),
        member_id: IdSchema.optional(),
        ...PagingShape,
      },
      outputSchema: { projects: z.array(ProjectRecordSchema), next_cursor: NextCursorSchema },
      annotations: READS,
      handledBy: HANDLED_BY,
    },
    async (args, call) =>
      resultOf(
        await listProjects(
          system,
          call.caller,
          {
            ...(args.status !== undefined ? { status: args.status } : {}),
            ...(args.owner_id !== undefined ? { ownerId: args.owner_id } : {}),
            ...(args.member_id !== undefined ? { memberId: args.member_id } : {}),
          },
          pageOf(args),
          limits,
        ),
        pageShape('projects', projectRecord),
      ),
  );
  tools.register(
    'create_goal',
    {
      description:
        'Create a goal (seed 003) for the caller (agent_id, else the one agent this MCP session has proven): in project_id (its owner, lead or members may; not in a completed or cancelled project: closed), nested under parent_goal_id of the same project, or on its own. initial_status: open (default) or in_progress. Transitions: open ⇄ in_progress; both → achieved | abandoned (final).' +
        aliasNote([GOAL_NAME]),
      inputSchema: {
        name: Name.optional(),
        title: Name.optional().describe('older name of name'),
        description: Description.default(''),
        project_id: IdSchema.optional(),
        initial_status: z.enum(GOAL_STATUSES).default('open'),
        parent_goal_id: IdSchema.optional(),
        success_criteria: z.array(z.string().min(1).max(limits.textChars)).max(100).default([]),
        due: Due.optional(),
        agent_token: z.string().optional(),
      },
      outputSchema: goal,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: HANDLED_BY,
      caller: 'agent_id',
      implicitCaller: true,
    },
    async (args, call) => {
      const name = eitherOf<string>(args, GOAL_NAME, true);
      if (!name.ok) return failure(name.error);
      const outcome = await createGoal(
        system,
        call.caller,
        {
          name: name.value.value,
          description: args.description,
          initialStatus: args.initial_status,
          successCriteria: args.success_criteria,
          ...(args.project_id !== undefined ? { projectId: args.project_id } : {}),
          ...(args.parent_goal_id !== undefined ? { parentGoalId: args.parent_goal_id } : {}),
          ...(args.due !== undefined ? { due: args.due } : {}),
        },
        limits,
      );
      return resultOf(outcome, withGoal, new Map([[GOAL_NAME.seed, name.value.used]]));
    },
  );
  tools.register(
    'update_goal',
    {
      description:
        'Change a goal’s status (checked transitions: invalid_transition), name or description: its project’s owner, lead or members, or (outside any project) its owner.',
      inputSchema: {
        goal_id: IdSchema,
        status: z.enum(GOAL_STATUSES).optional(),
        name: Name.optional(),
        description: Description.optional(),
        agent_id: IdSchema,
        agent_token: z.string().optional(),
      },
      outputSchema: goal,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) =>
      resultOf(
        await updateGoal(
          system,
          call.caller,
          {
            goalId: args.goal_id,
            ...(args.status !== undefined ? { status: args.status } : {}),
            ...(args.name !== undefined ? { name: args.name } : {}),
            ...(args.description !== undefined ? { description: args.description } : {}),
          },
          limits,
        ),
        withGoal,
      ),
  );
  tools.register(
    'get_goal',
    {
      description: 'One goal (public).',
      inputSchema: { goal_id: IdSchema },
      outputSchema: goal,
      annotations: READS,
      handledBy: HANDLED_BY,
    },
    async (args, call) => resultOf(await getGoal(system, call.caller, { goalId: args.goal_id }), withGoal),
  );
  tools.register(
    'list_goals',
    {
      description: 'Goals (of project_id, or all) by status (public), a page at a time (next_cursor).',
      inputSchema: {
        project_id: IdSchema.optional(),
        status: z.enum(GOAL_STATUSES).optional(),
        ...PagingShape,
      },
      outputSchema: { goals: z.array(GoalRecordSchema), next_cursor: NextCursorSchema },
      annotations: READS,
      handledBy: HANDLED_BY,
    },
    async (args, call) =>
      resultOf(
        await listGoals(
          system,
          call.caller,
          {
            ...(args.project_id !== undefined ? { projectId: args.project_id } : {}),
            ...(args.status !== undefined ? { status: args.status } : {}),
          },
          pageOf(args),
          limits,
        ),
        pageShape('goals', goalRecord),
      ),
  );
}
