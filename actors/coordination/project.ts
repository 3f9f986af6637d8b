/**
 * Projects, their goals and the evaluations of contributions, as plain records — with the
 * rules that are pure data: which status may follow which, and how an evaluation's scores
 * make its mean, and the changes they allow. The `ProjectBoard` actor (projects.ts) keeps
 * them; this module owns no state.
 *
 *   project   planned ──► active ──► completed     planned, active, on_hold ──► cancelled
 *                │          ▲  │
 *                │          │  ▼
 *                └───────► on_hold
 *
 *   goal      open ◄──► in_progress                 open, in_progress ──► achieved | abandoned
 *
 * `completed` and `cancelled` projects are closed: they take no new goals and no goal changes.
 * `achieved` and `abandoned` goals are final. Setting the status a record already has is allowed
 * (it changes nothing), so an update can be repeated.
 */
import { type Outcome, refuse } from '../../src/kernel/index.js';

export const PROJECT_STATUSES = ['planned', 'active', 'on_hold', 'completed', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const GOAL_STATUSES = ['open', 'in_progress', 'achieved', 'abandoned'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

/** Every criterion of an evaluation is scored on this closed scale. */
export const SCORE_MIN = 0;
export const SCORE_MAX = 10;

export interface Project {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly ownerId: string;
  /** The agents besides the owner who may add and change goals. */
  readonly memberIds: readonly string[];
  readonly status: ProjectStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface Goal {
  readonly id: string;
  readonly projectId: string;
  readonly parentGoalId: string | null;
  readonly title: string;
  readonly description: string;
  readonly successCriteria: readonly string[];
  /** When it is due (epoch ms), if ever. */
  readonly due: number | null;
  readonly status: GoalStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A project as listed: with its goals. */
export interface ProjectView extends Project {
  readonly goals: readonly Goal[];
}

export interface Evaluation {
  readonly id: string;
  readonly evaluatorId: string;
  readonly contributorId: string;
  /** What was evaluated: a task id, a commit, a path… */
  readonly contributionRef: string;
  readonly projectId: string | null;
  /** Criterion name → score in [SCORE_MIN, SCORE_MAX]. */
  readonly scores: Readonly<Record<string, number>>;
  /** The mean of the scores, rounded to two decimals. */
  readonly meanScore: number;
  readonly comments: string;
  readonly createdAt: number;
}

/** An agent's evaluations, with how many there are and the mean of their means (null for none). */
export interface EvaluationSummary {
  readonly evaluations: readonly Evaluation[];
  readonly count: number;
  readonly meanScore: number | null;
}

const PROJECT_NEXT: Readonly<Record<ProjectStatus, readonly ProjectStatus[]>> = {
  planned: ['active', 'on_hold', 'cancelled'],
  active: ['on_hold', 'completed', 'cancelled'],
  on_hold: ['active', 'cancelled'],
  completed: [],
  cancelled: [],
};

const GOAL_NEXT: Readonly<Record<GoalStatus, readonly GoalStatus[]>> = {
  open: ['in_progress', 'achieved', 'abandoned'],
  in_progress: ['open', 'achieved', 'abandoned'],
  achieved: [],
  abandoned: [],
};

export function canMoveProject(from: ProjectStatus, to: ProjectStatus): boolean {
  return from === to || PROJECT_NEXT[from].includes(to);
}

export function canMoveGoal(from: GoalStatus, to: GoalStatus): boolean {
  return from === to || GOAL_NEXT[from].includes(to);
}

/** Completed and cancelled projects take no new goals and no goal changes. */
export function isClosed(project: Project): boolean {
  switch (project.status) {
    case 'completed':
    case 'cancelled':
      return true;
    case 'planned':
    case 'active':
    case 'on_hold':
      return false;
  }
}

export interface Change<S> {
  readonly status?: S;
  readonly description?: string;
}

const allowed = (next: readonly string[]) => next.join(', ') || 'nothing: it is final';

/** The project with its status and/or description changed, or why it may not change. */
export function changeProject(
  project: Project,
  change: Change<ProjectStatus>,
  now: number,
): Outcome<Project> {
  if (change.status && !canMoveProject(project.status, change.status)) {
    const why = `project "${project.id}" is ${project.status}; it can move to ${allowed(PROJECT_NEXT[project.status])}`;
    return refuse('invalid_transition', why, 'status');
  }
  if (isClosed(project) && change.description !== undefined)
    return refuse(
      'closed',
      `project "${project.id}" is ${project.status}: it no longer changes`,
      'project_id',
    );
  const status = change.status ?? project.status;
  return {
    ok: true,
    value: { ...project, status, description: change.description ?? project.description, updatedAt: now },
  };
}

/** The goal with its status and/or description changed, or why it may not change. */
export function changeGoal(
  goal: Goal,
  project: Project,
  change: Change<GoalStatus>,
  now: number,
): Outcome<Goal> {
  if (isClosed(project)) {
    const why = `project "${project.id}" is ${project.status}: its goals no longer change`;
    return refuse('closed', why, 'goal_id');
  }
  if (change.status && !canMoveGoal(goal.status, change.status)) {
    const why = `goal "${goal.id}" is ${goal.status}; it can move to ${allowed(GOAL_NEXT[goal.status])}`;
    return refuse('invalid_transition', why, 'status');
  }
  const status = change.status ?? goal.status;
  return {
    ok: true,
    value: { ...goal, status, description: change.description ?? goal.description, updatedAt: now },
  };
}

const roundTwo = (n: number) => Math.round(n * 100) / 100;

/** The mean of the scores, rounded to two decimals; null when there are none. */
export function meanOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return roundTwo(values.reduce((sum, v) => sum + v, 0) / values.length);
}

/** What is wrong with a set of scores (none, or one off the scale), or null when they are fine. */
export function scoresProblem(scores: Readonly<Record<string, number>>): string | null {
  const entries = Object.entries(scores);
  if (entries.length === 0) return 'at least one criterion must be scored';
  const off = entries.find(([, s]) => !Number.isFinite(s) || s < SCORE_MIN || s > SCORE_MAX);
  return off ? `"${off[0]}" scores ${off[1]}, outside ${SCORE_MIN}..${SCORE_MAX}` : null;
}
