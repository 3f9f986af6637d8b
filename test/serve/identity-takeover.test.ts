/**
 * A session's proven identity survives a take-over. An attached `troupe serve` process
 * reaches the hosting runtime through its session proxy; the host tells the proxy of each
 * agent the session proves, and when the host is killed the proxy replays them to the next
 * host (itself here), which verifies each again on first use: the session still acts for
 * the agent it registered without a token, while one whose token stopped working meanwhile
 * (deregistered and registered anew by someone else) is refused.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from '../mcp/serve-client.js';

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close().catch(() => {})));
  removeDataDirs();
});

async function start(dataDir: string): Promise<Client> {
  const client = await connect(dataDir);
  clients.push(client);
  return client;
}

const pidOf = (client: Client) => (client.transport as StdioClientTransport).pid as number;

/** `attempt`, tried again while it fails because the host it went to died before answering. */
async function afterTakeOver<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= 20 || !/exited before answering/.test(String(error))) throw error;
    }
  }
}

it('keeps the agents a session proved across a take-over, verifying each again', async () => {
  const dataDir = freshDataDir('identity-takeover');
  const host = await start(dataDir);
  const attached = await start(dataDir);
  const call = caller(attached);
  await registerAgent(attached, 'cy');
  const dee = await registerAgent(host, 'dee');
  expect((await call('heartbeat', { agent_id: 'dee', agent_token: dee })).agent).toMatchObject({ id: 'dee' });
  expect((await call('heartbeat', { agent_id: 'cy' })).agent).toMatchObject({ id: 'cy' });

  process.kill(pidOf(host), 'SIGKILL');
  // The attached process takes over (it now hosts the runtime) and replays its session.
  expect((await afterTakeOver(() => call('find_agents', {}))).agents).toHaveLength(2);
  const beat = await call('heartbeat', { agent_id: 'cy', status: 'working' });
  expect(beat.agent).toMatchObject({ id: 'cy', status: 'working' });
  expect(beat.orchestration).toMatchObject({ agent_id: 'cy' });

  // Meanwhile another process deregisters dee and registers it anew: the old proof no longer holds.
  const other = await start(dataDir);
  const again = caller(other);
  expect((await again('deregister_agent', { agent_id: 'dee', agent_token: dee })).agent).toMatchObject({
    id: 'dee',
  });
  await registerAgent(other, 'dee');
  expect((await call('heartbeat', { agent_id: 'dee' })).error).toMatchObject({
    code: 'unauthorized',
    field: 'agent_token',
  });
  expect((await call('heartbeat', { agent_id: 'cy' })).agent).toMatchObject({ id: 'cy' });
});
