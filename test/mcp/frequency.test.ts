/**
 * `check_message_frequency(agent_id, time_window_seconds, frequency_threshold)` over stdio,
 * as seed 003 means it: asked for 10 s / 1 it counts the last 10 s and says flooding past
 * one message (the old tool answered for 60 s / 60 whatever was asked). The agent itself sees
 * its top recipients and last sends; another agent (`checking_agent_id`) the counts only; a
 * session with no identity is refused. Counts come from the durable traffic log: they are
 * still there after a restart.
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

it('counts an agent’s sends in the window asked for, against the threshold asked for', async () => {
  const dataDir = freshDataDir('frequency');
  let client = await connect(dataDir);
  let call = caller(client);
  await registerAgent(client, 'chatty');
  await registerAgent(client, 'a');
  await registerAgent(client, 'b');
  await registerAgent(client, 'monitor');
  for (const recipient of ['a', 'b', 'a'])
    await call('send_message', { sender_id: 'chatty', recipient_id: recipient, content: 'hi' });

  const seed = await call('check_message_frequency', {
    agent_id: 'chatty',
    time_window_seconds: 10,
    frequency_threshold: 1,
  });
  expect(seed).toMatchObject({
    agent_id: 'chatty',
    time_window_seconds: 10,
    frequency_threshold: 1,
    count: 3,
    flooding: true,
    rate_per_minute: 18,
    top_recipients: [
      { recipient_id: 'a', count: 2 },
      { recipient_id: 'b', count: 1 },
    ],
  });
  expect((seed.recent as { recipient_id: string }[]).map((r) => r.recipient_id)).toEqual(['a', 'b', 'a']);
  expect(
    await call('check_message_frequency', {
      agent_id: 'chatty',
      time_window_seconds: 10,
      frequency_threshold: 3,
    }),
  ).toMatchObject({
    flooding: false,
  });
  expect(
    await call('check_message_frequency', { agent_id: 'a', time_window_seconds: 10, frequency_threshold: 0 }),
  ).toMatchObject({
    count: 0,
    flooding: false,
    last_sent_at: null,
  });
  // Another agent sees the counts, not who chatty writes to.
  const watched = await call('check_message_frequency', {
    agent_id: 'chatty',
    checking_agent_id: 'monitor',
    time_window_seconds: 10,
    frequency_threshold: 1,
  });
  expect(watched).toMatchObject({ count: 3, flooding: true, top_recipients: null, recent: null });
  // The older name of the window, and its bounds.
  expect(await call('check_message_frequency', { agent_id: 'chatty', window_s: 10 })).toMatchObject({
    time_window_seconds: 10,
    frequency_threshold: 60,
  });
  expect(
    (await call('check_message_frequency', { agent_id: 'chatty', time_window_seconds: 10 * 86_400 })).error,
  ).toMatchObject({
    code: 'out_of_range',
    field: 'time_window_seconds',
  });
  expect(
    (await call('check_message_frequency', { agent_id: 'ghost', checking_agent_id: 'monitor' })).error,
  ).toMatchObject({
    code: 'unknown_agent',
    field: 'agent_id',
  });

  const stranger = await connect(freshDataDir('frequency-other'));
  expect(
    (
      await caller(stranger)('check_message_frequency', {
        agent_id: 'chatty',
        time_window_seconds: 10,
        frequency_threshold: 1,
      })
    ).error,
  ).toMatchObject({
    code: 'unauthorized',
    field: 'agent_token',
  });
  await stranger.close();
  await client.close();

  client = await connect(dataDir);
  call = caller(client);
  const token = await registerAgent(client, 'late');
  expect(token.length).toBeGreaterThan(0);
  expect(
    await call('check_message_frequency', {
      agent_id: 'chatty',
      checking_agent_id: 'late',
      time_window_seconds: 600,
      frequency_threshold: 5,
    }),
  ).toMatchObject({
    count: 3,
    flooding: false,
  });
  await client.close();
}, 120_000);
