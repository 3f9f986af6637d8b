/**
 * No downstream process outlives `troupe serve` killed with `kill -9`: a real
 * `troupe serve --config` fronts server-everything started through `sh -c` with a sleeping
 * grandchild beside it (the shell puts a background job's stdin on /dev/null, so only a
 * group kill can reach it), and the fixture server with a grandchild that ignores SIGTERM.
 * After SIGKILL of the troupe process, every server's process group — checked by process
 * group id, with `ps` and `/proc` — is empty within a few seconds.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, expect, it } from 'vitest';
import { listGroupMembers } from '../../actors/gateway/process/process-group.js';
import { EVERYTHING, FIXTURE, psGroupMembers } from '../actors/gateway/servers.js';
import { until } from '../helpers/until.js';
import { CLI, caller, freshDataDir, removeDataDirs } from './serve-client.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  removeDataDirs();
});

it('leaves no server and no grandchild after kill -9 of troupe serve (checked by process group)', async () => {
  const root = freshDataDir('gateway-orphans');
  const config = {
    mcpServers: {
      everything: {
        command: '/bin/sh',
        args: ['-c', `sleep 1000 & exec "${process.execPath}" "${EVERYTHING}" stdio`],
      },
      fixture: { command: process.execPath, args: [FIXTURE, '--name', 'parent', '--grandchild'] },
    },
  };
  writeFileSync(join(root, 'troupe.config.json'), JSON.stringify(config));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'serve', '--data-dir', join(root, '.troupe'), '--durability', 'memory', '--threads', '2'],
    stderr: process.env.TROUPE_TEST_STDERR ? 'inherit' : 'ignore',
  });
  const client = new Client({ name: 'troupe-test', version: '0.0.0' });
  await client.connect(transport);
  const troupePid = transport.pid as number;
  cleanups.push(() => {
    try {
      process.kill(troupePid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  });
  const call = caller(client);
  const pgids = new Map<string, number>();
  await until(
    async () => {
      const servers = (await call('get_server_status', {})).servers as {
        name: string;
        state: string;
        pgid: number | null;
      }[];
      for (const { name, state, pgid } of servers) if (state === 'running' && pgid) pgids.set(name, pgid);
      return pgids.size === 2;
    },
    30_000,
    100,
  );
  // Each group holds its launcher, the server and the grandchild (the shell exec'd the server).
  for (const [name, pgid] of pgids) {
    expect(pgid, name).not.toBe(troupePid);
    await until(() => psGroupMembers(pgid).length >= 3, 10_000, 50);
  }

  process.kill(troupePid, 'SIGKILL');
  // The launchers see their lifeline close: stdin closed, SIGTERM, SIGKILL, each after a grace period.
  for (const [, pgid] of pgids) {
    await until(() => psGroupMembers(pgid).length === 0, 10_000, 50);
    expect(listGroupMembers(pgid)).toEqual([]);
  }
  await client.close().catch(() => {});
}, 60_000);
