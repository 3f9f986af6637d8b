/**
 * Sessions through their facade, on a real system: creation with the seed's fields
 * (registered participants only), invitations and open sessions, versioned shared values with
 * a TTL, values for participants only, lists that show records and never values, the
 * participation of a deregistered agent ended, `unknown_session`, bounds — and everything
 * still there after a restart.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ANONYMOUS, type Caller } from '../../../../actors/coordination/caller.js';
import { DEFAULT_LIMITS } from '../../../../actors/coordination/limits.js';
import {
  createSession,
  getSession,
  getSessionState,
  inviteToSession,
  joinSession,
  leaveSession,
  listSessions,
  setSessionState,
} from '../../../../actors/coordination/sessions/api.js';
import { createManualClock } from '../../../../src/kernel/index.js';
import { expectOk, expectRefused, WorkSystem } from '../../../fixtures/coordination/work-system.js';
import { until } from '../../../helpers/until.js';

let work: WorkSystem;
const clock = createManualClock(1_800_000_000_000);
beforeEach(() => {
  work = new WorkSystem({ clock });
});
afterEach(async () => {
  await work.close();
});

it('runs a session: create, invite, join, versioned values with a TTL, list, leave, restart', async () => {
  const agents = await work.agents({ lead: {}, helper: {}, guest: {}, outsider: {} });
  const by = (id: string) => agents.get(id) as Caller;
  const { system } = work;
  const session = expectOk(
    await createSession(system, by('lead'), {
      title: 'Refactor',
      description: 'split it',
      participantIds: ['helper'],
    }),
  );
  expect(session).toMatchObject({ coordinatorId: 'lead', participantIds: ['lead', 'helper'], open: false });
  const sessionId = session.id;
  expectRefused(
    await createSession(system, by('lead'), { title: 'x', participantIds: ['helper', 'ghost'] }),
    'unknown_agent',
    'participant_model_ids',
  );
  expectRefused(
    await createSession(system, by('lead'), { title: 'x', coordinatorId: 'ghost' }),
    'unknown_agent',
    'coordinator_model_id',
  );
  expectRefused(await createSession(system, ANONYMOUS, { title: 'x' }), 'unauthorized');

  const set = (agent: string, fields: Record<string, unknown>) =>
    setSessionState(system, by(agent), { sessionId, ...fields });
  expect(expectOk(await set('lead', { key: 'plan', value: 'v1' })).version).toBe(1);
  expectRefused(
    await set('helper', { key: 'plan', value: 'v2', expectedVersion: 0 }),
    'version_conflict',
    'expected_version',
  );
  expect(expectOk(await set('helper', { key: 'plan', value: 'v2', expectedVersion: 1 }))).toMatchObject({
    value: 'v2',
    version: 2,
    updatedBy: 'helper',
  });
  expect(expectOk(await set('helper', { key: 'fresh', value: 1, expectedVersion: 0 })).version).toBe(1);
  expectRefused(await set('outsider', { key: 'plan', value: 'x' }), 'forbidden', 'session_id');
  expectRefused(await getSessionState(system, by('outsider'), { sessionId }), 'forbidden', 'session_id');
  expectRefused(await getSessionState(system, ANONYMOUS, { sessionId }), 'unauthorized');

  // A value with a TTL is gone once it expires: never answered, and swept by the session's timer.
  await set('lead', { key: 'draft', value: 'temp', ttlSeconds: 5 });
  expect(
    expectOk(await getSessionState(system, by('helper'), { sessionId })).values.map((v) => v.key),
  ).toEqual(['draft', 'fresh', 'plan']);
  clock.advance(6_000);
  const read = expectOk(await getSessionState(system, by('helper'), { sessionId }));
  expect(read.values.map((v) => [v.key, v.value])).toEqual([
    ['fresh', 1],
    ['plan', 'v2'],
  ]);
  expect(read.keyCount).toBe(2);
  expect(
    expectOk(await getSessionState(system, by('helper'), { sessionId, keys: ['plan'] })).values,
  ).toHaveLength(1);

  // Joining needs the coordinator's invitation (or an open session).
  expectRefused(await joinSession(system, by('guest'), { sessionId }), 'forbidden', 'session_id');
  expectRefused(await inviteToSession(system, by('helper'), { sessionId, agentIds: ['guest'] }), 'forbidden');
  expectRefused(
    await inviteToSession(system, by('lead'), { sessionId, agentIds: ['ghost'] }),
    'unknown_agent',
    'agent_ids',
  );
  expectOk(await inviteToSession(system, by('lead'), { sessionId, agentIds: ['guest'] }));
  expect(expectOk(await joinSession(system, by('guest'), { sessionId })).participantIds).toEqual([
    'lead',
    'helper',
    'guest',
  ]);
  const open = expectOk(await createSession(system, by('helper'), { title: 'open door', open: true }));
  expect(expectOk(await joinSession(system, by('outsider'), { sessionId: open.id })).participantIds).toEqual([
    'helper',
    'outsider',
  ]);

  // Lists show records, never values; by participant, from the index.
  const listed = expectOk(await listSessions(system, ANONYMOUS, { participantId: 'guest' }));
  expect(listed.items.map((s) => s.id)).toEqual([sessionId]);
  expect(JSON.stringify(listed)).not.toContain('v2');
  expect(expectOk(await listSessions(system, ANONYMOUS)).items).toHaveLength(2);
  expectOk(await leaveSession(system, by('guest'), { sessionId }));
  expect(expectOk(await listSessions(system, ANONYMOUS, { participantId: 'guest' })).items).toEqual([]);
  expectRefused(await joinSession(system, by('guest'), { sessionId }), 'forbidden');

  for (const call of [
    () => getSessionState(system, by('lead'), { sessionId: 'nope' }),
    () => setSessionState(system, by('lead'), { sessionId: 'nope', key: 'k', value: 1 }),
    () => joinSession(system, by('lead'), { sessionId: 'nope' }),
    () => leaveSession(system, by('lead'), { sessionId: 'nope' }),
    () => inviteToSession(system, by('lead'), { sessionId: 'nope', agentIds: ['guest'] }),
    () => getSession(system, by('lead'), { sessionId: 'nope' }),
  ])
    expectRefused(await call(), 'unknown_session', 'session_id');

  const again = await work.restart();
  const after = expectOk(await getSessionState(again, by('lead'), { sessionId }));
  expect(after.session.participantIds).toEqual(['lead', 'helper']);
  expect(after.values.map((v) => [v.key, v.value, v.version])).toEqual([
    ['fresh', 1, 1],
    ['plan', 'v2', 2],
  ]);
  expectRefused(
    await setSessionState(again, by('lead'), { sessionId, key: 'plan', value: 'v3', expectedVersion: 1 }),
    'version_conflict',
  );
});

it('ends the participation of an agent that deregisters, and keeps its values', async () => {
  const agents = await work.agents({ lead: {}, helper: {}, invitee: {} });
  const { system } = work;
  const lead = agents.get('lead') as Caller;
  const session = expectOk(await createSession(system, lead, { title: 't', participantIds: ['helper'] }));
  expectOk(
    await setSessionState(system, agents.get('helper') as Caller, {
      sessionId: session.id,
      key: 'k',
      value: 'mine',
    }),
  );
  expectOk(await inviteToSession(system, lead, { sessionId: session.id, agentIds: ['invitee'] }));
  await work.deregister('helper');
  await work.deregister('invitee');
  await work.deregister('lead');
  await until(
    async () =>
      expectOk(await getSession(system, ANONYMOUS, { sessionId: session.id })).coordinatorId === null,
  );
  const left = expectOk(await getSession(system, ANONYMOUS, { sessionId: session.id }));
  expect(left).toMatchObject({ participantIds: [], invitedIds: [], coordinatorId: null });
  // A new registration of the same ids starts with nothing: no participation, no invitation.
  await work.agents({ helper: {}, invitee: {} });
  expectRefused(
    await getSessionState(system, agents.get('helper') as Caller, { sessionId: session.id }),
    'forbidden',
  );
  expectRefused(
    await joinSession(system, agents.get('invitee') as Caller, { sessionId: session.id }),
    'forbidden',
  );
  const values = expectOk(
    await getSessionState(system, { kind: 'operator' }, { sessionId: session.id }),
  ).values;
  expect(values.map((v) => [v.key, v.value, v.updatedBy])).toEqual([['k', 'mine', 'helper']]);
});

it('keeps values, keys and participants within their limits, naming the field', async () => {
  const limits = { ...DEFAULT_LIMITS, sessionKeys: 3, valueBytes: 32, sessionParticipants: 3 };
  const agents = await work.agents({ a: {}, b: {}, c: {}, d: {} });
  const { system } = work;
  const a = agents.get('a') as Caller;
  expectRefused(
    await createSession(system, a, { title: 't', participantIds: ['b', 'c', 'd'] }, limits),
    'limit_exceeded',
    'participant_model_ids',
  );
  const session = expectOk(
    await createSession(system, a, { title: 't', participantIds: ['b', 'c'] }, limits),
  );
  const set = (key: string, value: unknown, extra: Record<string, unknown> = {}) =>
    setSessionState(system, a, { sessionId: session.id, key, value, ...extra }, limits);
  expectRefused(await set('big', 'x'.repeat(40)), 'too_large', 'value');
  expectRefused(await set('k'.repeat(257), 1), 'invalid_argument', 'key');
  expectRefused(await set('bad', 10n), 'invalid_argument', 'value');
  expectRefused(
    await setSessionState(system, a, { sessionId: session.id, key: 'none' }, limits),
    'invalid_argument',
    'value',
  );
  expectRefused(await set('k', 1, { ttlSeconds: -1 }), 'invalid_argument', 'ttl_seconds');
  expectRefused(await set('k', 1, { colour: 'red' }), 'unknown_argument', 'colour');
  for (const key of ['__proto__', 'constructor', 'toString']) expectOk(await set(key, key));
  expectRefused(await set('fourth', 4), 'limit_exceeded', 'key');
  // An expired key frees its place.
  expectOk(await set('__proto__', 'short', { ttlSeconds: 1 }));
  clock.advance(2_000);
  expectOk(await set('fourth', 4));
  const keys = expectOk(await getSessionState(system, a, { sessionId: session.id })).values.map((v) => v.key);
  expect(keys).toEqual(['constructor', 'fourth', 'toString']);
  expectOk(await inviteToSession(system, a, { sessionId: session.id, agentIds: ['d'] }, limits));
  expectRefused(
    await joinSession(system, agents.get('d') as Caller, { sessionId: session.id }, limits),
    'limit_exceeded',
  );
});
