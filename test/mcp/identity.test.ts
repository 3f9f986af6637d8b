/**
 * Identity over MCP sessions, on real `troupe serve` processes sharing one data directory
 * (the second attaches to the first's runtime through the socket): the session that
 * registered an agent acts for it without its token; another session is refused
 * (`unauthorized`, field `agent_token`) until it presents the token once, and acts for it
 * without the token after that; a wrong token proves nothing; a deregistered agent is no
 * longer acted for; the `orchestration` block names only a proven agent; and no result but
 * `register_agent`'s carries a token.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, freshDataDir, registerAgent, removeDataDirs, structured } from './serve-client.js';

let first: Client;
let second: Client;
let token: string;
/** The text of every result after registration: no token may show in any of it. */
const texts: string[] = [];

beforeAll(async () => {
  const dataDir = freshDataDir('identity');
  first = await connect(dataDir);
  second = await connect(dataDir);
  token = await registerAgent(first, 'ada');
  await registerAgent(first, 'bob');
});

afterAll(async () => {
  await first?.close();
  await second?.close();
  removeDataDirs();
});

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  texts.push(JSON.stringify(result));
  return structured(result);
}

describe('a session that registered an agent', () => {
  it('acts for it without its token, and the orchestration block names it', async () => {
    const beat = await call(first, 'heartbeat', { agent_id: 'ada', status: 'working' });
    expect(beat.agent).toMatchObject({ id: 'ada', status: 'working' });
    expect(beat.orchestration).toMatchObject({
      coordinated: true,
      agent_id: 'ada',
      handled_by: 'agent:ada',
    });
    const sent = await call(first, 'send_message', {
      sender_id: 'ada',
      recipient_id: 'bob',
      content: 'hello',
    });
    expect(sent.message).toMatchObject({ sender_id: 'ada', recipient_id: 'bob' });
    const inbox = await call(first, 'fetch_inbox', { agent_id: 'bob' });
    expect(inbox.messages).toMatchObject([{ content: 'hello' }]);
  });

  it('names it in a read tool’s orchestration block only when the call says it is that agent', async () => {
    expect((await call(first, 'find_agents', { agent_id: 'ada' })).orchestration).toMatchObject({
      agent_id: 'ada',
    });
    expect((await call(first, 'find_agents', {})).orchestration).toMatchObject({ agent_id: null });
    // Claiming an agent the session never proved names nobody.
    expect((await call(second, 'find_agents', { agent_id: 'ada' })).orchestration).toMatchObject({
      agent_id: null,
    });
  });
});

describe('another session', () => {
  it('is refused without the token, and a wrong token proves nothing', async () => {
    expect((await call(second, 'heartbeat', { agent_id: 'ada' })).error).toMatchObject({
      code: 'unauthorized',
      field: 'agent_token',
    });
    expect((await call(second, 'heartbeat', { agent_id: 'ada', agent_token: 'guess' })).error).toMatchObject({
      code: 'unauthorized',
      field: 'agent_token',
    });
    expect((await call(second, 'fetch_inbox', { agent_id: 'bob' })).error).toMatchObject({
      code: 'unauthorized',
    });
    expect((await call(second, 'heartbeat', { agent_id: 'ada' })).error).toMatchObject({
      code: 'unauthorized',
    });
  });

  it('acts for the agent once it presented the token, without it afterwards', async () => {
    expect((await call(second, 'heartbeat', { agent_id: 'ada', agent_token: token })).agent).toMatchObject({
      id: 'ada',
    });
    const again = await call(second, 'update_agent_status', { agent_id: 'ada', status: 'idle' });
    expect(again.agent).toMatchObject({ status: 'idle' });
    expect(again.orchestration).toMatchObject({ agent_id: 'ada' });
    // Proving ada proves nothing about bob.
    expect((await call(second, 'heartbeat', { agent_id: 'bob' })).error).toMatchObject({
      code: 'unauthorized',
    });
  });
});

describe('a deregistered agent', () => {
  it('is no longer acted for, by any session', async () => {
    await call(second, 'deregister_agent', { agent_id: 'ada' });
    expect((await call(second, 'heartbeat', { agent_id: 'ada' })).error).toMatchObject({
      code: 'unauthorized',
    });
    // The other session still holds the old token: the agent is gone, so it is refused.
    expect((await call(first, 'heartbeat', { agent_id: 'ada' })).error).toMatchObject({
      code: 'unknown_agent',
    });
  });
});

it('shows no token in any result but register_agent’s', () => {
  expect(texts.length).toBeGreaterThan(10);
  for (const text of texts) expect(text).not.toContain(token);
});
