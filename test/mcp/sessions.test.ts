/**
 * Session tools over stdio: create (the caller coordinates), join, shared state with an
 * optimistic version check and a TTL, list by participant, leave, and unknown ids.
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

interface SessionView {
  id: string;
  participant_ids: string[];
  state: Record<string, { value: unknown; version: number }>;
}

it('runs a session: create, join, versioned shared state with TTL, list, leave', async () => {
  const dataDir = freshDataDir('sessions');
  const client = await connect(dataDir);
  const token: Record<string, string> = {};
  for (const id of ['lead', 'helper', 'outsider']) {
    token[id] = await registerAgent(client, id);
  }
  const call = caller(client);

  const created = await call('create_collaboration_session', {
    agent_id: 'lead',
    agent_token: token.lead,
    title: 'Refactor',
    description: 'split the shard',
    participant_ids: ['helper'],
  });
  const session = created.session as SessionView;
  expect(session.participant_ids).toEqual(['lead', 'helper']);

  const set = (agent: string, args: Record<string, unknown>) =>
    call('set_session_state', {
      agent_id: agent,
      agent_token: token[agent],
      session_id: session.id,
      ...args,
    });
  expect(((await set('lead', { key: 'plan', value: 'v1' })).session as SessionView).state.plan?.version).toBe(
    1,
  );
  expect((await set('helper', { key: 'plan', value: 'v2', expected_version: 0 })).error).toMatchObject({
    code: 'version_conflict',
    field: 'expected_version',
  });
  expect(
    ((await set('helper', { key: 'plan', value: 'v2', expected_version: 1 })).session as SessionView).state
      .plan,
  ).toMatchObject({
    value: 'v2',
    version: 2,
  });
  expect((await set('outsider', { key: 'plan', value: 'x' })).error).toMatchObject({
    code: 'not_participant',
  });
  await set('lead', { key: 'draft', value: 'temp', ttl_s: 0.2 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const read = (await call('get_session_state', { session_id: session.id })).session as SessionView;
  expect(Object.keys(read.state)).toEqual(['plan']);

  await call('join_session', { agent_id: 'outsider', agent_token: token.outsider, session_id: session.id });
  const listed = (await call('list_sessions', { participant_id: 'outsider' })).sessions as SessionView[];
  expect(listed.map((s) => s.id)).toEqual([session.id]);
  await call('leave_session', { agent_id: 'outsider', agent_token: token.outsider, session_id: session.id });
  expect(
    ((await call('list_sessions', { participant_id: 'outsider' })).sessions as SessionView[]).length,
  ).toBe(0);
  expect((await call('get_session_state', { session_id: 'nope' })).error).toMatchObject({
    code: 'not_found',
    field: 'session_id',
  });
  await client.close();
});
