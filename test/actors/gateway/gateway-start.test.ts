/**
 * The gateway's server actors started one after another, and the parts of a call the
 * other gateway tests leave out, against the fixture server in a real runtime: with
 * `waitForServers: false` the first server's tools answer while the next one has not been
 * started yet (a stagger apart); a call by capability goes to a server that names it (in
 * `capabilities` or `tags`), in turns among several; every answer says how it was got
 * (server, group, tool, attempts, cache, duration); a server's `timeout_ms`,
 * `max_concurrency`, `idle_shutdown_s` and `tools: { deny }` hold through its actor; hosts
 * hear when the tool list changes; with `orchestration: false` nothing is cached or leased; a
 * server that stops answering its health checks is restarted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import { startGateway } from '../../../actors/gateway/embedding/start-gateway.js';
import { GatewayError } from '../../../actors/gateway/errors.js';
import { listGroupMembers } from '../../../actors/gateway/process/process-group.js';
import { type ActorSystem, createActorSystem, InvalidArgumentError } from '../../../src/kernel/index.js';
import { until } from '../../helpers/until.js';
import { FIXTURE, textOf } from './servers.js';

const node = process.execPath;
/** Long enough that the first server is up well before the second is started, even on a loaded machine. */
const STAGGER_MS = 5_000;
let system: ActorSystem;
let gateway: Gateway;
let startedAt = 0;

