/**
 * System events over stdio: `broadcast_system_event` reaches the agents subscribed to the
 * event type — directly, through their role, or to `*` — narrowed by filters, the sender
 * left out, with seed 002's `event_data` (or troupe's older `data`); refusals (wrong token, no
 * token in another session, unknown agent, another agent_id, `*` as a type);
 * subscriptions kept across a restart and lapsing with an agent's registration.
 */
import { afterEach, expect, it } from 'vitest';
import {
  caller,
  connect,
  freshDataDir,
  registerAgent,
  removeDataDirs,
  type Structured,
} from './serve-client.js';

afterEach(removeDataDirs);

/** The recipients of a broadcast, sorted. */
const recipients = (answer: Structured) =>
  (answer.messages as { recipient_id: string }[]).map((m) => m.recipient_id).sort();

it('broadcasts an event to its subscribers: direct, by role, wildcard, narrowed, the sender left out', async () => {
  const dataDir = freshDataDir('messaging');
  const client = await connect(dataDir);
  const call = caller(client);
  const token: Record<string, string> = {};
  for (const [id, role, capabilities] of [
    ['lead', 'lead', ['plan']],
    ['sql-1', 'worker', ['sql']],
    ['sql-2', 'worker', ['sql', 'ts']],
    ['ts-1', 'reviewer', ['ts']],
    ['ops', 'ops', []],
  ] as const) {
    token[id] = await registerAgent(client, id, { role, capabilities: [...capabilities] });
  }
  const as = (id: string) => ({ agent_id: id, agent_token: token[id] });
  const broadcast = async (eventType: string, args: Record<string, unknown> = {}) =>
    recipients(
      await call('broadcast_system_event', {
        sender_id: 'lead',
        agent_token: token.lead,
        event_type: eventType,
        ...args,
      }),
    );

  // Nobody subscribes yet: an empty answer, not an error.
  expect(await broadcast('deploy')).toEqual([]);

  const own = await call('subscribe_system_events', { ...as('sql-1'), event_types: ['deploy'] });
  expect(own).toMatchObject({
    subscriber: { kind: 'agent', agent_id: 'sql-1' },
    changed: ['deploy'],
    subscriptions: [{ event_type: 'deploy', subscribed_by: 'sql-1' }],
    orchestration: { agent_id: 'sql-1', handled_by: 'agent:sql-1' },
  });
  const again = await call('subscribe_system_events', { ...as('sql-1'), event_types: ['deploy'] });
  expect(again).toMatchObject({ changed: [], subscriptions: [{ event_type: 'deploy' }] });
  const byRole = await call('subscribe_system_events', {
    ...as('lead'),
    role: 'worker',
    event_types: ['freeze', 'deploy'],
  });
  expect(byRole).toMatchObject({
    subscriber: { kind: 'role', role: 'worker' },
    changed: ['freeze', 'deploy'],
    subscriptions: [{ event_type: 'deploy', subscribed_by: 'lead' }, { event_type: 'freeze' }],
  });
  await call('subscribe_system_events', { ...as('ops'), event_types: ['*'] });
  await call('subscribe_system_events', { ...as('lead'), event_types: ['*'] });

  // The sender hears everything (`*`) but is left out of its own broadcasts.
  expect(await broadcast('deploy')).toEqual(['ops', 'sql-1', 'sql-2']);
  expect(await broadcast('audit')).toEqual(['ops']);
  // The filters narrow the subscribers; they add nobody.
  expect(await broadcast('freeze', { capabilities: ['ts'] })).toEqual(['sql-2']);
  expect(await broadcast('freeze', { role: 'ops' })).toEqual(['ops']);
  await call('update_agent_status', { ...as('sql-2'), status: 'working' });
  expect(await broadcast('deploy', { statuses: ['available'], urgent: true })).toEqual(['ops', 'sql-1']);

  const inbox = await call('fetch_inbox', { ...as('sql-1') });
  expect(inbox.messages).toMatchObject([
    { sender_id: 'lead', urgent: true, content: { event_type: 'deploy', data: null } },
    { sender_id: 'lead', urgent: false, content: { event_type: 'deploy', data: null } },
  ]);
  const withData = await call('broadcast_system_event', {
    sender_id: 'sql-1',
    agent_token: token['sql-1'],
    agent_id: 'sql-1',
    event_type: 'audit',
    event_data: { table: 'orders' },
  });
  expect(withData).toMatchObject({
    messages: [
      { recipient_id: 'lead', content: { event_type: 'audit', data: { table: 'orders' } } },
      { recipient_id: 'ops' },
    ],
    refused: [],
    orchestration: { agent_id: 'sql-1', handled_by: 'subscriptions' },
  });
  // troupe's older name of event_data.
  const older = await call('broadcast_system_event', { sender_id: 'sql-1', event_type: 'audit', data: 7 });
  expect((older.messages as { content: unknown }[]).map((m) => m.content)).toEqual([
    { event_type: 'audit', data: 7 },
    { event_type: 'audit', data: 7 },
  ]);

  const listed = async (args: Record<string, unknown>) =>
    (
      (await call('list_event_subscriptions', args)).subscriptions as {
        event_type: string;
        subscriber: unknown;
      }[]
    ).map((s) => [s.event_type, s.subscriber]);
  // Those of the type first, then those of every type.
  expect(await listed({ event_type: 'freeze' })).toEqual([
    ['freeze', { kind: 'role', role: 'worker' }],
    ['*', { kind: 'agent', agent_id: 'lead' }],
    ['*', { kind: 'agent', agent_id: 'ops' }],
  ]);
  expect(await listed({ agent_id: 'sql-1' })).toEqual([
    ['deploy', { kind: 'agent', agent_id: 'sql-1' }],
    ['deploy', { kind: 'role', role: 'worker' }],
    ['freeze', { kind: 'role', role: 'worker' }],
  ]);
  expect(await listed({ role: 'worker', event_type: 'deploy' })).toEqual([
    ['deploy', { kind: 'role', role: 'worker' }],
  ]);

  // Unsubscribing: the agent itself, then the role (by another agent than the one who subscribed it).
  const off = await call('unsubscribe_system_events', { ...as('sql-1'), event_types: ['deploy', 'nothing'] });
  expect(off).toMatchObject({ changed: ['deploy'], subscriptions: [] });
  await call('unsubscribe_system_events', { ...as('ops'), role: 'worker', event_types: ['deploy'] });
  expect(await broadcast('deploy')).toEqual(['ops']);
  expect(await broadcast('freeze')).toEqual(['ops', 'sql-1', 'sql-2']);
  await call('unsubscribe_system_events', { ...as('ops'), event_types: ['*'] });
  expect(await broadcast('audit')).toEqual([]);
  await client.close();
}, 120_000);

