/**
 * A connection's life: a killed server is back within its backoff with the same tool
 * hash; a server that keeps crashing ends in `crash_loop` with its last stderr lines, and
 * an operator's restart tries again; a server whose `required_env` is missing is never
 * started and says which variables; `disabled` servers stay down; an idle server is
 * stopped and started again by the next call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GATEWAY_DEFAULTS } from '../../../actors/gateway/config/server-config.js';
import type { ConnectionStateKind } from '../../../actors/gateway/connection/connection-state.js';
import { ServerConnection } from '../../../actors/gateway/connection/server-connection.js';
import { GatewayError } from '../../../actors/gateway/errors.js';
import { listGroupMembers } from '../../../actors/gateway/process/process-group.js';
import { until } from '../../helpers/until.js';
import { EVERYTHING, envRef, FIXTURE, pidsWith, psGroupMembers, serverConfig, textOf } from './servers.js';

const connections: ServerConnection[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.stop()));
});

function connect(
  name: string,
  entry: Record<string, unknown>,
  env: Record<string, string | undefined> = process.env,
) {
  const connection = new ServerConnection(serverConfig(name, entry), { graceMs: 300, env });
  connections.push(connection);
  const states: ConnectionStateKind[] = [];
  connection.onEvent((event) => {
    if (event.type === 'state') states.push(event.state.kind);
  });
  return { connection, states };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof GatewayError ? error.gatewayCode : String(error);
  }
}

describe('restart and crash loop', () => {
  it('restarts a killed server within its backoff, with the same tool hash', async () => {
    const backoff = { initial_ms: 200, max_ms: 1_000, factor: 2 };
    const { connection, states } = connect('everything', {
      command: process.execPath,
      args: [EVERYTHING, 'stdio'],
      restart: { max_restarts: 3, window_s: 60, backoff },
    });
    await connection.start();
    const hash = connection.toolHash;
    const state = connection.state;
    if (state.kind !== 'running' || state.pgid === undefined) throw new Error(`not running: ${state.kind}`);
    const server = (listGroupMembers(state.pgid) ?? []).find((pid) => pid !== state.pgid);
    expect(server).toBeDefined();

    process.kill(server ?? -1, 'SIGKILL');
    await until(() => connection.state.kind === 'backoff');
    const down = connection.state;
    expect(down.kind === 'backoff' && down.lastError).toMatch(/exited with code 137|killed by SIGKILL/);
    expect(down.kind === 'backoff' && down.until - Date.now()).toBeLessThanOrEqual(backoff.initial_ms);
    await until(() => connection.state.kind === 'running', 15_000);
    expect(states).toEqual(['starting', 'running', 'backoff', 'starting', 'running']);
    expect(connection.toolHash).toBe(hash);
    expect(connection.restarts).toBe(1);
    expect(connection.health?.status).toBe('healthy');
    expect(psGroupMembers(state.pgid)).toEqual([]);
    expect(textOf(await connection.callTool('echo', { message: 'back' }))).toBe('Echo: back');
  });

  it('ends a crash loop in crash_loop with the last stderr lines; an operator restart tries again', async () => {
    const { connection, states } = connect('crasher', {
      command: process.execPath,
      args: [FIXTURE, '--name', 'crasher', '--crash-on-start'],
      restart: { max_restarts: 2, window_s: 60, backoff: { initial_ms: 20, max_ms: 50 } },
    });
    await connection.start();
    await until(() => connection.state.kind === 'crash_loop', 20_000);
    const state = connection.state;
    if (state.kind !== 'crash_loop') throw new Error(state.kind);
    expect(state.crashesInWindow).toBe(3);
    expect(state.stderr).toContain('fixture-server crasher: crashing on start on purpose');
    expect(state.lastError).toMatch(/could not start/);
    expect(states.filter((kind) => kind === 'starting')).toHaveLength(3);
    const refusal = connection.callTool('whoami', {}).catch((error: unknown) => error);
    const error = await refusal;
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).gatewayCode).toBe('crash_loop');
    expect((error as GatewayError).stderr).toContain('fixture-server crasher: crashing on start on purpose');

    await connection.restart();
    expect(connection.restarts).toBe(1);
    await until(() => connection.state.kind === 'crash_loop', 20_000);
    expect(states.filter((kind) => kind === 'starting')).toHaveLength(6);
  });

  it('does not start a server whose required_env is missing, and names the variables', async () => {
    const { connection, states } = connect(
      'needs-keys',
      {
        command: process.execPath,
        args: [FIXTURE, '--name', 'needs-keys', '--token', envRef('TROUPE_TEST_TOKEN')],
        required_env: ['TROUPE_TEST_API_KEY', 'TROUPE_TEST_PRESENT'],
      },
      { TROUPE_TEST_PRESENT: 'yes' },
    );
    await connection.start();
    expect(connection.state).toEqual({
      kind: 'missing_env',
      missing: ['TROUPE_TEST_API_KEY', 'TROUPE_TEST_TOKEN'],
    });
    expect(states).toEqual(['missing_env']);
    expect(await codeOf(connection.callTool('whoami', {}))).toBe('missing_env');
  });

  it('keeps a disabled server down', async () => {
    const { connection } = connect('off', { command: process.execPath, args: [FIXTURE], disabled: true });
    await connection.start();
    expect(connection.state.kind).toBe('disabled');
    expect(await codeOf(connection.callTool('whoami', {}))).toBe('server_unavailable');
  });

  it('cuts a start short when stopped during a handshake that would only time out', async () => {
    const marker = `mute-${process.pid}-${Date.now()}`;
    const { connection } = connect('mute', {
      command: process.execPath,
      args: [FIXTURE, '--mute', '--name', marker],
    });
    const starting = connection.start();
    // The launcher and the server both carry the marker on their command lines.
    await until(() => pidsWith(marker).length === 2, 10_000, 50);
    const startedAt = Date.now();
    await connection.stop();
    await starting;
    expect(Date.now() - startedAt).toBeLessThan(GATEWAY_DEFAULTS.startupTimeoutMs);
    expect(connection.state.kind).toBe('stopped');
    expect(pidsWith(marker)).toEqual([]);
  });

  it('stops an idle server and starts it again on the next call', async () => {
    const { connection, states } = connect('sleepy', {
      command: process.execPath,
      args: [FIXTURE, '--name', 'sleepy'],
      idle_shutdown_s: 0.3,
    });
    await connection.start();
    const first = JSON.parse(textOf(await connection.callTool('whoami', {}))) as { pid: number };
    await until(() => connection.state.kind === 'idle');
    expect(psGroupMembers(first.pid)).toEqual([]);
    const second = JSON.parse(textOf(await connection.callTool('whoami', {}))) as { pid: number };
    expect(second.pid).not.toBe(first.pid);
    expect(states.slice(0, 5)).toEqual(['starting', 'running', 'idle', 'starting', 'running']);
    expect(connection.restarts).toBe(0);
  });
});
