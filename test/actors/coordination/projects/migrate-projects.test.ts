/**
 * The projects and goals of the project board the previous version stored become a project
 * and a goal actor each: converted from the real old store (test/fixtures/stores/old-v1), the
 * old state removed, still there after a restart, with the old owner's and members' rights.
 */
import { afterEach, expect, it } from 'vitest';
import { ANONYMOUS, agentCaller } from '../../../../actors/coordination/caller.js';
import {
  listGoals,
  listProjects,
  updateGoal,
  updateProject,
} from '../../../../actors/coordination/projects/api.js';
import {
  convertProjectBoard,
  migrateProjectBoard,
} from '../../../../actors/coordination/projects/migrate-projects.js';
import { OldStore } from '../../../fixtures/coordination/old-store.js';
import { expectOk, expectRefused, WorkSystem } from '../../../fixtures/coordination/work-system.js';

let work: WorkSystem | undefined;
afterEach(async () => {
  await work?.close();
  work = undefined;
});

it('moves the old projects and goals into their actors, and removes the board', async () => {
  const old = await OldStore.open();
  const projectId = old.manifest.project.project.id;
  work = new WorkSystem({ dataDir: old.dataDir });
  const report = await migrateProjectBoard(work.system, old, Date.now());
  expect(report).toEqual({ from: 'project-board', migrated: 2, existing: 0, dropped: [], removed: true });
  const system = await work.restart(async () =>
    expect(await old.applyRemovals()).not.toContain('project-board'),
  );

  const projects = expectOk(await listProjects(system, ANONYMOUS, { memberId: 'bob' })).items;
  expect(projects).toEqual([
    expect.objectContaining({
      id: projectId,
      name: 'parser',
      ownerId: 'ada',
      memberIds: ['bob'],
      status: 'planned',
    }),
  ]);
  const goals = expectOk(await listGoals(system, ANONYMOUS, { projectId })).items;
  expect(goals).toEqual([
    expect.objectContaining({ name: 'fast lexer', projectId, status: 'open', ownerId: null }),
  ]);
  const goalId = goals[0]?.id as string;
  expect(
    expectOk(await updateGoal(system, agentCaller('bob'), { goalId, status: 'in_progress' })).status,
  ).toBe('in_progress');
  expectRefused(await updateGoal(system, agentCaller('cy'), { goalId, status: 'achieved' }), 'forbidden');
  expect(
    expectOk(await updateProject(system, agentCaller('ada'), { projectId, status: 'active' })).status,
  ).toBe('active');
});

it('drops and reports what no longer fits', () => {
  const { projects, goals, dropped } = convertProjectBoard(
    {
      projects: { p: { id: 'p', ownerId: 'o', memberIds: ['o', 'm', 'bad id'], status: 'paused' } },
      goals: {
        g: { id: 'g', projectId: 'p', title: 'T', parentGoalId: 'no such' },
        h: { id: 'h', projectId: 'nope' },
      },
      evaluations: { e: {} },
    },
    5,
  );
  expect(projects).toEqual([
    expect.objectContaining({ id: 'p', memberIds: ['m'], status: 'planned', leadAgentId: null }),
  ]);
  expect(goals).toEqual([expect.objectContaining({ id: 'g', name: 'T', parentGoalId: null, createdAt: 5 })]);
  expect(dropped).toHaveLength(2);
});
