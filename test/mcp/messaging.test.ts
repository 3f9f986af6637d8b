/**
 * Messaging tools over stdio: send to an inbox (token checked), fetch (urgent first),
 * acknowledge, TTL expiry, messages kept for an agent that has not fetched yet, and
 * everything still there after a restart of the server on the same data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
let dataDir: string | undefined;
afterEach(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function connect(dir: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'serve', '--data-dir', dir, '--threads', '2'],
    stderr: 'ignore',
  });
  const client = new Client({ name: 'troupe-test', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

type Structured = Record<string, unknown> & { error?: { code: string; field?: string } };
const structured = (result: unknown) => (result as { structuredContent: Structured }).structuredContent;
const contents = (result: unknown) =>
  (structured(result).messages as { content: unknown; urgent: boolean }[]).map((m) => m.content);

async function register(client: Client, id: string): Promise<string> {
  const result = await client.callTool({
    name: 'register_agent',
    arguments: { id, name: id, role: 'worker', model_type: 'llm', model_version: '1', capabilities: [] },
  });
  return structured(result).agent_token as string;
}

it('sends, fetches urgent first, acknowledges, expires, and keeps mail across a restart', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-messaging-'));
  let client = await connect(dataDir);
  const alice = await register(client, 'alice');
  const bob = await register(client, 'bob');
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
