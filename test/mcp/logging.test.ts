/**
 * MCP logging over stdio: a session hears nothing until it sets a level; at `warning` it
 * hears a deadlock broken between two agents' lock waits (an incident, logger
 * `troupe.incidents`) and no tool calls; at `debug` every tool call it makes (tool, argument
 * names, caller — never a token); at `error` neither.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { until } from '../helpers/until.js';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

interface LogParams {
  readonly level: string;
  readonly logger?: string;
  readonly data: Record<string, unknown>;
}

let client: Client;
let call: ReturnType<typeof caller>;
const token: Record<string, string> = {};
const messages: LogParams[] = [];

beforeAll(async () => {
  client = await connect(freshDataDir('logging'), ['--durability', 'memory']);
  call = caller(client);
  const transport = client.transport;
  if (transport === undefined) throw new Error('not connected');
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if ('method' in message && message.method === 'notifications/message')
      messages.push(message.params as unknown as LogParams);
    deliver?.(message, extra);
  };
  for (const id of ['ada', 'bob']) token[id] = await registerAgent(client, id);
});

afterAll(async () => {
  await client.close();
  removeDataDirs();
});

const as = (agent: string) => ({ agent_id: agent, agent_token: token[agent] });

async function deadlock(left: string, right: string) {
  await call('acquire_file_lock', { path: left, ...as('ada') });
  await call('acquire_file_lock', { path: right, ...as('bob') });
  const adaWaits = call('acquire_file_lock', { path: right, wait_s: 20, ...as('ada') });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const bobWaits = await call('acquire_file_lock', { path: left, wait_s: 20, ...as('bob') });
  expect(bobWaits.error).toMatchObject({ code: 'deadlock' });
  await call('release_file_lock', { path: right, ...as('bob') });
  await adaWaits;
  await call('release_file_lock', { path: right, ...as('ada') });
  await call('release_file_lock', { path: left, ...as('ada') });
}

it('sends nothing before the session sets a level', async () => {
  await call('find_agents', {});
  expect(messages).toEqual([]);
});

it('at warning, reports a deadlock broken, and no tool calls', async () => {
  await client.setLoggingLevel('warning');
  await deadlock('l1.ts', 'r1.ts');
  await until(async () => messages.length > 0, 5_000, 20);
  expect(messages[0]).toMatchObject({
    level: 'warning',
    logger: 'troupe.incidents',
    data: { incident: 'deadlock', victim: expect.any(String) },
  });
  expect(messages.every((message) => message.logger === 'troupe.incidents')).toBe(true);
});

it('at debug, reports each tool call by argument names, never a token', async () => {
  messages.length = 0;
  await client.setLoggingLevel('debug');
  await call('send_message', { sender_id: 'ada', recipient_id: 'bob', content: 'secret plan', ...as('ada') });
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatchObject({
    level: 'debug',
    logger: 'troupe.calls',
    data: { tool: 'send_message', caller: 'ada', args: expect.arrayContaining(['sender_id', 'content']) },
  });
  const text = JSON.stringify(messages);
  expect(text).not.toContain(token.ada);
  expect(text).not.toContain('secret plan');
});

it('at error, reports neither a deadlock (a warning) nor the calls', async () => {
  await client.setLoggingLevel('error');
  messages.length = 0;
  await deadlock('l2.ts', 'r2.ts');
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(messages).toEqual([]);
});
