/**
 * Messaging tools over stdio: send to an inbox (token checked), fetch (urgent first),
 * acknowledge, TTL expiry, messages kept for an agent that has not fetched yet, and
 * everything still there after a restart of the server on the same data directory;
 * requests for assistance by capability; a recipient's status (system events are in
 * `system-events.test.ts`).
 */
import { afterEach, expect, it } from 'vitest';
import {
  caller,
  connect,
  freshDataDir,
  registerAgent,
  removeDataDirs,
  type Structured,
  structured,
} from './serve-client.js';

afterEach(removeDataDirs);

/** The recipients of a request for assistance, sorted. */
const recipients = (answer: Structured) =>
  (answer.messages as { recipient_id: string }[]).map((m) => m.recipient_id).sort();

const contents = (result: unknown) =>
  (structured(result).messages as { content: unknown; urgent: boolean }[]).map((m) => m.content);

it('sends, fetches urgent first, acknowledges, expires, and keeps mail across a restart', async () => {
  const dataDir = freshDataDir('messaging');
  let client = await connect(dataDir);
  const alice = await registerAgent(client, 'alice');
  const bob = await registerAgent(client, 'bob');
  const send = (args: Record<string, unknown>) =>
    client.callTool({
      name: 'send_message',
      arguments: { sender_id: 'alice', agent_token: alice, recipient_id: 'bob', ...args },
    });

  const refused = await send({ agent_token: 'nope', content: 'hi' });
  expect(structured(refused).error).toMatchObject({ code: 'unauthorized' });
  await send({ content: 'first' });
  await send({ content: 'soon gone', ttl_s: 0.2 });
  const urgent = await send({ content: { alarm: true }, urgent: true, correlation_id: 'c-1' });
  expect(structured(urgent).orchestration).toMatchObject({ agent_id: 'alice', handled_by: 'post-office' });

  const fetch = () =>
    client.callTool({ name: 'fetch_inbox', arguments: { agent_id: 'bob', agent_token: bob } });
  expect(contents(await fetch())).toEqual([{ alarm: true }, 'first', 'soon gone']);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(contents(await fetch())).toEqual([{ alarm: true }, 'first']);
  const notBob = await client.callTool({
    name: 'fetch_inbox',
    arguments: { agent_id: 'bob', agent_token: alice },
  });
  expect(structured(notBob).error).toMatchObject({ code: 'unauthorized', field: 'agent_token' });
  await client.close();

  client = await connect(dataDir);
  const waiting = (await client.callTool({
    name: 'fetch_inbox',
    arguments: { agent_id: 'bob', agent_token: bob },
  })) as unknown;
  const [first] = structured(waiting).messages as { id: string }[];
  const acked = await client.callTool({
    name: 'acknowledge_message',
    arguments: { agent_id: 'bob', agent_token: bob, message_id: first?.id },
  });
  expect(acked.isError).toBeFalsy();
  expect(
    contents(
      await client.callTool({ name: 'fetch_inbox', arguments: { agent_id: 'bob', agent_token: bob } }),
    ),
  ).toEqual(['first']);
  const again = await client.callTool({
    name: 'acknowledge_message',
    arguments: { agent_id: 'bob', agent_token: bob, message_id: first?.id },
  });
  expect(structured(again).error).toMatchObject({ code: 'not_found', field: 'message_id' });
  await client.close();
});

it('asks the capable, available agents for help', async () => {
  const dataDir = freshDataDir('messaging');
  const client = await connect(dataDir);
  const lead = await registerAgent(client, 'lead', { capabilities: ['plan'] });
  const token: Record<string, string> = {};
  for (const [id, caps] of [
    ['sql-1', ['sql']],
    ['sql-2', ['sql', 'ts']],
    ['ts-1', ['ts']],
  ] as const) {
    token[id] = await registerAgent(client, id, { capabilities: [...caps] });
  }
  const call = caller(client);

  await call('update_agent_status', { agent_id: 'sql-2', agent_token: token['sql-2'], status: 'working' });
  const help = await call('request_assistance', {
    agent_id: 'lead',
    agent_token: lead,
    capabilities: ['sql'],
    description: 'slow query',
    context: { table: 'orders' },
  });
  expect(recipients(help)).toEqual(['sql-1']);
  const inbox = await client.callTool({
    name: 'fetch_inbox',
    arguments: { agent_id: 'sql-1', agent_token: token['sql-1'] },
  });
  expect(structured(inbox).messages).toMatchObject([
    { sender_id: 'lead', urgent: true, content: { assistance: 'slow query', capabilities: ['sql'] } },
  ]);
  expect(
    (
      await call('request_assistance', {
        agent_id: 'lead',
        agent_token: lead,
        capabilities: ['rust'],
        description: 'borrowck',
      })
    ).error,
  ).toMatchObject({ code: 'no_agent', field: 'capabilities' });
  await client.close();
});

it('reports a recipient: registered or not, its status, and the messages kept for it', async () => {
  const dataDir = freshDataDir('messaging');
  const client = await connect(dataDir);
  const alice = await registerAgent(client, 'alice');
  const bob = await registerAgent(client, 'bob');
  const call = caller(client);
  const before = Date.now();
  await call('send_message', { sender_id: 'alice', agent_token: alice, recipient_id: 'bob', content: 'one' });
  await call('send_message', {
    sender_id: 'alice',
    agent_token: alice,
    recipient_id: 'bob',
    content: 'two',
    urgent: true,
  });
  expect(await call('check_message_recipient_status', { recipient_id: 'bob' })).toMatchObject({
    registered: true,
    status: 'available',
    responsive: true,
    waiting: 2,
    urgent_waiting: 1,
  });
  await call('deregister_agent', { agent_id: 'bob', agent_token: bob });
  const gone = await call('check_message_recipient_status', { recipient_id: 'bob' });
  expect(gone).toMatchObject({ registered: false, status: null, responsive: false, waiting: 2 });
  expect(Date.parse(gone.oldest_waiting_sent_at as string)).toBeGreaterThanOrEqual(before);
  expect(await call('check_message_recipient_status', { recipient_id: 'alice' })).toMatchObject({
    registered: true,
    waiting: 0,
    oldest_waiting_sent_at: null,
  });
  await client.close();
});
