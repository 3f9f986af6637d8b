/**
 * The shared result cache through a real `troupe serve --config`, counted per server: two
 * server-filesystem processes in one provider group, with a one-second TTL. The second
 * identical read, from another agent, is served from the cache and counted as a hit of the
 * server whose answer it was (in `get_server_status` and `troupe://servers/{name}`); after
 * the TTL the same read reaches a server again. With every server fine, `health`'s gateway
 * check is healthy.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, expect, it } from 'vitest';
import { FILESYSTEM, textOf } from '../actors/gateway/servers.js';
import { sleep, until } from '../helpers/until.js';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  removeDataDirs();
});

const META_KEY = 'troupe/orchestration';
type Counts = { hits: number; misses: number };

it('serves a second agent’s identical read from the cache within its TTL, counted per server, and not after', async () => {
  const root = freshDataDir('gateway-cache');
  const files = join(root, 'files');
  mkdirSync(files);
  writeFileSync(join(files, 'hello.txt'), 'cached hello\n');
  const member = {
    command: process.execPath,
    args: [FILESYSTEM, files],
    provider: 'files',
    cache: { ttl_s: 1 },
  };
  writeFileSync(
    join(root, 'troupe.config.json'),
    JSON.stringify({ mcpServers: { 'files-a': member, 'files-b': member } }),
  );
  const client = await connect(join(root, '.troupe'), ['--durability', 'memory']);
  clients.push(client);
  const call = caller(client);
  const servers = async () =>
    (await call('get_server_status', {})).servers as { name: string; state: string; cache: Counts }[];
  await until(async () => (await servers()).every((server) => server.state === 'running'), 20_000, 100);
  await registerAgent(client, 'agent-a');
  await registerAgent(client, 'agent-b');

  const read = (agent: string) =>
    client.callTool({
      name: 'files__read_text_file',
      arguments: { path: join(files, 'hello.txt'), agent_id: agent },
    }) as Promise<CallToolResult>;
  const orchestrationOf = (result: CallToolResult) => result._meta?.[META_KEY] as Record<string, unknown>;

  const first = await read('agent-a');
  const second = await read('agent-b');
  expect(textOf(second)).toBe(textOf(first));
  expect(orchestrationOf(first)).toMatchObject({ cached: false, agent_id: 'agent-a' });
  expect(orchestrationOf(second)).toMatchObject({ cached: true, agent_id: 'agent-b', attempts: 0 });
  const answeredBy = orchestrationOf(first).server as string;
  const other = answeredBy === 'files-a' ? 'files-b' : 'files-a';

  const counts = new Map((await servers()).map((server) => [server.name, server.cache]));
  expect(counts.get(answeredBy)).toEqual({ hits: 1, misses: 1 });
  expect(counts.get(other)).toEqual({ hits: 0, misses: 0 });
  const resource = await client.readResource({ uri: `troupe://servers/${answeredBy}` });
  expect(JSON.parse((resource.contents[0] as { text: string }).text).cache).toEqual({ hits: 1, misses: 1 });

  // Past the TTL, the same read reaches a server again: a miss, no new hit.
  await sleep(1_100);
  const third = await read('agent-b');
  expect(orchestrationOf(third)).toMatchObject({ cached: false });
  const after = await servers();
  expect(after.reduce((sum, server) => sum + server.cache.hits, 0)).toBe(1);
  expect(after.reduce((sum, server) => sum + server.cache.misses, 0)).toBe(2);

  const health = await call('health', {});
  const gatewayCheck = (health.checks as { name: string; status: string; detail: string }[]).find(
    (check) => check.name === 'gateway',
  );
  expect(gatewayCheck).toMatchObject({
    status: 'healthy',
    detail: '2 of 2 servers running, none in trouble',
  });
}, 60_000);
