/**
 * The project rules as pure data: every project and goal transition against the documented
 * graph, changes refused with the field and what is allowed, closed projects, the rounded
 * mean, and which score sets are refused.
 */
import { expect, it } from 'vitest';
import {
  canMoveGoal,
  canMoveProject,
  changeGoal,
  changeProject,
  GOAL_STATUSES,
  type Goal,
  isClosed,
  meanOf,
  PROJECT_STATUSES,
  type Project,
  scoresProblem,
} from '../../../actors/coordination/project.js';

const pairs = <S extends string>(statuses: readonly S[], can: (from: S, to: S) => boolean) =>
  statuses.flatMap((from) =>
    statuses.filter((to) => to !== from && can(from, to)).map((to) => `${from}>${to}`),
  );

it('allows exactly the documented project transitions, and staying put', () => {
  expect(pairs(PROJECT_STATUSES, canMoveProject).sort()).toEqual(
    [
      'planned>active',
      'planned>on_hold',
      'planned>cancelled',
      'active>on_hold',
      'active>completed',
      'active>cancelled',
      'on_hold>active',
      'on_hold>cancelled',
    ].sort(),
  );
  for (const status of PROJECT_STATUSES) expect(canMoveProject(status, status)).toBe(true);
});

it('allows exactly the documented goal transitions; achieved and abandoned are final', () => {
  expect(pairs(GOAL_STATUSES, canMoveGoal).sort()).toEqual(
    [
      'open>in_progress',
      'open>achieved',
      'open>abandoned',
      'in_progress>open',
      'in_progress>achieved',
      'in_progress>abandoned',
    ].sort(),
  );
});

const project = (status: Project['status']): Project => ({
  id: 'p',
  name: 'p',
  description: '',
  ownerId: 'o',
  memberIds: [],
  status,
  createdAt: 0,
  updatedAt: 0,
});
const goal = (status: Goal['status']): Goal => ({
  id: 'g',
  projectId: 'p',
  parentGoalId: null,
  title: 'g',
  description: '',
  successCriteria: [],
  due: null,
  status,
  createdAt: 0,
  updatedAt: 0,
});

it('closes completed and cancelled projects only', () => {
  expect(PROJECT_STATUSES.filter((s) => isClosed(project(s)))).toEqual(['completed', 'cancelled']);
});

it('changes a project or a goal, or says which field is wrong and what is allowed', () => {
  expect(changeProject(project('active'), { status: 'completed', description: 'done' }, 5)).toEqual({
    ok: true,
    value: { ...project('completed'), description: 'done', updatedAt: 5 },
  });
  expect(changeProject(project('on_hold'), { status: 'completed' }, 5)).toMatchObject({
    ok: false,
    error: {
      code: 'invalid_transition',
      field: 'status',
      message: expect.stringMatching(/active, cancelled$/),
    },
  });
  expect(changeProject(project('completed'), { status: 'planned' }, 5)).toMatchObject({
    error: { code: 'invalid_transition', message: expect.stringMatching(/nothing: it is final/) },
  });
  expect(changeProject(project('cancelled'), { description: 'x' }, 5)).toMatchObject({
    error: { code: 'closed', field: 'project_id' },
  });
  expect(changeGoal(goal('open'), project('active'), { status: 'in_progress' }, 5)).toMatchObject({
    ok: true,
    value: { status: 'in_progress', updatedAt: 5 },
  });
  expect(changeGoal(goal('achieved'), project('active'), { status: 'open' }, 5)).toMatchObject({
    error: { code: 'invalid_transition', field: 'status' },
  });
  expect(changeGoal(goal('open'), project('completed'), { status: 'achieved' }, 5)).toMatchObject({
    error: { code: 'closed', field: 'goal_id' },
  });
});

it('rounds the mean to two decimals, null for nothing', () => {
  expect(meanOf([10, 4, 5])).toBe(6.33);
  expect(meanOf([9, 6])).toBe(7.5);
  expect(meanOf([])).toBeNull();
});

it('refuses empty score sets and scores off the 0..10 scale', () => {
  expect(scoresProblem({ a: 0, b: 10 })).toBeNull();
  expect(scoresProblem({})).toMatch(/at least one/);
  expect(scoresProblem({ a: 10.5 })).toMatch(/"a" scores 10.5, outside 0..10/);
  expect(scoresProblem({ a: -1 })).toMatch(/"a"/);
  expect(scoresProblem({ a: Number.NaN })).toMatch(/"a"/);
});
