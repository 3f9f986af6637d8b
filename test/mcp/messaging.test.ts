/**
 * The messaging tools over stdio with the SDK client, called with seed 003's parameters and
 * no token in the session that registered the agents: `send_message(sender_id, recipient_id,
 * content, urgent)`, `fetch_inbox` / `acknowledge_message` (one's own inbox only),
 * `request_assistance(requesting_agent_id, task_description, target_agent_id?,
 * required_capabilities?, urgency?)` with its refusals (`unknown_agent`, `agent_offline`,
 * `missing_capabilities`, `no_agent`) and its older argument names, and
 * `check_message_recipient_status(sender_id, time_window_seconds,
 * responsiveness_threshold_seconds)` — every recipient written to in the window. A second
 * session without the token is refused; bounds (`too_large`) and unknown recipients store nothing.
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

interface Message {
  readonly id: string;
  readonly sender_id: string;
  readonly recipient_id: string;
  readonly content: unknown;
  readonly urgent: boolean;
  readonly sent_at: string;
}

it('sends, fetches (urgent first) and acknowledges, for the agents this session proved only', async () => {
  const dataDir = freshDataDir('messaging');
  const client = await connect(dataDir);
  const call = caller(client);
  await registerAgent(client, 'orchestrator_agent');
  const workerToken = await registerAgent(client, 'worker');

  const sent = await call('send_message', {
    sender_id: 'orchestrator_agent',
    recipient_id: 'worker',
    content: JSON.stringify({ type: 'task_assignment', task_description: 'review' }),
    urgent: true,
  });
  expect(sent.message).toMatchObject({
    sender_id: 'orchestrator_agent',
    recipient_id: 'worker',
    urgent: true,
  });
  expect((sent.message as Message).sent_at).toMatch(/Z$/);
  await call('send_message', { sender_id: 'orchestrator_agent', recipient_id: 'worker', content: { n: 2 } });

  const inbox = await call('fetch_inbox', { agent_id: 'worker' });
  const messages = inbox.messages as Message[];
  expect(messages.map((m) => m.urgent)).toEqual([true, false]);
  expect(messages[1]?.content).toEqual({ n: 2 });
  expect(inbox.next_cursor).toBeNull();
  const paged = await call('fetch_inbox', { agent_id: 'worker', limit: 1 });
  expect((paged.messages as Message[]).map((m) => m.urgent)).toEqual([true]);
  expect(typeof paged.next_cursor).toBe('string');
  expect(
    await call('acknowledge_message', { agent_id: 'worker', message_id: messages[0]?.id }),
  ).toMatchObject({
    message_id: messages[0]?.id,
  });
  expect((await call('fetch_inbox', { agent_id: 'worker' })).messages).toHaveLength(1);

  // Refusals that name the field: an unknown recipient (nothing stored), a content over the limit.
  expect(
    (await call('send_message', { sender_id: 'worker', recipient_id: 'ghost', content: 'x' })).error,
  ).toMatchObject({
    code: 'unknown_agent',
    field: 'recipient_id',
  });
  const huge = 'x'.repeat(300 * 1024);
  expect(
    (await call('send_message', { sender_id: 'worker', recipient_id: 'orchestrator_agent', content: huge }))
      .error,
  ).toMatchObject({
    code: 'too_large',
    field: 'content',
  });
  expect(
    (
      await call('send_message', {
        sender_id: 'worker',
        agent_id: 'orchestrator_agent',
        recipient_id: 'worker',
        content: 1,
      })
    ).error,
  ).toMatchObject({
    code: 'invalid_argument',
    field: 'agent_id',
  });

  // Another session: no inbox without the token, no sending as someone else.
  const other = await connect(dataDir);
  const otherCall = caller(other);
  await registerAgent(other, 'eve');
  for (const [tool, args] of [
    ['fetch_inbox', { agent_id: 'worker' }],
    ['acknowledge_message', { agent_id: 'worker', message_id: messages[1]?.id }],
    ['send_message', { sender_id: 'worker', recipient_id: 'eve', content: 'forged' }],
  ] as const) {
    expect((await otherCall(tool, args)).error, tool).toMatchObject({
      code: 'unauthorized',
      field: 'agent_token',
    });
  }
  expect(
    (await otherCall('fetch_inbox', { agent_id: 'worker', agent_token: workerToken })).messages,
  ).toHaveLength(1);
  await other.close();
  await client.close();
}, 120_000);

it('asks for assistance as seed 003 says, refusing a target that cannot help', async () => {
  const client = await connect(freshDataDir('assistance'));
  const call = caller(client);
  await registerAgent(client, 'stuck', { capabilities: [] });
  await registerAgent(client, 'sec', { capabilities: ['security', 'ts'] });
  await registerAgent(client, 'dba', { capabilities: ['sql'] });
  await registerAgent(client, 'away', { capabilities: ['security'] });
  await call('update_agent_status', { agent_id: 'away', status: 'offline' });

  const targeted = await call('request_assistance', {
    requesting_agent_id: 'stuck',
    task_description: 'audit the token check',
    target_agent_id: 'sec',
    required_capabilities: ['security'],
    urgency: 'low',
  });
  expect(targeted.refused).toEqual([]);
  const [message] = targeted.messages as Message[];
  expect(message).toMatchObject({ sender_id: 'stuck', recipient_id: 'sec', urgent: false });
  expect(message?.content).toMatchObject({
    type: 'assistance_request',
    requesting_agent_id: 'stuck',
    task_description: 'audit the token check',
    required_capabilities: ['security'],
    urgency: 'low',
  });

  const refusals = [
    [{ target_agent_id: 'ghost' }, 'unknown_agent', 'target_agent_id'],
    [{ target_agent_id: 'away' }, 'agent_offline', 'target_agent_id'],
    [
      { target_agent_id: 'dba', required_capabilities: ['security'] },
      'missing_capabilities',
      'target_agent_id',
    ],
    [{ required_capabilities: ['cobol'] }, 'no_agent', 'required_capabilities'],
  ] as const;
  for (const [extra, code, field] of refusals) {
    const refused = await call('request_assistance', {
      requesting_agent_id: 'stuck',
      task_description: 'help',
      ...extra,
    });
    expect(refused.error, JSON.stringify(extra)).toMatchObject({ code, field });
  }

  // No target: every other available agent with the capabilities, urgent by default; the older names still work.
  const broadcast = await call('request_assistance', {
    agent_id: 'stuck',
    description: 'anyone with ts?',
    capabilities: ['ts'],
  });
  expect((broadcast.messages as Message[]).map((m) => [m.recipient_id, m.urgent])).toEqual([['sec', true]]);
  expect(
    (
      await call('request_assistance', {
        requesting_agent_id: 'stuck',
        agent_id: 'sec',
        task_description: 'x',
      })
    ).error,
  ).toMatchObject({ code: 'invalid_argument', field: 'agent_id' });
  expect((await call('request_assistance', { requesting_agent_id: 'stuck' })).error).toMatchObject({
    code: 'invalid_argument',
    field: 'task_description',
  });

  const stranger = await connect(freshDataDir('assistance-other'));
  expect(
    (await caller(stranger)('request_assistance', { requesting_agent_id: 'stuck', task_description: 'x' }))
      .error,
  ).toMatchObject({
    code: 'unauthorized',
    field: 'agent_token',
  });
  await stranger.close();
  await client.close();
}, 120_000);

it('reports the status of every recipient a sender wrote to in the window (to the sender only)', async () => {
  const dataDir = freshDataDir('recipient-status');
  const client = await connect(dataDir);
  const call = caller(client);
  await registerAgent(client, 'boss');
  await registerAgent(client, 'fast');
  await registerAgent(client, 'slow');
  await call('send_message', { sender_id: 'boss', recipient_id: 'fast', content: 1 });
  await call('send_message', { sender_id: 'boss', recipient_id: 'slow', content: 2, urgent: true });
  await call('send_message', { sender_id: 'boss', recipient_id: 'slow', content: 3 });
  const [first] = (await call('fetch_inbox', { agent_id: 'fast' })).messages as Message[];
  await call('acknowledge_message', { agent_id: 'fast', message_id: first?.id });
  await call('update_agent_status', { agent_id: 'slow', status: 'offline' });

  const status = await call('check_message_recipient_status', {
    sender_id: 'boss',
    time_window_seconds: 60,
    responsiveness_threshold_seconds: 30,
  });
  expect(status).toMatchObject({
    sender_id: 'boss',
    time_window_seconds: 60,
    responsiveness_threshold_seconds: 30,
    truncated: false,
  });
  expect(status.recipients).toEqual([
    expect.objectContaining({
      recipient_id: 'fast',
      registered: true,
      responsive: true,
      sent: 1,
      waiting: 0,
    }),
    expect.objectContaining({
      recipient_id: 'slow',
      status: 'offline',
      responsive: false,
      sent: 2,
      waiting: 2,
      urgent_waiting: 1,
    }),
  ]);
  const one = await call('check_message_recipient_status', {
    sender_id: 'boss',
    time_window_seconds: 60,
    responsiveness_threshold_seconds: 30,
    recipient_id: 'fast',
  });
  expect((one.recipients as { recipient_id: string }[]).map((r) => r.recipient_id)).toEqual(['fast']);
  expect(
    (
      await call('check_message_recipient_status', {
        sender_id: 'fast',
        time_window_seconds: 60,
        responsiveness_threshold_seconds: 30,
      })
    ).recipients,
  ).toEqual([]);

  const other = await connect(dataDir);
  expect(
    (
      await caller(other)('check_message_recipient_status', {
        sender_id: 'boss',
        time_window_seconds: 60,
        responsiveness_threshold_seconds: 30,
      })
    ).error,
  ).toMatchObject({
    code: 'unauthorized',
    field: 'agent_token',
  });
  await other.close();
  await client.close();
}, 120_000);
