/**
 * No downstream process outlives the process running the runtime: after `kill -9` of a
 * service whose actor system runs the gateway (its server actors on worker threads), every
 * server's process group — the server and its grandchild included — is gone, checked by
 * process group id with `ps`.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { listGroupMembers } from '../../../actors/gateway/process/process-group.js';
import { until } from '../../helpers/until.js';
import { psGroupMembers } from './servers.js';

const HOST = fileURLToPath(new URL('../../fixtures/gateway/gateway-host.js', import.meta.url));
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

it('leaves no server, and no grandchild, after kill -9 of the process running the runtime', async () => {
  const host = spawn(process.execPath, [HOST], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => {
    if (host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
  });
  const lines = createInterface({ input: host.stdout });
  const first = await new Promise<string>((resolve) => lines.once('line', resolve));
  const groups = JSON.parse(first) as { pgid: number; server: number; grandchild: number | null }[];
  expect(groups).toHaveLength(2);
  for (const { pgid, server, grandchild } of groups) {
    expect(pgid).not.toBe(host.pid);
    const alive = grandchild === null ? [pgid, server] : [pgid, server, grandchild];
    expect(psGroupMembers(pgid)).toEqual(expect.arrayContaining(alive));
  }
  expect(groups.some(({ grandchild }) => grandchild !== null)).toBe(true);

  host.kill('SIGKILL');
  for (const { pgid } of groups) {
    await until(() => psGroupMembers(pgid).length === 0, 10_000, 50);
    expect(listGroupMembers(pgid)).toEqual([]);
  }
}, 60_000);
