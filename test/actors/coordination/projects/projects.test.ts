/**
 * Projects and goals through their facade, on a real system: the seed's fields (lead,
 * initial status), owner/lead/member rules (`forbidden`), status transitions
 * (`invalid_transition`), closed projects (`closed`), goals nested in a project or on their
 * own, registered agents only (`unknown_agent`), roles ended when an agent deregisters, and
 * everything still there after a restart.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ANONYMOUS, type Caller } from '../../../../actors/coordination/caller.js';
import {
  createGoal,
  createProject,
  getGoal,
  getProject,
  listGoals,
  listProjects,
  updateGoal,
  updateProject,
} from '../../../../actors/coordination/projects/api.js';
import { expectOk, expectRefused, WorkSystem } from '../../../fixtures/coordination/work-system.js';
import { until } from '../../../helpers/until.js';

let work: WorkSystem;
beforeEach(() => {
  work = new WorkSystem();
});
afterEach(async () => {
  await work.close();
});

it('creates projects and goals, checks their transitions and owners, and keeps them across a restart', async () => {
  const agents = await work.agents({ owner: {}, lead: {}, dev: {}, eve: {} });
  const by = (id: string) => agents.get(id) as Caller;
  const { system } = work;

  const project = expectOk(
    await createProject(system, by('owner'), {
      name: 'parser',
      description: 'a parser',
      leadAgentId: 'lead',
      memberIds: ['dev'],
    }),
  );
  expect(project).toMatchObject({
    name: 'parser',
    ownerId: 'owner',
    leadAgentId: 'lead',
    memberIds: ['dev'],
    status: 'planned',
  });
  expect(
    expectOk(await createProject(system, by('eve'), { name: 'now', initialStatus: 'active' })).status,
  ).toBe('active');
  expectRefused(
    await createProject(system, by('owner'), { name: 'x', leadAgentId: 'ghost' }),
    'unknown_agent',
    'lead_agent_id',
  );
  expectRefused(
    await createProject(system, by('owner'), { name: 'x', memberIds: ['dev', 'ghost'] }),
    'unknown_agent',
    'member_ids',
  );
  expectRefused(
    await createProject(system, by('owner'), { name: 'x', initialStatus: 'done' }),
    'invalid_argument',
    'initial_status',
  );
  expectRefused(await createProject(system, ANONYMOUS, { name: 'x' }), 'unauthorized');

  const goal = expectOk(
    await createGoal(system, by('dev'), {
      name: 'parse expressions',
      projectId: project.id,
      successCriteria: ['all fixtures parse'],
      due: 1_900_000_000_000,
    }),
  );
  expect(goal).toMatchObject({
    status: 'open',
    projectId: project.id,
    parentGoalId: null,
    due: 1_900_000_000_000,
  });
  const child = expectOk(
    await createGoal(system, by('lead'), {
      name: 'precedence',
      projectId: project.id,
      parentGoalId: goal.id,
    }),
  );
  expect(child.parentGoalId).toBe(goal.id);
  const mine = expectOk(
    await createGoal(system, by('eve'), { name: 'learn rust', initialStatus: 'in_progress' }),
  );
  expect(mine).toMatchObject({ projectId: null, ownerId: 'eve', status: 'in_progress' });
  expectRefused(
    await createGoal(system, by('eve'), { name: 'x', parentGoalId: goal.id }),
    'not_found',
    'parent_goal_id',
  );
  expectRefused(
    await createGoal(system, by('eve'), { name: 'x', projectId: project.id }),
    'forbidden',
    'project_id',
  );
  expectRefused(
    await createGoal(system, by('owner'), { name: 'x', projectId: 'nope' }),
    'not_found',
    'project_id',
  );
  expectRefused(
    await updateGoal(system, by('dev'), { goalId: mine.id, status: 'achieved' }),
    'forbidden',
    'goal_id',
  );

  const move = (status: string, who = 'dev') =>
    updateProject(system, by(who), { projectId: project.id, status });
  expect(expectOk(await move('active')).status).toBe('active');
  expectRefused(await move('planned'), 'invalid_transition', 'status');
  expectRefused(await move('on_hold', 'eve'), 'forbidden', 'project_id');
  expectRefused(
    await updateProject(system, by('owner'), { projectId: 'nope', status: 'active' }),
    'not_found',
    'project_id',
  );

  const goalTo = (id: string, status: string) => updateGoal(system, by('dev'), { goalId: id, status });
  expect(expectOk(await goalTo(goal.id, 'in_progress')).status).toBe('in_progress');
  expect(expectOk(await goalTo(goal.id, 'achieved')).status).toBe('achieved');
  expectRefused(await goalTo(goal.id, 'open'), 'invalid_transition', 'status');
  expectRefused(await goalTo('nope', 'open'), 'not_found', 'goal_id');

  expect(expectOk(await move('completed', 'lead')).status).toBe('completed');
  expectRefused(
    await createGoal(system, by('owner'), { name: 'late', projectId: project.id }),
    'closed',
    'project_id',
  );
  expectRefused(await goalTo(child.id, 'abandoned'), 'closed', 'goal_id');
  expectRefused(
    await updateProject(system, by('owner'), { projectId: project.id, description: 'x' }),
    'closed',
    'project_id',
  );

  const again = await work.restart();
  const completed = expectOk(await listProjects(again, ANONYMOUS, { status: 'completed' }));
  expect(completed.items.map((p) => p.id)).toEqual([project.id]);
  const goals = expectOk(await listGoals(again, ANONYMOUS, { projectId: project.id })).items;
  expect(new Map(goals.map((g) => [g.id, g.status]))).toEqual(
    new Map([
      [goal.id, 'achieved'],
      [child.id, 'open'],
    ]),
  );
  expect(expectOk(await listProjects(again, ANONYMOUS, { ownerId: 'eve' })).items.map((p) => p.name)).toEqual(
    ['now'],
  );
  expect(expectOk(await listProjects(again, ANONYMOUS, { memberId: 'dev' })).items.map((p) => p.id)).toEqual([
    project.id,
  ]);
  expectRefused(
    await updateProject(again, by('dev'), { projectId: project.id, status: 'active' }),
    'invalid_transition',
  );
  expect(expectOk(await updateGoal(again, by('eve'), { goalId: mine.id, status: 'achieved' })).status).toBe(
    'achieved',
  );
});

it('ends the project roles and goal ownership of an agent that deregisters', async () => {
  const agents = await work.agents({ owner: {}, lead: {}, dev: {} });
  const { system } = work;
  const project = expectOk(
    await createProject(system, agents.get('owner') as Caller, {
      name: 'p',
      leadAgentId: 'lead',
      memberIds: ['dev'],
    }),
  );
  const goal = expectOk(await createGoal(system, agents.get('dev') as Caller, { name: 'solo' }));
  await work.deregister('lead');
  await work.deregister('dev');
  await until(async () => {
    const now = expectOk(await getProject(system, ANONYMOUS, { projectId: project.id }));
    return now.leadAgentId === null && now.memberIds.length === 0;
  });
  // A new registration of the same ids inherits nothing.
  await work.agents({ lead: {}, dev: {} });
  expectRefused(
    await updateProject(system, agents.get('lead') as Caller, { projectId: project.id, status: 'active' }),
    'forbidden',
  );
  await until(async () => expectOk(await getGoal(system, ANONYMOUS, { goalId: goal.id })).ownerId === null);
  expectRefused(
    await updateGoal(system, agents.get('dev') as Caller, { goalId: goal.id, status: 'achieved' }),
    'forbidden',
  );
  expect(
    expectOk(
      await updateProject(system, agents.get('owner') as Caller, { projectId: project.id, status: 'active' }),
    ).status,
  ).toBe('active');
});
