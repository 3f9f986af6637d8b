/**
 * The project and goal facade: what the MCP tools (and embedding services) call. It
 * validates the input (seed 003's `create_project(name, description, lead_agent_id?,
 * initial_status)` and `create_goal(name, description, project_id?, initial_status)`, plus
 * troupe's members, parent goals, success criteria and due dates), checks what the tables can
 * tell (the agents named are registered; the project, parent goal and goal exist), then
 * spawns or asks the `project:<id>` / `goal:<id>` actor, which applies the rules
 * (project-record.ts). Lists read the tables only.
 *
 * A goal's project is read from `projects` [id] as committed and handed to the goal actor:
 * a change racing a project's closing may land just before it — as if it had come first.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type ActorSystem, ensureActor, type Outcome, refuse } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import { goalActorId, IdSchema, projectActorId } from '../ids.js';
import { type CoordinationLimits, DEFAULT_LIMITS } from '../limits.js';
import type { Page } from '../page.js';
import { AgentDirectory } from '../tasks/agent-view.js';
import { parseInput, perLimits, writerOf } from '../tasks/facade-input.js';
import { scanPage } from '../tasks/table-scan.js';
import { InstantSchema, pageSchema } from '../tasks/task-schemas.js';
import { GoalActor, type GoalMsg } from './goal-actor.js';
import { ProjectActor, type ProjectMsg } from './project-actor.js';
import {
  GOALS_BY_PROJECT_TABLE,
  GOALS_TABLE,
  PROJECTS_BY_MEMBER_TABLE,
  PROJECTS_TABLE,
  type ProjectMembership,
} from './project-indexes.js';
import {
  GOAL_STATUSES,
  type GoalRecord,
  isClosed,
  mayChangeProject,
  PROJECT_STATUSES,
  type ProjectRecord,
} from './project-record.js';

/** Members of one project besides its owner and lead. */
export const MAX_PROJECT_MEMBERS = 1_000;
/** Success criteria of one goal. */
export const MAX_SUCCESS_CRITERIA = 100;

const schemas = perLimits((limits: CoordinationLimits) => {
  const Name = z.string().min(1).max(512);
  const Description = z.string().max(limits.textChars);
  return {
    createProject: z
      .object({
        name: Name,
        description: Description.default(''),
        leadAgentId: IdSchema.optional(),
        memberIds: z.array(IdSchema).max(MAX_PROJECT_MEMBERS).default([]),
        initialStatus: z.enum(PROJECT_STATUSES).default('planned'),
      })
      .strict(),
    updateProject: z
      .object({
        projectId: IdSchema,
        status: z.enum(PROJECT_STATUSES).optional(),
        name: Name.optional(),
        description: Description.optional(),
      })
      .strict(),
    createGoal: z
      .object({
        name: Name,
        description: Description.default(''),
        projectId: IdSchema.optional(),
        parentGoalId: IdSchema.optional(),
        successCriteria: z
          .array(z.string().min(1).max(limits.textChars))
          .max(MAX_SUCCESS_CRITERIA)
          .default([]),
        due: InstantSchema.optional(),
        initialStatus: z.enum(GOAL_STATUSES).default('open'),
      })
      .strict(),
    updateGoal: z
      .object({
        goalId: IdSchema,
        status: z.enum(GOAL_STATUSES).optional(),
        name: Name.optional(),
        description: Description.optional(),
      })
      .strict(),
    listProjects: z
      .object({
        status: z.enum(PROJECT_STATUSES).optional(),
        ownerId: IdSchema.optional(),
        memberId: IdSchema.optional(),
      })
      .strict(),
    listGoals: z
      .object({ projectId: IdSchema.optional(), status: z.enum(GOAL_STATUSES).optional() })
      .strict(),
  };
});

export function readProject(system: ActorSystem, projectId: string): ProjectRecord | undefined {
  return system.table<ProjectRecord>(PROJECTS_TABLE).get([projectId]);
}

