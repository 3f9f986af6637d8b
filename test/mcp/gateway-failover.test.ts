/**
 * Failover, restarts and crash loops through a real `troupe serve --config`, driven by the
 * SDK `Client` (which lists the tools first, so every result is checked against its listed
 * schema): two server-filesystem processes in one `provider` group, two fixture servers in
 * another (the fixture's `hang` is a slow, non-idempotent tool, which no real server offers),
 * a server whose command exits at once, and one missing its `required_env`.
 *
 * - the killed member of a group: the next calls of a read-only tool fail over with no error,
 *   and the member is back — running, healthy, the same tool list — within its backoff;
 * - a non-idempotent call in flight when its server dies: `connection_lost`, never retried
 *   on the other member;
 * - the crashing server ends in `crash_loop` with its last stderr lines in
 *   `get_server_status`, and `health` says `degraded` naming it (and the one missing env);
 * - `restart_server` needs an agent's identity and the status says who asked.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { FILESYSTEM, FIXTURE, textOf } from '../actors/gateway/servers.js';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs, structured } from './serve-client.js';

const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  removeDataDirs();
});

interface Status {
  name: string;
  state: string;
  pgid: number | null;
  restarts: number;
  health: string;
  tool_hash: string;
  tool_count: number;
  calls_in_flight: number;
  last_error: { message: string; stderr: string[] } | null;
  last_restart: { by: string; at: string } | null;
}

async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const restartQuickly = { max_restarts: 5, window_s: 60, backoff: { initial_ms: 200, max_ms: 1_000 } };

describe('troupe serve --config: failover, restart and crash loop', () => {
  it('fails over, brings a killed server back, never retries a non-idempotent call, and ends a crash loop in crash_loop', async () => {
    const root = freshDataDir('gateway-failover');
    const files = join(root, 'files');
    mkdirSync(files);
    writeFileSync(join(files, 'hello.txt'), 'hello from a replicated server\n');
    const filesystem = { command: process.execPath, args: [FILESYSTEM, files], provider: 'files' };
    const fixture = (name: string) => ({
      command: process.execPath,
      args: [FIXTURE, '--name', name],
      provider: 'fix',
      restart: restartQuickly,
    });
    const config = {
      mcpServers: {
        'files-a': { ...filesystem, restart: restartQuickly },
        'files-b': { ...filesystem, restart: restartQuickly },
        'fix-a': fixture('fix-a'),
        'fix-b': fixture('fix-b'),
        crasher: {
          command: process.execPath,
          args: ['-e', "console.error('boom: the crasher has no config'); process.exit(1)"],
          restart: { max_restarts: 2, window_s: 60, backoff: { initial_ms: 50, max_ms: 100 } },
        },
        needy: {
          command: process.execPath,
          args: [FIXTURE],
          required_env: ['TROUPE_TEST_NEVER_SET'],
        },
      },
    };
    writeFileSync(join(root, 'troupe.config.json'), JSON.stringify(config));
    const client = await connect(join(root, '.troupe'), ['--durability', 'memory']);
    clients.push(client);
    const call = caller(client);
    const status = async (server: string) =>
      ((await call('get_server_status', { server })).servers as Status[])[0] as Status;
    await poll(async () => {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      return ['files__read_text_file', 'fix__hang', 'fix__stats'].every((name) => names.includes(name))
        ? true
        : undefined;
    });
    const running = (server: string) =>
      poll(async () => {
        const found = await status(server);
        return found.state === 'running' && found.health === 'healthy' ? found : undefined;
      });
    const [before] = await Promise.all([
      running('files-a'),
      running('files-b'),
      running('fix-a'),
      running('fix-b'),
    ]);

    // Kill one member of the `files` group: every call of the read-only tool still answers.
    process.kill(-(before.pgid as number), 'SIGKILL');
    const read = { name: 'files__read_text_file', arguments: { path: join(files, 'hello.txt') } };
    for (let i = 0; i < 4; i++) {
      const answer = (await client.callTool(read)) as CallToolResult;
      expect(answer.isError, JSON.stringify(answer.content)).toBeFalsy();
      expect(textOf(answer)).toContain('hello from a replicated server');
    }
    // Back within its backoff (200 ms, then its start): running, healthy, the same tools.
    const back = await poll(async () => {
      const found = await status('files-a');
      return found.state === 'running' && found.health === 'healthy' && found.pgid !== before.pgid
        ? found
        : undefined;
    }, 10_000);
    expect(back.restarts).toBeGreaterThanOrEqual(1);
    expect(back.tool_hash).toBe(before.tool_hash);
    expect(back.tool_count).toBe(before.tool_count);

    // A non-idempotent call in flight when its server dies: a clear error, not a retry.
    const hanging = client.callTool({ name: 'fix__hang', arguments: {} }, undefined, { timeout: 30_000 });
    const busy = await poll(async () => {
      for (const server of ['fix-a', 'fix-b']) {
        const found = await status(server);
        if (found.calls_in_flight > 0) return found;
      }
      return undefined;
    });
    process.kill(-(busy.pgid as number), 'SIGKILL');
    const failed = structured(await hanging);
    expect(failed.error?.code).toBe('connection_lost');
    const other = busy.name === 'fix-a' ? 'fix-b' : 'fix-a';
    const stats = await client.callTool({
      name: 'route_request',
      arguments: { vendor: other, tool: 'stats' },
    });
    const otherCalls = JSON.parse(textOf(structured(stats).result as CallToolResult)) as {
      calls: Record<string, number>;
    };
    expect(otherCalls.calls.hang ?? 0).toBe(0);

    // The crashing server gives up: crash_loop, with its last stderr lines.
    const looped = await poll(async () => {
      const found = await status('crasher');
      return found.state === 'crash_loop' ? found : undefined;
    });
    expect(looped.last_error?.stderr.join('\n')).toContain('boom: the crasher has no config');
    const needy = await status('needy');
    expect(needy.state).toBe('missing_env');

    // health: degraded, the gateway check naming both servers and why.
    const health = await call('health', {});
    expect(health.status).toBe('degraded');
    const gatewayCheck = (health.checks as { name: string; status: string; detail: string }[]).find(
      (check) => check.name === 'gateway',
    );
    expect(gatewayCheck?.status).toBe('degraded');
    expect(gatewayCheck?.detail).toMatch(/crasher \(crash_loop/);
    expect(gatewayCheck?.detail).toContain('boom: the crasher has no config');
    expect(gatewayCheck?.detail).toContain('needy (missing_env: TROUPE_TEST_NEVER_SET)');

    // restart_server needs an identity, and says who asked.
    const anonymous = await call('restart_server', { server: 'files-b' });
    expect(anonymous.error?.field).toBe('agent_id');
    const unproven = await call('restart_server', { server: 'files-b', agent_id: 'stranger' });
    expect(unproven.error?.code).toBe('unauthorized');
    await registerAgent(client, 'operator-ada');
    const restarted = await call('restart_server', { server: 'files-b', agent_id: 'operator-ada' });
    const restartedStatus = restarted.server as Status;
    expect(restartedStatus.state).toBe('running');
    expect(restartedStatus.last_restart?.by).toBe('operator-ada');
    expect((await status('files-b')).last_restart?.by).toBe('operator-ada');
  }, 90_000);
});
