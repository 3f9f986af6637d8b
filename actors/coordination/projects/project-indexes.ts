/**
 * The project and goal tables, written by the project and goal actors in the turn that
 * changes them:
 *
 *   projects            [id]               → the project record
 *   projects-by-member  [agent, project]   → { roles }  owner, lead and/or member
 *   goals               [id]               → the goal record
 *   goals-by-project    [project, goal]    → 1
 *   goals-by-owner      [agent, goal]      → 1          goals in no project, by their owner
 *
 * An agent actor that deregisters may read `projects-by-member` and `goals-by-owner` [agent]
 * and tell each actor `participant-gone`, so that a later registration of its id inherits
 * no project role and no goal.
 */
import type { ActorContext } from '../../../src/kernel/index.js';
import type { GoalRecord, ProjectRecord } from './project-record.js';

export const PROJECTS_TABLE = 'projects';
export const PROJECTS_BY_MEMBER_TABLE = 'projects-by-member';
export const GOALS_TABLE = 'goals';
export const GOALS_BY_PROJECT_TABLE = 'goals-by-project';
export const GOALS_BY_OWNER_TABLE = 'goals-by-owner';

export type ProjectRole = 'owner' | 'lead' | 'member';

export interface ProjectMembership {
  readonly roles: readonly ProjectRole[];
}

function rolesOf(project: ProjectRecord | null, agentId: string): ProjectRole[] {
  if (!project) return [];
  const roles: ProjectRole[] = [];
  if (project.ownerId === agentId) roles.push('owner');
  if (project.leadAgentId === agentId) roles.push('lead');
  if (project.memberIds.includes(agentId)) roles.push('member');
  return roles;
}

function agentsOf(project: ProjectRecord | null): string[] {
  if (!project) return [];
  return [project.ownerId, project.leadAgentId, ...project.memberIds].filter(
    (id): id is string => id !== null,
  );
}

export function writeProjectIndexes(
  ctx: ActorContext<unknown>,
  before: ProjectRecord | null,
  after: ProjectRecord,
): void {
  ctx.table<ProjectRecord>(PROJECTS_TABLE).put([after.id], after);
  const index = ctx.table<ProjectMembership>(PROJECTS_BY_MEMBER_TABLE);
  for (const agentId of new Set([...agentsOf(before), ...agentsOf(after)])) {
    const was = rolesOf(before, agentId);
    const is = rolesOf(after, agentId);
    if (was.join() === is.join()) continue;
    if (is.length === 0) index.remove([agentId, after.id]);
    else index.put([agentId, after.id], { roles: is });
  }
}

export function writeGoalIndexes(
  ctx: ActorContext<unknown>,
  before: GoalRecord | null,
  after: GoalRecord,
): void {
  ctx.table<GoalRecord>(GOALS_TABLE).put([after.id], after);
  if (!before && after.projectId !== null)
    ctx.table(GOALS_BY_PROJECT_TABLE).put([after.projectId, after.id], 1);
  const ownerIndexed = (goal: GoalRecord | null) => (goal && goal.projectId === null ? goal.ownerId : null);
  const was = ownerIndexed(before);
  const is = ownerIndexed(after);
  if (was !== is) {
    if (was !== null) ctx.table(GOALS_BY_OWNER_TABLE).remove([was, after.id]);
    if (is !== null) ctx.table(GOALS_BY_OWNER_TABLE).put([is, after.id], 1);
  }
}
