/**
 * No downstream process outlives troupe: the launcher keeps a stdio server and all its
 * descendants in one process group and stops the whole group when its stdin closes —
 * after a clean close, after the server exits by itself, and after `kill -9` of the
 * process that started it (checked by process group id with `ps`). The fixture's
 * grandchild ignores SIGTERM, so the SIGKILL stage is exercised too.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { listGroupMembers } from '../../../actors/gateway/process/process-group.js';
import { ProcessGroupTransport } from '../../../actors/gateway/process/process-group-transport.js';
import { until } from '../../helpers/until.js';
import { FIXTURE, ORPHAN_HOST, psGroupMembers, textOf } from './servers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function fixtureTransport(...args: string[]) {
  const transport = new ProcessGroupTransport({
    command: process.execPath,
    args: [FIXTURE, ...args],
    env: { PATH: process.env.PATH ?? '' },
    graceMs: 300,
  });
  cleanups.push(() => transport.close());
  return transport;
}

async function connect(transport: ProcessGroupTransport) {
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(transport);
  const who = JSON.parse(textOf((await client.callTool({ name: 'whoami', arguments: {} })) as never)) as {
    pid: number;
    grandchild: number;
  };
  return { client, who };
}

describe('process groups', () => {
  it('runs the server and its grandchild in the launcher’s group, and close() stops all of them', async () => {
    const transport = fixtureTransport('--grandchild');
    const { client, who } = await connect(transport);
    const pgid = transport.pgid ?? -1;
    expect(psGroupMembers(pgid)).toEqual(expect.arrayContaining([pgid, who.pid, who.grandchild]));
    await client.close();
    expect(psGroupMembers(pgid)).toEqual([]);
    // The grandchild keeps the server's event loop alive past stdin's end: SIGTERM ends it (128 + 15).
    expect(transport.exit).toEqual({ code: 143, signal: null });
  });

  it('stops the rest of the group when the server exits by itself, and exits with its code', async () => {
    const transport = fixtureTransport('--grandchild');
    const { client, who } = await connect(transport);
    const pgid = transport.pgid ?? -1;
    await expect(client.callTool({ name: 'crash', arguments: {} })).rejects.toThrow(/Connection closed/);
    await until(() => transport.exit !== undefined);
    expect(transport.exit).toEqual({ code: 1, signal: null });
    expect(psGroupMembers(pgid)).toEqual([]);
    expect(listGroupMembers(pgid)).toEqual([]);
    expect(psGroupMembers(who.grandchild)).toEqual([]);
    expect(transport.stderrTail.lines()).toContain('fixture-server fixture: crashing on request');
  });

  it('leaves no process of the group after kill -9 of the process that started the server', async () => {
    const host = spawn(process.execPath, [ORPHAN_HOST], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => {
      if (host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
    });
    const lines = createInterface({ input: host.stdout });
    const first = await new Promise<string>((resolve) => lines.once('line', resolve));
    const { pgid, server, grandchild } = JSON.parse(first) as {
      pgid: number;
      server: number;
      grandchild: number;
    };
    expect(psGroupMembers(pgid)).toEqual(expect.arrayContaining([pgid, server, grandchild]));
    expect(pgid).not.toBe(host.pid);

    host.kill('SIGKILL');
    await until(() => psGroupMembers(pgid).length === 0, 10_000, 50);
    expect(listGroupMembers(pgid)).toEqual([]);
  });

  it('reports a command that cannot be started with exit code 127 and a stderr line', async () => {
    const transport = new ProcessGroupTransport({
      command: 'no-such-command-troupe',
      env: { PATH: '/nonexistent' },
    });
    await transport.start();
    await until(() => transport.exit !== undefined);
    expect(transport.exit?.code).toBe(127);
    expect(transport.stderrTail.lines().join('\n')).toMatch(/cannot start "no-such-command-troupe"/);
  });
});
