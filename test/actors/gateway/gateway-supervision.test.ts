/**
 * The gateway's server actors supervising their processes, and the gateway's interface for
 * actors: a server that keeps crashing ends in `crash_loop` with its last stderr lines and
 * stays there until an operator restarts it or its config changes; a server lacking its
 * `required_env` is `missing_env`, naming the variable; an actor calls a tool by telling the
 * directory, hears the outcome as a message, and its idempotency key reaches the server in
 * `_meta`; malformed requests are refused naming the field; `stop()` leaves no process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayCallEvent } from '../../../actors/gateway/call-events.js';
import { IDEMPOTENCY_META_KEY } from '../../../actors/gateway/call-events.js';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import { gatewayRef, startGateway } from '../../../actors/gateway/embedding/start-gateway.js';
import { GatewayError } from '../../../actors/gateway/errors.js';
import { listGroupMembers } from '../../../actors/gateway/process/process-group.js';
import {
  type ActorSystem,
  createActorSystem,
  DuplicateActorIdError,
  InvalidArgumentError,
} from '../../../src/kernel/index.js';
import { ToolCaller } from '../../fixtures/gateway/tool-caller.js';
import { until } from '../../helpers/until.js';
import { FIXTURE, textOf } from './servers.js';

const node = process.execPath;
const ABSENT = 'TROUPE_GATEWAY_TEST_ABSENT_VARIABLE';
const crasher = {
  command: node,
  args: [FIXTURE, '--name', 'crasher', '--crash-on-start'],
  restart: { max_restarts: 2, window_s: 60, backoff: { initial_ms: 50, max_ms: 100 } },
};
const config = {
  mcpServers: {
    fixture: { command: node, args: [FIXTURE, '--name', 'steady'] },
    crasher,
    'needs-env': { command: node, args: [FIXTURE], required_env: [ABSENT] },
  },
};
let system: ActorSystem;
let gateway: Gateway;

beforeAll(async () => {
  delete process.env[ABSENT];
  system = createActorSystem({ threads: 2 });
  gateway = await startGateway(system, config, { graceMs: 300 });
});
afterAll(async () => {
  await gateway?.stop();
  await system?.shutdown();
});

async function statusOf(server: string) {
  const status = (await gateway.servers()).find(({ name }) => name === server);
  if (!status) throw new Error(`no status for ${server}`);
  return status;
}

describe('server actors supervising their processes', () => {
  it('ends a crash loop in crash_loop with the last stderr lines, and stays there', async () => {
    await until(async () => (await statusOf('crasher')).state === 'crash_loop', 15_000);
    const status = await statusOf('crasher');
    expect(status.restarts).toBe(3);
    expect(status.lastError?.message).toMatch(/could not start/);
    expect(status.lastError?.stderr).toEqual(
      expect.arrayContaining(['fixture-server crasher: crashing on start on purpose']),
    );
    const error = await gateway.route('crasher', 'whoami', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'crash_loop', server: 'crasher' });
    expect((error as GatewayError).stderr).toEqual(
      expect.arrayContaining(['fixture-server crasher: crashing on start on purpose']),
    );
  });

  it('tries again on an operator restart, and leaves the crash loop when its config changes', async () => {
    const restarted = await gateway.restartServer('crasher');
    // The restart forgets past crashes; the first crash of the new start settles it in backoff.
    expect(restarted.restarts).toBe(1);
    await until(async () => (await statusOf('crasher')).state === 'crash_loop', 15_000);
    const diff = await gateway.reload({
      mcpServers: { ...config.mcpServers, crasher: { ...crasher, args: [FIXTURE, '--name', 'crasher'] } },
    });
    expect(diff.changed).toEqual([{ name: 'crasher', fields: ['transport'], restart: true }]);
    expect((await statusOf('crasher')).state).toBe('running');
    expect(textOf((await gateway.callTool('crasher__echo', { message: 'back' })).result)).toBe(
      'crasher: back',
    );
  });

  it('does not start a server that lacks its required_env, and names the variable', async () => {
    const status = await statusOf('needs-env');
    expect(status.state).toBe('missing_env');
    expect(status.requiredEnvStatus).toEqual([{ name: ABSENT, status: 'missing' }]);
    const error = await gateway.callTool('needs-env__whoami', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'missing_env', server: 'needs-env', missingEnv: [ABSENT] });
    const capabilities = await gateway.discoverCapabilities();
    expect(capabilities.servers.find(({ server }) => server === 'needs-env')).toMatchObject({
      state: 'missing_env',
      tools: [],
    });
  });
});

describe('the gateway’s interface for actors', () => {
  it('takes a told call from an actor and tells it the outcome; the idempotency key goes downstream in _meta', async () => {
    const events: GatewayCallEvent[] = [];
    const report = system.receive<GatewayCallEvent>((event) => events.push(event));
    const caller = await system.spawn(ToolCaller);
    const directory = gatewayRef(system);
    await caller.tell({
      type: 'call',
      gateway: directory,
      callId: 'run-1/step-1',
      name: 'fixture__meta',
      arguments: {},
      report: report.ref,
    });
    await until(() => events.some(({ type }) => type === 'done'));
    const done = events.find((event) => event.type === 'done');
    expect(done?.type === 'done' && done.outcome.ok).toBe(true);
    if (done?.type === 'done' && done.outcome.ok) {
      expect(JSON.parse(textOf(done.outcome.value.result))).toMatchObject({
        [IDEMPOTENCY_META_KEY]: 'key-run-1/step-1',
      });
      expect(done.outcome.value.server).toBe('fixture');
    }
    // A cancelled call from an actor ends with call_cancelled, told the same way.
    events.length = 0;
    await caller.tell({
      type: 'call',
      gateway: directory,
      callId: 'run-1/step-2',
      name: 'fixture__hang',
      arguments: {},
      report: report.ref,
    });
    await until(async () => {
      const stats = JSON.parse(textOf((await gateway.callTool('fixture__stats', {})).result)) as {
        calls: { hang?: number };
      };
      return (stats.calls.hang ?? 0) > 0;
    });
    await caller.tell({ type: 'cancel', gateway: directory, callId: 'run-1/step-2' });
    await until(() => events.some(({ type }) => type === 'done'));
    const cancelled = events.find((event) => event.type === 'done');
    expect(cancelled?.type === 'done' && !cancelled.outcome.ok && cancelled.outcome.error.code).toBe(
      'call_cancelled',
    );
    report.close();
  });

  it('refuses malformed requests naming the field, and a second gateway of the same id', async () => {
    await expect(gateway.callTool('fixture__echo', { message: 'x' }, { timeoutMs: -1 })).rejects.toThrow(
      new InvalidArgumentError('options.timeoutMs', 'must be > 0'),
    );
    await expect(gateway.callTool('', {})).rejects.toBeInstanceOf(InvalidArgumentError);
    const refused = await system.ask(gatewayRef(system), {
      type: 'call-tool',
      name: 'fixture__echo',
      arguments: 'x',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'call.arguments' },
    });
    await expect(gateway.callTool('nobody__nothing', {})).rejects.toMatchObject({ code: 'tool_not_found' });
    await expect(startGateway(system, config)).rejects.toBeInstanceOf(DuplicateActorIdError);
  });

  it('stops every server’s process group on stop()', async () => {
    const pgids = (await gateway.servers()).flatMap(({ pgid }) => (pgid === undefined ? [] : [pgid]));
    expect(pgids.length).toBeGreaterThanOrEqual(2);
    await gateway.stop();
    for (const pgid of pgids) expect(listGroupMembers(pgid)).toEqual([]);
    await expect(gateway.listTools()).rejects.toMatchObject({ code: 'server_unavailable' });
  });
});