beforeAll(async () => {
  system = createActorSystem({ threads: 2 });
  startedAt = Date.now();
  gateway = await startGateway(
    system,
    {
      mcpServers: {
        first: {
          command: node,
          args: [FIXTURE, '--name', 'first'],
          capabilities: ['greeting'],
          // Long enough for the second of two 300 ms calls to wait at the door on a loaded machine
          // (the wait is bounded by timeout_ms too: 400 ms failed once in CI).
          timeout_ms: 1_000,
          max_concurrency: 1,
          tools: { deny: ['crash', 'co*'] },
        },
        second: {
          command: node,
          args: [FIXTURE, '--name', 'second'],
          tags: ['greeting'],
          idle_shutdown_s: 0.5,
        },
      },
    },
    { graceMs: 300, waitForServers: false, startStaggerMs: STAGGER_MS },
  );
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

describe('a staggered start', () => {
  it('serves the first server’s tools while the next one waits its turn to start', async () => {
    // Asked before anything is listed: the call waits for its server's start.
    const early = await gateway.route('first', 'echo', { message: 'early' });
    expect(textOf(early.result)).toBe('first: early');
    const names = (await gateway.listTools()).map(({ name }) => name);
    expect(names).toContain('first__echo');
    expect(names).not.toContain('second__echo');
    const news: string[] = [];
    const unsubscribe = gateway.onListChanged(({ type }) => news.push(type));
    const waiting = await statusOf('second');
    expect(waiting.state).toBe('starting');
    expect(waiting.pgid).toBeUndefined();

    await gateway.settled();
    // The second server's tools joined the list: hosts are told.
    await until(() => news.includes('tools-changed'));
    unsubscribe();
    const second = await statusOf('second');
    expect(second.state).toBe('running');
    expect(second.since).toBeGreaterThanOrEqual(startedAt + STAGGER_MS);
    expect((await gateway.listTools()).map(({ name }) => name)).toContain('second__echo');
  });
});

describe('calls', () => {
  it('exposes only the tools a server’s allow and deny lists let through', async () => {
    const names = (await gateway.listTools()).map(({ name }) => name);
    expect(names).toEqual(expect.arrayContaining(['first__echo', 'second__crash', 'second__count']));
    expect(names).not.toContain('first__crash');
    expect(names).not.toContain('first__count');
    await expect(gateway.route('first', 'crash', {})).rejects.toMatchObject({ code: 'tool_not_found' });
    expect((await statusOf('first')).state).toBe('running');
  });

  it('routes by capability among the servers that name it, in turns, and says how each answer was got', async () => {
    // Equal candidates take turns; a healthier one goes first. So the round counts only while both
    // servers were healthy from before its first call to after its last (a loaded machine can make a
    // health check slow, and that server `degraded`, for a moment): up to three rounds.
    const bothHealthy = async () =>
      (await statusOf('first')).health?.status === 'healthy' &&
      (await statusOf('second')).health?.status === 'healthy';
    let calls: Awaited<ReturnType<typeof gateway.routeByCapability>>[] = [];
    for (let round = 0; round < 3; round++) {
      await until(bothHealthy, 15_000);
      calls = [];
      for (const message of ['a', 'b', 'c', 'd']) {
        calls.push(await gateway.routeByCapability('greeting', 'echo', { message }));
      }
      if (await bothHealthy()) break;
    }
    for (const call of calls) {
      expect(textOf(call.result)).toBe(`${call.server}: ${['a', 'b', 'c', 'd'][calls.indexOf(call)]}`);
      expect(call).toMatchObject({ group: call.server, tool: 'echo', cached: false });
      expect(call.attempts).toEqual([{ server: call.server, round: 1 }]);
      expect(call.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(new Set(calls.map(({ server }) => server))).toEqual(new Set(['first', 'second']));
    await expect(gateway.routeByCapability('translation', 'echo', {})).rejects.toMatchObject({
      code: 'tool_not_found',
      message: 'no server has the capability "translation"',
    });
    await expect(gateway.routeByCapability('greeting', 'translate', {})).rejects.toMatchObject({
      code: 'tool_not_found',
    });
    await expect(gateway.routeByCapability('', 'echo')).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('holds a server’s timeout_ms and max_concurrency in its actor', async () => {
    const hung = await gateway.route('first', 'hang', {}).catch((error: unknown) => error);
    expect(hung).toBeInstanceOf(GatewayError);
    expect((hung as GatewayError).code).toBe('call_timeout');
    // One slot: the second call waits at the door while the first runs.
    const slow = [1, 2].map(() => gateway.route('first', 'slow', { ms: 300 }, { timeoutMs: 5_000 }));
    await until(async () => {
      const { callsInFlight, callsWaiting } = await statusOf('first');
      return callsInFlight === 1 && callsWaiting === 1;
    });
    for (const call of await Promise.all(slow)) expect(textOf(call.result)).toBe('first: slept 300');
  });

  it('rests a server after idle_shutdown_s without calls, and starts it again on the next one', async () => {
    await until(async () => (await statusOf('second')).state === 'idle', 10_000);
    const rested = await statusOf('second');
    expect(rested.pgid).toBeUndefined();
    const again = await gateway.route('second', 'echo', { message: 'awake' });
    expect(textOf(again.result)).toBe('second: awake');
    const { pgid } = await statusOf('second');
    expect(pgid).toBeDefined();
    expect(listGroupMembers(pgid ?? 0)?.length ?? 0).toBeGreaterThan(0);
  });
});

describe('the handle’s copy of cached results', () => {
  it('answers a repeated cached call without asking the directory, counted, until a reload drops the entry', async () => {
    const config = (timeoutMs: number) => ({
      mcpServers: {
        mirrored: {
          command: node,
          args: [FIXTURE, '--name', 'mirrored'],
          cache: { ttl_s: 60 },
          timeout_ms: timeoutMs,
        },
      },
    });
    const mirrored = await startGateway(system, config(5_000), { id: 'mirror-gateway', graceMs: 300 });
    const asked: unknown[] = [];
    const ask = system.ask.bind(system);
    system.ask = ((target, message, options) => {
      asked.push(message);
      return ask(target, message, options);
    }) as typeof system.ask;
    try {
      const first = await mirrored.callTool('mirrored__echo', { message: 'm' });
      expect(first).toMatchObject({ cached: false, server: 'mirrored', cachedUntil: expect.any(Number) });
      expect(asked).toHaveLength(1);
      const second = await mirrored.callTool('mirrored__echo', { message: 'm' });
      expect(second).toEqual({
        result: first.result,
        group: 'mirrored',
        tool: 'echo',
        cached: true,
        attempts: [],
        durationMs: 0,
      });
      expect(asked).toHaveLength(1);
      expect((await mirrored.servers())[0]?.cache).toEqual({ hits: 1, misses: 1 });
      // Another session's call is keyed apart here: the directory answers it from its own cache.
      const otherSession = await mirrored.callTool('mirrored__echo', { message: 'm' }, { sessionId: 's' });
      expect(otherSession.cached).toBe(true);
      expect(asked).toHaveLength(3);
      // A changed entry drops the server's cached results, in the directory and in the copy.
      await mirrored.reload(config(6_000));
      await until(async () => (await mirrored.servers())[0]?.state === 'running');
      const count = asked.length;
      expect((await mirrored.callTool('mirrored__echo', { message: 'm' })).cached).toBe(false);
      expect(asked).toHaveLength(count + 1);
    } finally {
      system.ask = ask;
      await mirrored.stop();
    }
  });
});

describe('a plain gateway (orchestration: false)', () => {
  it('caches no result and takes no lease, whatever the config says', async () => {
    const leases: string[] = [];
    const plain = await startGateway(
      system,
      {
        mcpServers: {
          cached: {
            command: node,
            args: [FIXTURE, '--name', 'plain'],
            cache: { ttl_s: 60 },
            lock_argument: { echo: 'message' },
          },
        },
      },
      {
        id: 'plain-gateway',
        graceMs: 300,
        orchestration: false,
        acquireLease: async (path) => {
          leases.push(path);
          return () => {};
        },
      },
    );
    try {
      const calls = [await plain.callTool('cached__echo', { message: 'm' })];
      calls.push(await plain.callTool('cached__echo', { message: 'm' }));
      for (const call of calls) expect(call).toMatchObject({ cached: false, server: 'cached' });
      expect(leases).toEqual([]);
      expect((await plain.servers())[0]?.cache).toEqual({ hits: 0, misses: 0 });
    } finally {
      await plain.stop();
    }
  });
});

describe('health', () => {
  it('restarts a server that stops answering its checks, which comes back with the same tools', async () => {
    const health = await startGateway(
      system,
      {
        mcpServers: {
          stuck: {
            command: node,
            args: [FIXTURE, '--name', 'stuck'],
            health: { interval_s: 0.3, timeout_ms: 250, slow_ms: 200 },
            restart: { max_restarts: 3, window_s: 60, backoff: { initial_ms: 50, max_ms: 100 } },
          },
        },
      },
      { id: 'health-gateway', graceMs: 300, unhealthyChecksBeforeRestart: 2 },
    );
    try {
      const before = (await health.servers())[0];
      expect(textOf((await health.callTool('stuck__freeze', {})).result)).toBe('stuck: freezing');
      await until(async () => {
        const status = (await health.servers())[0];
        return status?.restarts === 1 && status.state === 'running' && status.health?.status === 'healthy';
      }, 20_000);
      const after = (await health.servers())[0];
      expect(after?.lastError?.message).toMatch(/^unhealthy/);
      expect(after?.toolHash).toBe(before?.toolHash);
      expect(after?.pgid).not.toBe(before?.pgid);
      // The old group ends by its launcher's own stop (grace, SIGTERM, grace, SIGKILL: about
      // three graces), which may still be under way when the new server is already healthy.
      await until(() => (listGroupMembers(before?.pgid ?? 0) ?? []).length === 0, 5_000);
      expect(listGroupMembers(before?.pgid ?? 0) ?? []).toEqual([]);
      expect(textOf((await health.callTool('stuck__echo', { message: 'back' })).result)).toBe('stuck: back');
    } finally {
      await health.stop();
    }
  });
});
