/**
 * `lock_argument` tools through a real `troupe serve --config`: a proxied call takes troupe's
 * lease (the lock facade's, the one `acquire_file_lock` gives) on the argument's value for
 * the call and releases it after. While it runs, `check_file_lock` shows its agent holding
 * the path; a second agent's call on the same value waits for it (the server's
 * `lock_wait_s`), or is refused `locked` at once with `lock_wait_s: 0`; a call naming no
 * agent is refused `unauthorized`. The slow holder is the fixture server's `slow` tool; the
 * real write is server-filesystem's `write_file`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, expect, it } from 'vitest';
import { FILESYSTEM, FIXTURE } from '../actors/gateway/servers.js';
import { until } from '../helpers/until.js';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs, structured } from './serve-client.js';

const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  removeDataDirs();
});

it('serializes two agents’ calls on one value under troupe’s lease, visible in the lock tools', async () => {
  const root = freshDataDir('gateway-leases');
  const files = join(root, 'files');
  mkdirSync(files);
  const filesystem = { command: process.execPath, args: [FILESYSTEM, files] };
  const fixture = { command: process.execPath, args: [FIXTURE, '--name', 'fix'] };
  const config = {
    mcpServers: {
      files: { ...filesystem, lock_argument: { write_file: 'path' }, lock_wait_s: 30 },
      strict: { ...filesystem, lock_argument: { write_file: 'path' }, lock_wait_s: 0 },
      fix: { ...fixture, lock_argument: { slow: 'key' }, lock_wait_s: 30 },
    },
  };
  writeFileSync(join(root, 'troupe.config.json'), JSON.stringify(config));
  const client = await connect(join(root, '.troupe'), ['--durability', 'memory']);
  clients.push(client);
  const call = caller(client);
  await until(
    async () => {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      return ['files__write_file', 'strict__write_file', 'fix__slow'].every((name) => names.includes(name));
    },
    20_000,
    100,
  );
  await registerAgent(client, 'ada');
  await registerAgent(client, 'bob');
  const target = join(files, 'shared.txt');
  const holderOf = async (path: string) =>
    ((await call('check_file_lock', { file_path: path })).lease as { holder_id: string } | null)?.holder_id ??
    null;

  // No agent, no lease: the tool is never called unlocked.
  const anonymous = structured(
    await client.callTool({ name: 'files__write_file', arguments: { path: target, content: 'anyone' } }),
  );
  expect(anonymous.error).toMatchObject({ code: 'unauthorized', field: 'agent_id' });

  // ada's slow call holds the lease on its key for as long as it runs; bob's waits for it.
  const key = join(files, 'slow.key');
  const order: string[] = [];
  const slow = (agent: string, ms: number) =>
    (
      client.callTool({
        name: 'fix__slow',
        arguments: { ms, key, agent_id: agent },
      }) as Promise<CallToolResult>
    ).then((result) => {
      order.push(agent);
      return result;
    });
  const adaCall = slow('ada', 1_500);
  await until(async () => (await holderOf(key)) === 'ada', 10_000, 20);
  const bobCall = slow('bob', 10);
  const [adaResult, bobResult] = await Promise.all([adaCall, bobCall]);
  expect(adaResult.isError).toBeFalsy();
  expect(bobResult.isError).toBeFalsy();
  expect(order).toEqual(['ada', 'bob']);
  // Released once the call is over (the release follows the answer by a message).
  await until(async () => (await holderOf(key)) === null, 5_000, 20);

  // ada holds the file by acquire_file_lock: with lock_wait_s 0 bob is refused at once…
  await call('acquire_file_lock', { file_path: target, agent_id: 'ada' });
  const refused = structured(
    await client.callTool({
      name: 'strict__write_file',
      arguments: { path: target, content: 'bob, refused', agent_id: 'bob' },
    }),
  );
  expect(refused.error?.code).toBe('locked');
  // …with lock_wait_s 30 bob waits, while ada writes under her own lease (kept after her call).
  let bobDone = false;
  const bobWrite = client
    .callTool({ name: 'files__write_file', arguments: { path: target, content: 'by bob', agent_id: 'bob' } })
    .then((result) => {
      bobDone = true;
      return result as CallToolResult;
    });
  const adaWrite = await client.callTool({
    name: 'files__write_file',
    arguments: { path: target, content: 'by ada', agent_id: 'ada' },
  });
  expect(adaWrite.isError).toBeFalsy();
  expect(await holderOf(target)).toBe('ada');
  expect(bobDone).toBe(false);
  await call('release_file_lock', { file_path: target, agent_id: 'ada' });
  expect((await bobWrite).isError).toBeFalsy();
  expect(readFileSync(target, 'utf8')).toBe('by bob');
  await until(async () => (await holderOf(target)) === null, 5_000, 20);
}, 60_000);
