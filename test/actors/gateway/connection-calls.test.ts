/**
 * Calls through a connection: a hung call times out with `call_timeout` (and the server
 * goes on serving), a cancelled one ends with `call_cancelled`, progress notifications of
 * server-everything's long-running tool arrive in order, log messages are forwarded, a
 * crash during a call is `connection_lost` (never retried here), an unknown or denied
 * tool is `tool_not_found`, and health checks tell healthy from degraded.
 */
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionEvent } from '../../../actors/gateway/connection/connection-state.js';
import { ServerConnection } from '../../../actors/gateway/connection/server-connection.js';
import { GatewayError } from '../../../actors/gateway/errors.js';
import { until } from '../../helpers/until.js';
import { EVERYTHING, FIXTURE, serverConfig, textOf } from './servers.js';

let fixture: ServerConnection;
let everything: ServerConnection;
const events: ConnectionEvent[] = [];

beforeAll(async () => {
  fixture = new ServerConnection(
    serverConfig('fixture', {
      command: process.execPath,
      args: [FIXTURE],
      timeout_ms: 5_000,
      tools: { deny: ['count'] },
      canary: { tool: 'fail' },
      restart: { backoff: { initial_ms: 50 } },
    }),
    { graceMs: 300 },
  );
  everything = new ServerConnection(
    serverConfig('everything', { command: process.execPath, args: [EVERYTHING, 'stdio'] }),
    {
      graceMs: 300,
    },
  );
  fixture.onEvent((event) => events.push(event));
  await Promise.all([fixture.start(), everything.start()]);
});
afterAll(async () => {
  await Promise.all([fixture.stop(), everything.stop()]);
});

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(error)}`);
  return error;
}

describe('calls through a connection', () => {
  it('times out a hung call with call_timeout; the server goes on serving', async () => {
    const error = await failure(fixture.callTool('hang', {}, { timeoutMs: 300 }));
    expect(error.gatewayCode).toBe('call_timeout');
    expect(error.code).toBe('call_timeout');
    expect(error.message).toMatch(/"hang" on server "fixture" got no answer within 300 ms/);
    expect(textOf(await fixture.callTool('echo', { message: 'still here' }))).toBe('fixture: still here');
  });

  it('cancels a call with its signal: call_cancelled', async () => {
    const controller = new AbortController();
    const call = fixture.callTool('hang', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect((await failure(call)).gatewayCode).toBe('call_cancelled');
    expect(fixture.inFlight).toBe(0);
  });

  it('forwards the progress notifications of a long-running tool', async () => {
    const progress: Progress[] = [];
    const result = await everything.callTool(
      'trigger-long-running-operation',
      { duration: 0.4, steps: 4 },
      { onProgress: (update) => progress.push(update) },
    );
    expect(textOf(result)).toMatch(/Long running operation completed/);
    expect(progress.map(({ progress: done, total }) => [done, total])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
  });

  it('forwards log messages', async () => {
    await fixture.callTool('log', { message: 'careful' });
    await until(() => events.some((event) => event.type === 'log'));
    const log = events.find((event) => event.type === 'log');
    expect(log?.type === 'log' && log.message).toEqual({
      level: 'warning',
      logger: 'fixture',
      data: 'careful',
    });
  });

  it('refuses an unknown or denied tool with tool_not_found, and passes isError results through', async () => {
    expect((await failure(fixture.callTool('no-such-tool', {}))).gatewayCode).toBe('tool_not_found');
    expect((await failure(fixture.callTool('count', {}))).gatewayCode).toBe('tool_not_found');
    expect(fixture.tools.map((tool) => tool.name)).not.toContain('count');
    const result = await fixture.callTool('fail', {});
    expect(result.isError).toBe(true);
  });

  it('reports degraded when the canary answers with an error, healthy without a canary', async () => {
    const report = await fixture.checkHealth();
    expect(report.status).toBe('degraded');
    expect(report.reasons).toEqual(['canary fail answered with an error']);
    expect(report.toolCount).toBeGreaterThan(5);
    expect((await everything.checkHealth()).status).toBe('healthy');
  });

  it('fails a call in flight when the server crashes (connection_lost), then restarts it', async () => {
    const hung = fixture.callTool('hang', {});
    await until(() => fixture.inFlight === 1);
    const crash = fixture.callTool('crash', {});
    expect((await failure(hung)).gatewayCode).toBe('connection_lost');
    expect((await failure(crash)).gatewayCode).toBe('connection_lost');
    await until(() => fixture.state.kind === 'running', 15_000);
    const crashed = events.find((event) => event.type === 'crashed');
    expect(crashed?.type === 'crashed' && crashed.stderr).toContain(
      'fixture-server fixture: crashing on request',
    );
  });
});
