/**
 * Project, goal and evaluation tools over stdio: projects owned by an agent with members,
 * goals nested under goals, status transitions checked (`invalid_transition`), closed
 * projects taking no goals (`closed`), owner-or-member only (`not_participant`), evaluations
 * with their mean (no self-evaluation, scores on 0..10), typed refusals naming the field,
 * and everything still there after a server restart on the same data directory.
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

interface ProjectView {
  id: string;
  name: string;
  owner_id: string;
  member_ids: string[];
  status: string;
  goals?: GoalView[];
}

interface GoalView {
  id: string;
  project_id: string;
  parent_goal_id: string | null;
  status: string;
  success_criteria: string[];
  due: string | null;
}

it('creates projects and goals, checks their transitions, and keeps them across a restart', async () => {
  const dataDir = freshDataDir('projects');
  let client = await connect(dataDir);
  let call = caller(client);
  const token: Record<string, string> = {};
  for (const id of ['lead', 'dev', 'eve']) token[id] = await registerAgent(client, id);
  const as = (agent: string) => ({ agent_id: agent, agent_token: token[agent] });

  const created = await call('create_project', { name: 'parser', member_ids: ['dev'], ...as('lead') });
  const project = created.project as ProjectView;
  expect(project).toMatchObject({ name: 'parser', owner_id: 'lead', member_ids: ['dev'], status: 'planned' });
  expect(created.orchestration).toMatchObject({ agent_id: 'lead', handled_by: 'project-board' });
  expect(
    (await call('create_project', { name: 'x', member_ids: ['ghost'], ...as('lead') })).error,
  ).toMatchObject({ code: 'not_found', field: 'member_ids' });
  expect(
    (await call('create_project', { name: 'x', agent_id: 'lead', agent_token: 'forged' })).error,
  ).toMatchObject({ code: 'unauthorized', field: 'agent_token' });
  const side = (await call('create_project', { name: 'side quest', ...as('eve') })).project as ProjectView;

  const goal = (
    await call('create_goal', {
      project_id: project.id,
      title: 'parse expressions',
      success_criteria: ['all fixtures parse'],
      due: 1_900_000_000_000,
      ...as('dev'),
    })
  ).goal as GoalView;
  expect(goal).toMatchObject({
    status: 'open',
    parent_goal_id: null,
    due: new Date(1_900_000_000_000).toISOString(),
  });
  const child = (
    await call('create_goal', {
      project_id: project.id,
      title: 'precedence',
      parent_goal_id: goal.id,
      ...as('lead'),
    })
  ).goal as GoalView;
  expect(child.parent_goal_id).toBe(goal.id);
  expect(
    (await call('create_goal', { project_id: side.id, title: 'x', parent_goal_id: goal.id, ...as('eve') }))
      .error,
  ).toMatchObject({ code: 'not_found', field: 'parent_goal_id' });
  expect(
    (await call('create_goal', { project_id: project.id, title: 'x', ...as('eve') })).error,
  ).toMatchObject({
    code: 'not_participant',
    field: 'agent_id',
  });
  expect((await call('create_goal', { project_id: 'nope', title: 'x', ...as('lead') })).error).toMatchObject({
    code: 'not_found',
    field: 'project_id',
  });

  const move = (status: string) => call('update_project', { project_id: project.id, status, ...as('dev') });
  expect(((await move('active')).project as ProjectView).status).toBe('active');
  expect((await move('planned')).error).toMatchObject({ code: 'invalid_transition', field: 'status' });
  expect(
    (await call('update_project', { project_id: 'nope', status: 'active', ...as('lead') })).error,
  ).toMatchObject({ code: 'not_found', field: 'project_id' });
  expect(
    (await call('update_project', { project_id: project.id, status: 'on_hold', ...as('eve') })).error,
  ).toMatchObject({ code: 'not_participant' });

  const goalTo = (id: string, status: string) => call('update_goal', { goal_id: id, status, ...as('dev') });
  expect(((await goalTo(goal.id, 'in_progress')).goal as GoalView).status).toBe('in_progress');
  expect(((await goalTo(goal.id, 'achieved')).goal as GoalView).status).toBe('achieved');
  expect((await goalTo(goal.id, 'open')).error).toMatchObject({
    code: 'invalid_transition',
    field: 'status',
  });
  expect((await goalTo('nope', 'open')).error).toMatchObject({ code: 'not_found', field: 'goal_id' });

  expect(((await move('completed')).project as ProjectView).status).toBe('completed');
  expect(
    (await call('create_goal', { project_id: project.id, title: 'late', ...as('lead') })).error,
  ).toMatchObject({
    code: 'closed',
    field: 'project_id',
  });
  expect((await goalTo(child.id, 'abandoned')).error).toMatchObject({ code: 'closed', field: 'goal_id' });

  await client.close();
  client = await connect(dataDir);
  call = caller(client);
  const completed = (await call('list_projects', { status: 'completed' })).projects as ProjectView[];
  expect(completed.map((p) => p.id)).toEqual([project.id]);
  const goals = new Map((completed[0]?.goals ?? []).map((g) => [g.id, g]));
  expect(goals.get(goal.id)).toMatchObject({ status: 'achieved', success_criteria: ['all fixtures parse'] });
  expect(goals.get(child.id)).toMatchObject({ status: 'open', parent_goal_id: goal.id });
  const eves = (await call('list_projects', { owner_id: 'eve' })).projects as ProjectView[];
  expect(eves.map((p) => [p.id, p.status, p.goals?.length])).toEqual([[side.id, 'planned', 0]]);
  // The restarted board still knows the transitions and the tokens.
  expect((await move('active')).error).toMatchObject({ code: 'invalid_transition', field: 'status' });
  await client.close();
});

it('evaluates contributions with their mean, refuses self-evaluation and bad scores, and keeps them', async () => {
  const dataDir = freshDataDir('evaluations');
  let client = await connect(dataDir);
  let call = caller(client);
  const token: Record<string, string> = {};
  for (const id of ['lead', 'dev', 'qa']) token[id] = await registerAgent(client, id);
  const as = (agent: string) => ({ agent_id: agent, agent_token: token[agent] });
  const project = (await call('create_project', { name: 'parser', ...as('lead') })).project as ProjectView;
  const evaluate = (by: string, fields: Record<string, unknown>) =>
    call('evaluate_contribution', {
      contributing_agent_id: 'dev',
      contribution_ref: 'commit 3f2a9c1',
      scores: { correctness: 9, clarity: 6 },
      ...fields,
      ...as(by),
    });

  const first = await evaluate('lead', { comments: 'solid', project_id: project.id });
  expect(first.evaluation).toMatchObject({
    evaluating_agent_id: 'lead',
    contributing_agent_id: 'dev',
    contribution_ref: 'commit 3f2a9c1',
    project_id: project.id,
    mean_score: 7.5,
    comments: 'solid',
  });
  expect(first.orchestration).toMatchObject({ agent_id: 'lead', handled_by: 'project-board' });
  expect(
    (
      (await evaluate('qa', { scores: { tests: 10, docs: 4, style: 5 } })).evaluation as {
        mean_score: number;
      }
    ).mean_score,
  ).toBe(6.33);

  expect((await evaluate('dev', {})).error).toMatchObject({
    code: 'self_evaluation',
    field: 'contributing_agent_id',
  });
  expect((await evaluate('lead', { contributing_agent_id: 'ghost' })).error).toMatchObject({
    code: 'not_found',
    field: 'contributing_agent_id',
  });
  expect((await evaluate('lead', { project_id: 'nope' })).error).toMatchObject({
    code: 'not_found',
    field: 'project_id',
  });
  expect(
    (
      await call('evaluate_contribution', {
        contributing_agent_id: 'dev',
        contribution_ref: 'x',
        scores: { a: 5 },
        agent_id: 'qa',
        agent_token: 'forged',
      })
    ).error,
  ).toMatchObject({ code: 'unauthorized', field: 'agent_token' });
  for (const scores of [{ correctness: 11 }, { correctness: -1 }, {}]) {
    const rejected = await client.callTool({
      name: 'evaluate_contribution',
      arguments: { contributing_agent_id: 'dev', contribution_ref: 'x', scores, ...as('lead') },
    });
    expect(rejected.isError).toBe(true);
    expect(JSON.stringify(rejected.content)).toMatch(/scores/);
  }

  await client.close();
  client = await connect(dataDir);
  call = caller(client);
  const of = await call('list_evaluations', { contributing_agent_id: 'dev' });
  expect(of).toMatchObject({ count: 2, mean_score: 6.92 });
  expect(await call('list_evaluations', { project_id: project.id })).toMatchObject({
    count: 1,
    evaluations: [{ evaluating_agent_id: 'lead', scores: { correctness: 9, clarity: 6 } }],
  });
  expect(await call('list_evaluations', { contributing_agent_id: 'lead' })).toMatchObject({
    evaluations: [],
    count: 0,
    mean_score: null,
  });
  await client.close();
});