it('refuses a wrong token, an unknown agent, another agent_id, and "*" as a type', async () => {
  const dataDir = freshDataDir('messaging');
  const client = await connect(dataDir);
  const call = caller(client);
  const lead = await registerAgent(client, 'lead');
  const error = async (tool: string, args: Record<string, unknown>) => (await call(tool, args)).error;

  expect(
    await error('subscribe_system_events', { agent_id: 'lead', agent_token: 'forged', event_types: ['x'] }),
  ).toMatchObject({ code: 'unauthorized', field: 'agent_token' });
  expect(
    await error('subscribe_system_events', { agent_id: 'ghost', agent_token: lead, event_types: ['x'] }),
  ).toMatchObject({ code: 'unknown_agent', field: 'agent_id' });
  expect(
    await error('unsubscribe_system_events', {
      agent_id: 'lead',
      agent_token: 'forged',
      role: 'worker',
      event_types: ['x'],
    }),
  ).toMatchObject({ code: 'unauthorized', field: 'agent_token' });
  expect(await error('list_event_subscriptions', { agent_id: 'ghost' })).toMatchObject({
    code: 'unknown_agent',
    field: 'agent_id',
  });
  const sender = { sender_id: 'lead', agent_token: lead, event_type: 'x' };
  expect(await error('broadcast_system_event', { ...sender, agent_token: 'forged' })).toMatchObject({
    code: 'unauthorized',
  });
  expect(await error('broadcast_system_event', { ...sender, sender_id: 'ghost' })).toMatchObject({
    code: 'unknown_agent',
    field: 'sender_id',
  });
  expect(await error('broadcast_system_event', { ...sender, event_data: 1, data: 2 })).toMatchObject({
    code: 'invalid_argument',
    field: 'data',
  });
  expect(await error('broadcast_system_event', { ...sender, agent_id: 'other' })).toMatchObject({
    code: 'invalid_argument',
    field: 'agent_id',
  });
  expect(await error('broadcast_system_event', { ...sender, event_type: '*' })).toMatchObject({
    code: 'invalid_argument',
    field: 'event_type',
  });
  const { event_type: _type, ...from } = sender;
  expect(
    await error('send_message', { ...from, agent_id: 'other', recipient_id: 'lead', content: 'hi' }),
  ).toMatchObject({ code: 'invalid_argument', field: 'agent_id' });
  expect(await call('broadcast_system_event', { ...sender, agent_id: 'lead' })).toMatchObject({
    messages: [],
    refused: [],
  });
  // Another session: no subscribing or broadcasting for lead without its token.
  const other = await connect(dataDir);
  for (const [tool, args] of [
    ['subscribe_system_events', { agent_id: 'lead', event_types: ['x'] }],
    ['broadcast_system_event', { sender_id: 'lead', event_type: 'x' }],
  ] as const) {
    expect((await caller(other)(tool, args)).error, tool).toMatchObject({
      code: 'unauthorized',
      field: 'agent_token',
    });
  }
  await other.close();
  await client.close();
}, 120_000);

it('keeps subscriptions across a restart and drops those of a deregistered agent', async () => {
  const dataDir = freshDataDir('messaging');
  let client = await connect(dataDir);
  const lead = await registerAgent(client, 'lead');
  const bob = await registerAgent(client, 'bob');
  const carol = await registerAgent(client, 'carol', { role: 'reviewer' });
  await caller(client)('subscribe_system_events', {
    agent_id: 'bob',
    agent_token: bob,
    event_types: ['deploy'],
  });
  await caller(client)('subscribe_system_events', {
    agent_id: 'bob',
    agent_token: bob,
    role: 'reviewer',
    event_types: ['review'],
  });
  await client.close();

  client = await connect(dataDir);
  const call = caller(client);
  const broadcast = async (eventType: string) =>
    recipients(
      await call('broadcast_system_event', { sender_id: 'lead', agent_token: lead, event_type: eventType }),
    );
  expect(await broadcast('deploy')).toEqual(['bob']);
  expect(await broadcast('review')).toEqual(['carol']);

  // Deregistered, bob's own subscription lapses — also for a new agent under the same id;
  // the role subscription bob made stays.
  await call('deregister_agent', { agent_id: 'bob', agent_token: bob });
  await registerAgent(client, 'bob');
  expect(await broadcast('deploy')).toEqual([]);
  expect((await call('list_event_subscriptions', { event_type: 'deploy' })).subscriptions).toEqual([]);
  await call('deregister_agent', { agent_id: 'carol', agent_token: carol });
  expect((await call('list_event_subscriptions', { role: 'reviewer' })).subscriptions).toMatchObject([
    { event_type: 'review', subscribed_by: 'bob' },
  ]);
  await client.close();
}, 120_000);
