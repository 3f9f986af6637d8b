/**
 * `check_message_frequency` over stdio, fed by real traffic: sends, broadcasts and
 * requests for assistance count (one per recipient; a refused send does not), the rate and
 * the last sends are reported, an agent at the threshold floods, a shorter window scales
 * the threshold, an unknown agent is a typed error naming `agent_id`, and the counts start
 * over with the server (they are kept in memory).
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs, structured } from './serve-client.js';

afterEach(removeDataDirs);

it('counts what an agent sends and flags it at the threshold', async () => {
  const dataDir = freshDataDir('frequency');
  const options = ['--frequency-threshold', '5', '--frequency-window-s', '60'];
  const client = await connect(dataDir, options);
  const call = caller(client);
  const alice = await registerAgent(client, 'alice');
  await registerAgent(client, 'bob', { capabilities: ['sql'] });
  const carol = await registerAgent(client, 'carol');
  const check = (args: Record<string, unknown>) => call('check_message_frequency', args);

  for (const content of ['a', 'b', 'c']) {
    await call('send_message', { sender_id: 'alice', agent_token: alice, recipient_id: 'bob', content });
  }
  const refused = await call('send_message', {
    sender_id: 'alice',
    agent_token: 'wrong',
    recipient_id: 'bob',
    content: 'x',
  });
  expect(refused.error).toMatchObject({ code: 'unauthorized' });

  const calm = await check({ agent_id: 'alice' });
  expect(calm).toMatchObject({
    agent_id: 'alice',
    window_s: 60,
    count: 3,
    rate_per_minute: 3,
    flooding: false,
    threshold: 5,
    top_recipients: [{ recipient_id: 'bob', count: 3 }],
  });
  const recent = calm.recent as { recipient_id: string; via: string; sent_at: string }[];
  expect(recent.map((r) => [r.recipient_id, r.via])).toEqual([
    ['bob', 'send'],
    ['bob', 'send'],
    ['bob', 'send'],
  ]);
  expect(calm.last_sent_at).toBe(recent[0]?.sent_at);
  expect(Date.parse(calm.counting_since as string)).toBeLessThanOrEqual(
    Date.parse(calm.last_sent_at as string),
  );

  // A broadcast to bob and carol (their role subscribes to it) is two messages: five in all, the threshold.
  await call('subscribe_system_events', {
    agent_id: 'carol',
    agent_token: carol,
    role: 'worker',
    event_types: ['freeze'],
  });
  await call('broadcast_system_event', { sender_id: 'alice', agent_token: alice, event_type: 'freeze' });
  const flooding = await check({ agent_id: 'alice' });
  expect(flooding).toMatchObject({ count: 5, flooding: true, threshold: 5 });
  expect((flooding.recent as { via: string }[]).slice(0, 2).map((r) => r.via)).toEqual([
    'broadcast',
    'broadcast',
  ]);
  expect(await check({ agent_id: 'alice', window_s: 30 })).toMatchObject({
    window_s: 30,
    count: 5,
    threshold: 2.5,
    flooding: true,
  });

  await call('request_assistance', {
    agent_id: 'carol',
    agent_token: carol,
    capabilities: ['sql'],
    description: 'slow query',
  });
  expect(await check({ agent_id: 'carol' })).toMatchObject({
    count: 1,
    flooding: false,
    recent: [{ recipient_id: 'bob', via: 'request-assistance' }],
  });
  expect(await check({ agent_id: 'bob' })).toMatchObject({
    count: 0,
    rate_per_minute: 0,
    flooding: false,
    last_sent_at: null,
    recent: [],
  });

  const unknown = await client.callTool({
    name: 'check_message_frequency',
    arguments: { agent_id: 'nobody' },
  });
  expect(unknown.isError).toBe(true);
  expect(unknown.structuredContent).toBeUndefined();
  expect(structured(unknown).error).toMatchObject({
    code: 'not_found',
    field: 'agent_id',
  });
  await client.close();

  const restarted = await connect(dataDir, options);
  const afresh = await caller(restarted)('check_message_frequency', { agent_id: 'alice' });
  expect(afresh).toMatchObject({ count: 0, flooding: false, recent: [] });
  expect(Date.parse(afresh.counting_since as string)).toBeGreaterThan(
    Date.parse(flooding.last_sent_at as string),
  );
  await restarted.close();
});
