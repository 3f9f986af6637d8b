/**
 * Projects and goals as plain records (seed 003: `create_project(name, description,
 * lead_agent_id?, initial_status)`, `create_goal(name, description, project_id?,
 * initial_status)`), with the rules that are pure data: which status may follow which, who
 * may change what, and the changes they allow.
 *
 *   project   planned ──► active ──► completed     planned, active, on_hold ──► cancelled
 *                │          ▲  │
 *                │          │  ▼
 *                └───────► on_hold
 *
 *   goal      open ◄──► in_progress                 open, in_progress ──► achieved | abandoned
 *
 * A project's owner (its creator), lead and members may change it and its goals; a goal
 * outside any project, its owner. `completed` and `cancelled` projects are closed: no new
 * goals, no changes to theirs. `achieved` and `abandoned` goals are final. Setting the
 * status a record has already is allowed (an update can be repeated). This module owns no
 * state: the project and goal actors keep the records.
 */
import { type Outcome, refuse } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';

export const PROJECT_STATUSES = ['planned', 'active', 'on_hold', 'completed', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const GOAL_STATUSES = ['open', 'in_progress', 'achieved', 'abandoned'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export interface ProjectRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Its creator; `null` when the operator made it, or once the owner deregistered. */
  readonly ownerId: string | null;
  readonly leadAgentId: string | null;
  /** Besides owner and lead, the agents who may change it and its goals. */
  readonly memberIds: readonly string[];
  readonly status: ProjectStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface GoalRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly projectId: string | null;
  readonly parentGoalId: string | null;
  /** Its creator (who may change it when it is in no project); `null`: the operator, or deregistered. */
  readonly ownerId: string | null;
  readonly successCriteria: readonly string[];
  /** Epoch ms. */
  readonly due: number | null;
  readonly status: GoalStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface Change<Status> {
  readonly status?: Status;
  readonly name?: string;
  readonly description?: string;
}

const PROJECT_NEXT: ReadonlyMap<ProjectStatus, readonly ProjectStatus[]> = new Map([
  ['planned', ['active', 'on_hold', 'cancelled']],
  ['active', ['on_hold', 'completed', 'cancelled']],
  ['on_hold', ['active', 'cancelled']],
  ['completed', []],
  ['cancelled', []],
]);

const GOAL_NEXT: ReadonlyMap<GoalStatus, readonly GoalStatus[]> = new Map([
  ['open', ['in_progress', 'achieved', 'abandoned']],
  ['in_progress', ['open', 'achieved', 'abandoned']],
  ['achieved', []],
  ['abandoned', []],
]);

export function canMoveProject(from: ProjectStatus, to: ProjectStatus): boolean {
  return from === to || (PROJECT_NEXT.get(from) ?? []).includes(to);
}

export function canMoveGoal(from: GoalStatus, to: GoalStatus): boolean {
  return from === to || (GOAL_NEXT.get(from) ?? []).includes(to);
}

/** Completed and cancelled projects take no new goals and no goal changes. */
export function isClosed(project: ProjectRecord): boolean {
  return project.status === 'completed' || project.status === 'cancelled';
}

/** May the caller change the project and its goals (owner, lead, member, the operator)? */
export function mayChangeProject(project: ProjectRecord, caller: Caller): boolean {
  switch (caller.kind) {
    case 'operator':
      return true;
    case 'agent':
      return (
        caller.agentId === project.ownerId ||
        caller.agentId === project.leadAgentId ||
        project.memberIds.includes(caller.agentId)
      );
    case 'anonymous':
      return false;
  }
}

/** May the caller change the goal (as its project says, or as its owner)? */
export function mayChangeGoal(goal: GoalRecord, project: ProjectRecord | null, caller: Caller): boolean {
  if (project) return mayChangeProject(project, caller);
  return caller.kind === 'operator' || (caller.kind === 'agent' && caller.agentId === goal.ownerId);
}

const allowed = (next: readonly string[]) => next.join(', ') || 'nothing: it is final';

/** The project with the change made, or why it may not change. */
export function changeProject(
  project: ProjectRecord,
  change: Change<ProjectStatus>,
  now: number,
): Outcome<ProjectRecord> {
  if (change.status && !canMoveProject(project.status, change.status)) {
    const why = `project "${project.id}" is ${project.status}; it can move to ${allowed(PROJECT_NEXT.get(project.status) ?? [])}`;
    return refuse('invalid_transition', why, 'status');
  }
  if (isClosed(project) && (change.description !== undefined || change.name !== undefined))
    return refuse(
      'closed',
      `project "${project.id}" is ${project.status}: it no longer changes`,
      'project_id',
    );
  return {
    ok: true,
    value: {
      ...project,
      status: change.status ?? project.status,
      name: change.name ?? project.name,
      description: change.description ?? project.description,
      updatedAt: now,
    },
  };
}

/** The goal with the change made, or why it may not change. */
export function changeGoal(
  goal: GoalRecord,
  project: ProjectRecord | null,
  change: Change<GoalStatus>,
  now: number,
): Outcome<GoalRecord> {
  if (project && isClosed(project))
    return refuse(
      'closed',
      `project "${project.id}" is ${project.status}: its goals no longer change`,
      'goal_id',
    );
  if (change.status && !canMoveGoal(goal.status, change.status)) {
    const why = `goal "${goal.id}" is ${goal.status}; it can move to ${allowed(GOAL_NEXT.get(goal.status) ?? [])}`;
    return refuse('invalid_transition', why, 'status');
  }
  return {
    ok: true,
    value: {
      ...goal,
      status: change.status ?? goal.status,
      name: change.name ?? goal.name,
      description: change.description ?? goal.description,
      updatedAt: now,
    },
  };
}

/** The project without `agentId` in any role (it deregistered). */
export function projectWithout(project: ProjectRecord, agentId: string, now: number): ProjectRecord {
  return {
    ...project,
    ownerId: project.ownerId === agentId ? null : project.ownerId,
    leadAgentId: project.leadAgentId === agentId ? null : project.leadAgentId,
    memberIds: project.memberIds.filter((id) => id !== agentId),
    updatedAt: now,
  };
}