export function readGoal(system: ActorSystem, goalId: string): GoalRecord | undefined {
  return system.table<GoalRecord>(GOALS_TABLE).get([goalId]);
}

function unregistered(system: ActorSystem, ids: readonly string[], field: string): Outcome<null> {
  const unknown = new AgentDirectory(system).unknown(ids);
  if (unknown.length === 0) return { ok: true, value: null };
  return refuse(
    'unknown_agent',
    `no agent ${unknown.map((id) => `"${id}"`).join(', ')} is registered`,
    field,
  );
}

/** Create a project owned by the caller (seed 003's `create_project`); its lead and members must be registered. */
export async function createProject(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<ProjectRecord>> {
  const parsed = parseInput(schemas(limits).createProject, input);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'creating a project');
  if (!writer.ok) return writer;
  const given = parsed.value;
  if (given.leadAgentId !== undefined) {
    const lead = unregistered(system, [given.leadAgentId], 'lead_agent_id');
    if (!lead.ok) return lead;
  }
  const members = unregistered(system, given.memberIds, 'member_ids');
  if (!members.ok) return members;
  const ref = await ensureActor(system, ProjectActor, projectActorId(`project-${randomUUID()}`));
  return ref.ask<Outcome<ProjectRecord>>({
    type: 'create',
    caller,
    project: {
      name: given.name,
      description: given.description,
      leadAgentId: given.leadAgentId ?? null,
      memberIds: given.memberIds,
      status: given.initialStatus,
    },
  } satisfies ProjectMsg);
}

/** Change a project's status (checked transitions), name or description: its owner, lead or members. */
export async function updateProject(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<ProjectRecord>> {
  const parsed = parseInput(schemas(limits).updateProject, input);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'changing a project');
  if (!writer.ok) return writer;
  const { projectId, ...change } = parsed.value;
  if (!readProject(system, projectId)) return refuse('not_found', `no project "${projectId}"`, 'project_id');
  return system
    .refOf<ProjectMsg>(projectActorId(projectId))
    .ask<Outcome<ProjectRecord>>({ type: 'update', caller, change });
}

/**
 * Create a goal (seed 003's `create_goal`): in a project (its owner, lead or members may; not
 * in a closed one), nested under a goal of the same project, or on its own (the caller's).
 */
export async function createGoal(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<GoalRecord>> {
  const parsed = parseInput(schemas(limits).createGoal, input);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'creating a goal');
  if (!writer.ok) return writer;
  const given = parsed.value;
  const projectId = given.projectId ?? null;
  if (projectId !== null) {
    const project = readProject(system, projectId);
    if (!project) return refuse('not_found', `no project "${projectId}"`, 'project_id');
    if (!mayChangeProject(project, caller))
      return refuse(
        'forbidden',
        `only the owner, lead or members of project "${projectId}" add goals`,
        'project_id',
      );
    if (isClosed(project))
      return refuse(
        'closed',
        `project "${projectId}" is ${project.status}: it takes no new goals`,
        'project_id',
      );
  }
  if (given.parentGoalId !== undefined && readGoal(system, given.parentGoalId)?.projectId !== projectId) {
    const where = projectId === null ? 'outside any project' : `in project "${projectId}"`;
    return refuse('not_found', `no goal "${given.parentGoalId}" ${where}`, 'parent_goal_id');
  }
  const ref = await ensureActor(system, GoalActor, goalActorId(`goal-${randomUUID()}`));
  return ref.ask<Outcome<GoalRecord>>({
    type: 'create',
    caller,
    goal: {
      name: given.name,
      description: given.description,
      projectId,
      parentGoalId: given.parentGoalId ?? null,
      successCriteria: given.successCriteria,
      due: given.due ?? null,
      status: given.initialStatus,
    },
  } satisfies GoalMsg);
}

