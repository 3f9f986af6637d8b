/**
 * Migrating the projects and goals of the previous version's `ProjectBoard` (one actor, id
 * `project-board`: `{ projects: { [id]: { id, name, description, ownerId, memberIds, status,
 * createdAt, updatedAt } }, goals: { [id]: { id, projectId, parentGoalId, title, description,
 * successCriteria, due, status, createdAt, updatedAt } }, evaluations }`) to a `project:<id>`
 * and a `goal:<id>` actor each: `convertProjectBoard` is the pure converter,
 * `migrateProjectBoard` applies it and then removes the old state. The board's evaluations
 * belong to the evaluations area, whose migration must have read them first (startCoordination
 * runs it before this one). Safe to run again after a crash midway: an actor already made
 * ignores a second restore.
 *
 * The old goals had a title and no recorded creator: the title becomes the name, and the goal
 * is changed by whoever may change its project. Dropped and reported: records whose id is no
 * longer valid, member ids that are not, goals of a project that is not there.
 */
import { type ActorSystem, ensureActor } from '../../../src/kernel/index.js';
import { goalActorId, isId, projectActorId } from '../ids.js';
import {
  asObject,
  type MigrationReport,
  readOld,
  recordsOf,
  type StoredStates,
  shown,
  strings,
  text,
  timeOf,
  validIds,
} from '../tasks/old-states.js';
import { MAX_PROJECT_MEMBERS, MAX_SUCCESS_CRITERIA } from './api.js';
import { GoalActor } from './goal-actor.js';
import { ProjectActor } from './project-actor.js';
import {
  GOAL_STATUSES,
  type GoalRecord,
  type GoalStatus,
  PROJECT_STATUSES,
  type ProjectRecord,
  type ProjectStatus,
} from './project-record.js';

export const OLD_PROJECT_BOARD_ID = 'project-board';

export interface ProjectConversion {
  readonly projects: readonly ProjectRecord[];
  readonly goals: readonly GoalRecord[];
  readonly dropped: readonly string[];
}

const isProjectStatus = (v: unknown): v is ProjectStatus => PROJECT_STATUSES.some((s) => s === v);
const isGoalStatus = (v: unknown): v is GoalStatus => GOAL_STATUSES.some((s) => s === v);

/** The projects and goals of an old `ProjectBoard` state, as records for their actors. */
export function convertProjectBoard(state: unknown, now: number): ProjectConversion {
  const board = asObject(state);
  const dropped: string[] = [];
  const projects: ProjectRecord[] = [];
  for (const old of recordsOf(board?.projects)) {
    const id = text(old.id);
    if (!isId(id)) {
      dropped.push(`project "${shown(id)}": its id is not a valid id`);
      continue;
    }
    const owner = text(old.ownerId);
    const ownerId = isId(owner) ? owner : null;
    const members = validIds(old.memberIds, (bad) =>
      dropped.push(`project "${id}": member "${shown(bad)}" is not a valid id`),
    );
    const createdAt = timeOf(old.createdAt, now);
    projects.push({
      id,
      name: text(old.name, id),
      description: text(old.description),
      ownerId,
      leadAgentId: null,
      memberIds: [...new Set(members)].filter((m) => m !== ownerId).slice(0, MAX_PROJECT_MEMBERS),
      status: isProjectStatus(old.status) ? old.status : 'planned',
      createdAt,
      updatedAt: timeOf(old.updatedAt, createdAt),
    });
  }
  const projectIds = new Set(projects.map((p) => p.id));
  const goals: GoalRecord[] = [];
  for (const old of recordsOf(board?.goals)) {
    const id = text(old.id);
    const projectId = text(old.projectId);
    if (!isId(id) || !projectIds.has(projectId)) {
      dropped.push(
        `goal "${shown(id)}": its id is not valid or its project "${shown(projectId)}" is not there`,
      );
      continue;
    }
    const parent = text(old.parentGoalId);
    const createdAt = timeOf(old.createdAt, now);
    goals.push({
      id,
      name: text(old.title, text(old.name, id)),
      description: text(old.description),
      projectId,
      parentGoalId: isId(parent) ? parent : null,
      ownerId: null,
      successCriteria: strings(old.successCriteria).slice(0, MAX_SUCCESS_CRITERIA),
      due: typeof old.due === 'number' && Number.isFinite(old.due) ? old.due : null,
      status: isGoalStatus(old.status) ? old.status : 'open',
      createdAt,
      updatedAt: timeOf(old.updatedAt, createdAt),
    });
  }
  return { projects, goals, dropped };
}

/**
 * Move the old `project-board`'s projects and goals into their actors, then remove it (after
 * the evaluations area read its evaluations); `null` when there is none.
 */
export async function migrateProjectBoard(
  system: ActorSystem,
  stored: StoredStates,
  now: number,
): Promise<MigrationReport | null> {
  const old = await readOld(stored, OLD_PROJECT_BOARD_ID, 'ProjectBoard');
  if (!old) return null;
  const { projects, goals, dropped } = convertProjectBoard(old.state, now);
  let migrated = 0;
  for (const project of projects) {
    const ref = await ensureActor(system, ProjectActor, projectActorId(project.id));
    if (await ref.ask<boolean>({ type: 'restore', record: project })) migrated++;
  }
  for (const goal of goals) {
    const ref = await ensureActor(system, GoalActor, goalActorId(goal.id));
    if (await ref.ask<boolean>({ type: 'restore', record: goal })) migrated++;
  }
  const removed = await stored.removeStored(OLD_PROJECT_BOARD_ID);
  return {
    from: OLD_PROJECT_BOARD_ID,
    migrated,
    existing: projects.length + goals.length - migrated,
    dropped,
    removed,
  };
}
