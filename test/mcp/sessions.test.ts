/**
 * Session tools over stdio, on the rebuilt domain: `create_collaboration_session` called with
 * exactly seed 003's parameters (no token: the session registered the coordinator), invitations
 * and open sessions, shared state for participants only (version check, TTL), paginated
 * listing without values, a second MCP session without the token refused, refusals naming the
 * argument used (`unknown_agent`, `unknown_session`), and hostile ids on every id field.
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

interface SessionView {
  id: string;
  coordinator_id: string | null;
  participant_ids: string[];
  invited_ids: string[];
  open: boolean;
}

const HOSTILE = ['constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

it('runs a seed session: create, invite, join, participant-only state, list, leave', async () => {
  const client = await connect(freshDataDir('sessions'));
  const call = caller(client);
  const token: Record<string, string> = {};
  for (const id of ['lead', 'helper', 'guest', 'outsider']) token[id] = await registerAgent(client, id);

  const created = await call('create_collaboration_session', {
    title: 'Refactor',
    description: 'split the shard',
    participant_model_ids: ['helper'],
    coordinator_model_id: 'lead',
  });
  const session = created.session as SessionView;
  expect(session).toMatchObject({ coordinator_id: 'lead', participant_ids: ['lead', 'helper'], open: false });
  expect(created.orchestration).toMatchObject({ coordinated: true, agent_id: 'lead' });

  const set = (agent: string, args: Record<string, unknown>) =>
    call('set_session_state', { agent_id: agent, session_id: session.id, ...args });
  expect((await set('lead', { key: 'plan', value: 'v1' })).written).toMatchObject({
    value: 'v1',
    version: 1,
  });
  expect((await set('helper', { key: 'plan', value: 'v2', expected_version: 0 })).error).toMatchObject({
    code: 'version_conflict',
  });
  expect((await set('helper', { key: 'plan', value: 'v2', expected_version: 1 })).written).toMatchObject({
    value: 'v2',
    version: 2,
    updated_by: 'helper',
  });
  // Not a participant: neither writes nor reads the values.
  expect((await set('outsider', { key: 'plan', value: 'x' })).error?.code).toBe('forbidden');
  expect(
    (await call('get_session_state', { agent_id: 'outsider', session_id: session.id })).error?.code,
  ).toBe('forbidden');
  await set('lead', { key: 'draft', value: 'temp', ttl_s: 0.2 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const read = await call('get_session_state', { agent_id: 'helper', session_id: session.id });
  expect(Object.keys(read.state as object)).toEqual(['plan']);
  expect(read.state).toMatchObject({ plan: { value: 'v2', version: 2 } });

  // Joining needs the coordinator's invitation.
  const join = (agent: string) => call('join_session', { agent_id: agent, session_id: session.id });
  expect((await join('guest')).error?.code).toBe('forbidden');
  expect(
    (await call('invite_to_session', { agent_id: 'helper', session_id: session.id, agent_ids: ['guest'] }))
      .error?.code,
  ).toBe('forbidden');
  expect(
    (
      (await call('invite_to_session', { agent_id: 'lead', session_id: session.id, agent_ids: ['guest'] }))
        .session as SessionView
    ).invited_ids,
  ).toEqual(['guest']);
  expect(((await join('guest')).session as SessionView).participant_ids).toContain('guest');

  const listed = await call('list_sessions', { participant_id: 'guest' });
  expect((listed.sessions as SessionView[]).map((s) => s.id)).toEqual([session.id]);
  expect(listed.next_cursor).toBeNull();
  expect(JSON.stringify(listed)).not.toContain('v2');
  await call('leave_session', { agent_id: 'guest', session_id: session.id });
  expect(((await call('list_sessions', { participant_id: 'guest' })).sessions as SessionView[]).length).toBe(
    0,
  );
  await client.close();
});

it('opens sessions to all, pages lists, and takes the older participant_ids', async () => {
  const client = await connect(freshDataDir('sessions-open'));
  const call = caller(client);
  for (const id of ['lead', 'walker']) await registerAgent(client, id);
  const open = (
    await call('create_collaboration_session', {
      title: 'Open floor',
      participant_ids: [],
      coordinator_model_id: 'lead',
      open: true,
    })
  ).session as SessionView;
  expect(
    ((await call('join_session', { agent_id: 'walker', session_id: open.id })).session as SessionView)
      .participant_ids,
  ).toEqual(['lead', 'walker']);
  for (let i = 0; i < 2; i++)
    await call('create_collaboration_session', {
      title: `s${i}`,
      participant_model_ids: [],
      coordinator_model_id: 'lead',
    });
  const first = await call('list_sessions', { limit: 2 });
  expect((first.sessions as SessionView[]).length).toBe(2);
  expect(typeof first.next_cursor).toBe('string');
  const second = await call('list_sessions', { limit: 2, cursor: first.next_cursor });
  expect((second.sessions as SessionView[]).length).toBe(1);
  expect((await call('list_sessions', { limit: 1000 })).error).toMatchObject({
    code: 'invalid_argument',
    field: 'limit',
  });
  expect((await call('list_sessions', { cursor: 'forged' })).error).toMatchObject({ field: 'cursor' });
  await client.close();
});

it('refuses what a caller may not do, naming the argument it used', async () => {
  const dataDir = freshDataDir('sessions-refused');
  const client = await connect(dataDir);
  const call = caller(client);
  const leadToken = await registerAgent(client, 'lead');
  expect(
    (
      await call('create_collaboration_session', {
        title: 't',
        description: 'd',
        participant_model_ids: ['ghost'],
        coordinator_model_id: 'lead',
      })
    ).error,
  ).toMatchObject({ code: 'unknown_agent', field: 'participant_model_ids' });
  expect(
    (
      await call('create_collaboration_session', {
        title: 't',
        participant_ids: ['ghost'],
        coordinator_model_id: 'lead',
      })
    ).error,
  ).toMatchObject({ code: 'unknown_agent', field: 'participant_ids' });
  expect(
    (await call('create_collaboration_session', { title: 't', coordinator_model_id: 'lead' })).error,
  ).toMatchObject({
    code: 'invalid_argument',
    field: 'participant_model_ids',
  });
  expect((await call('join_session', { agent_id: 'lead', session_id: 'made-up' })).error).toMatchObject({
    code: 'unknown_session',
    field: 'session_id',
  });
  const made = (
    await call('create_collaboration_session', {
      title: 't',
      participant_model_ids: [],
      coordinator_model_id: 'lead',
    })
  ).session as SessionView;
  await call('set_session_state', { agent_id: 'lead', session_id: made.id, key: 'secret', value: 's3cret' });

  // Another MCP session, without the token: refused; with it: served.
  const other = await connect(dataDir);
  const otherCall = caller(other);
  for (const [tool, args] of [
    ['create_collaboration_session', { title: 't', participant_model_ids: [], coordinator_model_id: 'lead' }],
    ['get_session_state', { agent_id: 'lead', session_id: made.id }],
    ['set_session_state', { agent_id: 'lead', session_id: made.id, key: 'k', value: 1 }],
    ['join_session', { agent_id: 'lead', session_id: made.id }],
  ] as const) {
    const refused = await otherCall(tool, args);
    expect(refused.error, tool).toMatchObject({ code: 'unauthorized', field: 'agent_token' });
    expect(JSON.stringify(refused)).not.toContain('s3cret');
  }
  expect(
    (await otherCall('get_session_state', { agent_id: 'lead', agent_token: leadToken, session_id: made.id }))
      .state,
  ).toMatchObject({ secret: { value: 's3cret' } });
  await other.close();
  await client.close();
});

it('answers or refuses hostile ids on every id field, and keeps its state', async () => {
  const client = await connect(freshDataDir('sessions-hostile'));
  const call = caller(client);
  await registerAgent(client, 'lead');
  const made = (
    await call('create_collaboration_session', {
      title: 't',
      participant_model_ids: [],
      coordinator_model_id: 'lead',
    })
  ).session as SessionView;
  await call('set_session_state', { agent_id: 'lead', session_id: made.id, key: '__proto__', value: 'kept' });
  const ids = [...HOSTILE, 'x'.repeat(128), 'x'.repeat(129)];
  for (const id of ids) {
    const answers = [
      [
        'participant_model_ids',
        await call('create_collaboration_session', {
          title: 't',
          participant_model_ids: [id],
          coordinator_model_id: 'lead',
        }),
      ],
      [
        'coordinator_model_id',
        await call('create_collaboration_session', {
          title: 't',
          participant_model_ids: [],
          coordinator_model_id: id,
        }),
      ],
      ['session_id', await call('join_session', { agent_id: 'lead', session_id: id })],
      ['session_id', await call('get_session_state', { agent_id: 'lead', session_id: id })],
      [
        'session_id',
        await call('set_session_state', { agent_id: 'lead', session_id: id, key: 'k', value: 1 }),
      ],
      [
        'agent_ids',
        await call('invite_to_session', { agent_id: 'lead', session_id: made.id, agent_ids: [id] }),
      ],
      ['participant_id', await call('list_sessions', { participant_id: id })],
    ] as const;
    for (const [field, answer] of answers) {
      if (answer.error)
        expect(answer.error.field ?? '', `${field} ${id}`).toMatch(new RegExp(`^(${field}|agent_token)`));
    }
    expect(
      (await call('set_session_state', { agent_id: 'lead', session_id: made.id, key: id, value: id }))
        .written,
    ).toMatchObject({
      value: id,
    });
  }
  const state = (await call('get_session_state', { agent_id: 'lead', session_id: made.id })).state as Record<
    string,
    { value: unknown }
  >;
  expect(Object.keys(state)).toContain('__proto__');
  const values = new Map(Object.entries(state).map(([key, shared]) => [key, shared.value]));
  expect(values.get('constructor')).toBe('constructor');
  // `__proto__` was written twice (first 'kept', then its own name): one key per id.
  expect(values.get('__proto__')).toBe('__proto__');
  expect(values.size).toBe(ids.length);
  await client.close();
});