/** Change a goal's status (checked transitions), name or description. */
export async function updateGoal(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<GoalRecord>> {
  const parsed = parseInput(schemas(limits).updateGoal, input);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'changing a goal');
  if (!writer.ok) return writer;
  const { goalId, ...change } = parsed.value;
  const goal = readGoal(system, goalId);
  if (!goal) return refuse('not_found', `no goal "${goalId}"`, 'goal_id');
  const project = goal.projectId === null ? null : (readProject(system, goal.projectId) ?? null);
  return system
    .refOf<GoalMsg>(goalActorId(goalId))
    .ask<Outcome<GoalRecord>>({ type: 'update', caller, change, project });
}

/** One project (public). */
export async function getProject(
  system: ActorSystem,
  _caller: Caller,
  input: unknown,
): Promise<Outcome<ProjectRecord>> {
  const parsed = parseInput(z.object({ projectId: IdSchema }).strict(), input);
  if (!parsed.ok) return parsed;
  const project = readProject(system, parsed.value.projectId);
  return project
    ? { ok: true, value: project }
    : refuse('not_found', `no project "${parsed.value.projectId}"`, 'project_id');
}

/** One goal (public). */
export async function getGoal(
  system: ActorSystem,
  _caller: Caller,
  input: unknown,
): Promise<Outcome<GoalRecord>> {
  const parsed = parseInput(z.object({ goalId: IdSchema }).strict(), input);
  if (!parsed.ok) return parsed;
  const goal = readGoal(system, parsed.value.goalId);
  return goal
    ? { ok: true, value: goal }
    : refuse('not_found', `no goal "${parsed.value.goalId}"`, 'goal_id');
}

/** Projects by status, owner or member (public), a page at a time. */
export async function listProjects(
  system: ActorSystem,
  _caller: Caller,
  filter: unknown = {},
  page: unknown = {},
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<Page<ProjectRecord>>> {
  const parsedFilter = parseInput(schemas(limits).listProjects, filter);
  if (!parsedFilter.ok) return parsedFilter;
  const parsedPage = parseInput(pageSchema(limits), page);
  if (!parsedPage.ok) return parsedPage;
  const { status, ownerId, memberId } = parsedFilter.value;
  const { cursor, limit } = parsedPage.value;
  const projects = system.table<ProjectRecord>(PROJECTS_TABLE);
  const fits = (p: ProjectRecord | undefined): p is ProjectRecord =>
    p !== undefined &&
    (status === undefined || p.status === status) &&
    (ownerId === undefined || p.ownerId === ownerId);
  if (memberId !== undefined)
    return scanPage({
      table: system.table<ProjectMembership>(PROJECTS_BY_MEMBER_TABLE),
      prefix: [memberId],
      cursor,
      limit,
      pick: (entry) => {
        const project = projects.get([String(entry.key[1])]);
        return fits(project) ? project : null;
      },
    });
  return scanPage({
    table: projects,
    cursor,
    limit,
    pick: (entry) => (fits(entry.value) ? entry.value : null),
  });
}

/** Goals (of a project, or all), by status, a page at a time (public). */
export async function listGoals(
  system: ActorSystem,
  _caller: Caller,
  filter: unknown = {},
  page: unknown = {},
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<Page<GoalRecord>>> {
  const parsedFilter = parseInput(schemas(limits).listGoals, filter);
  if (!parsedFilter.ok) return parsedFilter;
  const parsedPage = parseInput(pageSchema(limits), page);
  if (!parsedPage.ok) return parsedPage;
  const { projectId, status } = parsedFilter.value;
  const { cursor, limit } = parsedPage.value;
  const goals = system.table<GoalRecord>(GOALS_TABLE);
  const fits = (goal: GoalRecord | undefined): goal is GoalRecord =>
    goal !== undefined && (status === undefined || goal.status === status);
  if (projectId !== undefined)
    return scanPage({
      table: system.table(GOALS_BY_PROJECT_TABLE),
      prefix: [projectId],
      cursor,
      limit,
      pick: (entry) => {
        const goal = goals.get([String(entry.key[1])]);
        return fits(goal) ? goal : null;
      },
    });
  return scanPage({ table: goals, cursor, limit, pick: (entry) => (fits(entry.value) ? entry.value : null) });
}
