/**
 * Project and goal tools over stdio, on the rebuilt domain: `create_project` and
 * `create_goal` called with exactly seed 003's parameters (no token; `create_goal` names no
 * agent and acts for the one agent the MCP session registered), transitions checked
 * (`invalid_transition`), closed projects taking no goals (`closed`), owner/lead/member only
 * (`forbidden`), public reads with paging, a second session without the token refused, the
 * older `title`, hostile ids, and everything still there after a restart.
 * (Evaluation tools are tested with the evaluations area.)
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

interface ProjectView {
  id: string;
  name: string;
  owner_id: string | null;
  lead_agent_id: string | null;
  member_ids: string[];
  status: string;
}
interface GoalView {
  id: string;
  name: string;
  project_id: string | null;
  parent_goal_id: string | null;
  owner_id: string | null;
  status: string;
  due: string | null;
}

const HOSTILE = ['constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

it('creates seed projects and goals, checks transitions and rights, and keeps them across a restart', async () => {
  const dataDir = freshDataDir('projects');
  let client = await connect(dataDir);
  let call = caller(client);
  const leadToken = await registerAgent(client, 'lead');

  const created = await call('create_project', {
    name: 'parser',
    description: 'a new parser',
    lead_agent_id: 'lead',
    initial_status: 'active',
  });
  const project = created.project as ProjectView;
  expect(project).toMatchObject({
    name: 'parser',
    owner_id: 'lead',
    lead_agent_id: 'lead',
    status: 'active',
  });
  expect(created.orchestration).toMatchObject({ coordinated: true });
  const goal = (
    await call('create_goal', {
      name: 'tokenizer',
      description: 'lex it',
      project_id: project.id,
      initial_status: 'open',
    })
  ).goal as GoalView;
  expect(goal).toMatchObject({ name: 'tokenizer', project_id: project.id, owner_id: 'lead', status: 'open' });
  const nested = (
    await call('create_goal', {
      title: 'unicode',
      project_id: project.id,
      parent_goal_id: goal.id,
      due: '2031-05-01T00:00:00Z',
    })
  ).goal as GoalView;
  expect(nested).toMatchObject({ name: 'unicode', parent_goal_id: goal.id, due: '2031-05-01T00:00:00.000Z' });
  const loose = (await call('create_goal', { name: 'learn', description: '', initial_status: 'in_progress' }))
    .goal as GoalView;
  expect(loose).toMatchObject({ project_id: null, owner_id: 'lead', status: 'in_progress' });

  expect(
    (await call('update_goal', { goal_id: goal.id, status: 'achieved', agent_id: 'lead' })).goal,
  ).toMatchObject({ status: 'achieved' });
  expect(
    (await call('update_goal', { goal_id: goal.id, status: 'open', agent_id: 'lead' })).error,
  ).toMatchObject({
    code: 'invalid_transition',
  });
  expect(
    (await call('update_project', { project_id: project.id, status: 'completed', agent_id: 'lead' })).project,
  ).toMatchObject({
    status: 'completed',
  });
  expect((await call('create_goal', { name: 'late', project_id: project.id })).error).toMatchObject({
    code: 'closed',
    field: 'project_id',
  });
  expect(
    (await call('create_project', { name: 'x', lead_agent_id: 'ghost', agent_id: 'lead' })).error,
  ).toMatchObject({
    code: 'unknown_agent',
    field: 'lead_agent_id',
  });
  expect((await call('create_goal', { description: 'no name' })).error).toMatchObject({
    code: 'invalid_argument',
    field: 'name',
  });

  // Another agent (its own session) may read but not change; without the token: unauthorized.
  const other = await connect(dataDir);
  const otherCall = caller(other);
  await registerAgent(other, 'eve');
  expect(
    (await otherCall('update_project', { project_id: project.id, name: 'mine', agent_id: 'eve' })).error
      ?.code,
  ).toBe('forbidden');
  expect((await otherCall('create_goal', { name: 'sneak', project_id: project.id })).error).toMatchObject({
    code: 'forbidden',
    field: 'project_id',
  });
  expect((await otherCall('create_project', { name: 'p', lead_agent_id: 'lead' })).error).toMatchObject({
    code: 'unauthorized',
    field: 'agent_token',
  });
  expect(
    (
      (await otherCall('create_project', { name: 'p', lead_agent_id: 'lead', agent_token: leadToken }))
        .project as ProjectView
    ).owner_id,
  ).toBe('lead');
  expect(((await otherCall('get_project', { project_id: project.id })).project as ProjectView).name).toBe(
    'parser',
  );
  await other.close();

  await client.close();
  client = await connect(dataDir);
  call = caller(client);
  const first = await call('list_projects', { owner_id: 'lead', limit: 1 });
  expect((first.projects as ProjectView[]).length).toBe(1);
  const second = await call('list_projects', { owner_id: 'lead', limit: 1, cursor: first.next_cursor });
  expect((second.projects as ProjectView[]).length).toBe(1);
  expect(second.next_cursor).toBeNull();
  const goals = await call('list_goals', { project_id: project.id });
  expect((goals.goals as GoalView[]).map((g) => [g.name, g.status])).toEqual(
    expect.arrayContaining([
      ['tokenizer', 'achieved'],
      ['unicode', 'open'],
    ]),
  );
  expect(((await call('get_goal', { goal_id: loose.id })).goal as GoalView).name).toBe('learn');
  await client.close();
});

it('answers or refuses hostile ids on every id field', async () => {
  const client = await connect(freshDataDir('projects-hostile'));
  const call = caller(client);
  await registerAgent(client, 'lead');
  for (const id of [...HOSTILE, 'x'.repeat(128), 'x'.repeat(129)]) {
    const answers = [
      ['lead_agent_id', await call('create_project', { name: 'p', lead_agent_id: id, agent_id: 'lead' })],
      ['member_ids', await call('create_project', { name: 'p', member_ids: [id], agent_id: 'lead' })],
      ['project_id', await call('create_goal', { name: 'g', project_id: id })],
      ['parent_goal_id', await call('create_goal', { name: 'g', parent_goal_id: id })],
      ['project_id', await call('update_project', { project_id: id, agent_id: 'lead', status: 'active' })],
      ['goal_id', await call('update_goal', { goal_id: id, agent_id: 'lead', status: 'achieved' })],
      ['project_id', await call('get_project', { project_id: id })],
      ['goal_id', await call('get_goal', { goal_id: id })],
      ['owner_id', await call('list_projects', { owner_id: id })],
      ['member_id', await call('list_projects', { member_id: id })],
      ['project_id', await call('list_goals', { project_id: id })],
    ] as const;
    // Each is refused naming its field (not found, or not an id), or answered empty (lists).
    for (const [field, answer] of answers) {
      if (answer.error) expect(answer.error.field, `${field} ${id}`).toMatch(new RegExp(`^${field}(\\.|$)`));
      else expect(answer.projects ?? answer.goals, `${field} ${id}`).toEqual([]);
    }
  }
  expect((await call('list_projects', {})).projects).toEqual([]);
  expect((await call('create_project', { name: 'still', agent_id: 'lead' })).project).toMatchObject({
    name: 'still',
  });
  await client.close();
});
