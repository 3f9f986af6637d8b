/**
 * Routing policy, with servers played by functions: failover to the next provider when it
 * is safe and never otherwise, retry rounds with Step Functions / Temporal backoff,
 * candidates ordered by health and load, and each server's door — circuit breaker, rate
 * limit, concurrency limit. Time is a manual clock; sleeps are recorded, not waited.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import type { RetryConfig } from '../../../actors/gateway/config/server-config.js';
import { GATEWAY_DEFAULTS } from '../../../actors/gateway/config/server-config.js';
import { GatewayError, type GatewayErrorCode } from '../../../actors/gateway/errors.js';
import { ProviderIndex } from '../../../actors/gateway/routing/provider-index.js';
import { retryDelayMs } from '../../../actors/gateway/routing/retry-policy.js';
import { type CandidateHealth, Router } from '../../../actors/gateway/routing/router.js';
import { ServerGuard, type ServerLimits } from '../../../actors/gateway/routing/server-guard.js';
import { isCacheableTool, isRetryableTool } from '../../../actors/gateway/routing/tool-policy.js';
import { createManualClock } from '../../../actors/supervisors/flood/clock.js';

const NO_RETRY: RetryConfig = GATEWAY_DEFAULTS.noRetry;
const RETRY: RetryConfig = {
  intervalMs: 100,
  backoffRate: 2,
  maxAttempts: 3,
  maxDelayMs: 1_000,
  jitter: 'none',
};

function setup(
  limits: Partial<Record<string, Partial<ServerLimits>>> = {},
  health: Record<string, CandidateHealth> = {},
) {
  const clock = createManualClock(0);
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock.advance(ms);
  };
  const guards = new Map<string, ServerGuard>();
  const guardOf = (server: string) => {
    let guard = guards.get(server);
    if (!guard) {
      guard = new ServerGuard(
        server,
        { circuit: GATEWAY_DEFAULTS.circuit, ...limits[server] },
        { clock, sleep },
      );
      guards.set(server, guard);
    }
    return guard;
  };
  const router = new Router({
    guardOf,
    healthOf: (server) => health[server] ?? 'healthy',
    sleep,
    random: () => 0.5,
  });
  return { clock, sleeps, guardOf, router };
}

const failing = (code: GatewayErrorCode) => new GatewayError(code, code);

/** A set of servers: each answers with its name or throws what the script says. */
function servers(script: Record<string, GatewayErrorCode[]>) {
  const calls: string[] = [];
  const invoke = async (server: string) => {
    calls.push(server);
    const code = script[server]?.shift();
    if (code) throw failing(code);
    return `answer of ${server}`;
  };
  return { calls, invoke };
}

const request = (candidates: string[], retryable: boolean, retry = NO_RETRY) => ({
  tool: 'read',
  candidates,
  retryable,
  retry,
  maxWaitMs: 1_000,
});

describe('failover', () => {
  it('moves on after a failure that never reached the server, for any tool', async () => {
    const { router } = setup();
    const { calls, invoke } = servers({ a: ['server_unavailable'] });
    const outcome = await router.route(request(['a', 'b'], false), invoke);
    expect(outcome.value).toBe('answer of b');
    expect(calls).toEqual(['a', 'b']);
    expect(outcome.attempts.map(({ server, error }) => [server, error?.gatewayCode])).toEqual([
      ['a', 'server_unavailable'],
      ['b', undefined],
    ]);
  });

  it('after a timeout or a lost connection, moves on only for a retryable tool — never duplicating an effect', async () => {
    for (const code of ['call_timeout', 'connection_lost'] as const) {
      const { router } = setup();
      const unsafe = servers({ a: [code] });
      await expect(router.route(request(['a', 'b'], false), unsafe.invoke)).rejects.toMatchObject({
        gatewayCode: code,
      });
      expect(unsafe.calls).toEqual(['a']);
      const safe = servers({ a: [code] });
      expect((await setup().router.route(request(['a', 'b'], true), safe.invoke)).value).toBe('answer of b');
      expect(safe.calls).toEqual(['a', 'b']);
    }
  });

  it('ends at a final failure: the caller cancelled, or the server answered with an error', async () => {
    for (const code of ['call_cancelled', 'downstream_error'] as const) {
      const { calls, invoke } = servers({ a: [code] });
      await expect(setup().router.route(request(['a', 'b'], true), invoke)).rejects.toMatchObject({
        gatewayCode: code,
      });
      expect(calls).toEqual(['a']);
    }
  });

  it('retries in rounds with exponential backoff up to max_attempts, then reports every server', async () => {
    const { router, sleeps } = setup();
    const { calls, invoke } = servers({
      a: ['call_timeout', 'call_timeout', 'call_timeout'],
      b: ['server_unavailable', 'server_unavailable', 'server_unavailable'],
    });
    const error = await router.route(request(['a', 'b'], true, RETRY), invoke).then(
      () => undefined,
      (caught: GatewayError) => caught,
    );
    expect(calls).toHaveLength(6);
    expect(sleeps).toEqual([100, 200]);
    expect(error?.gatewayCode).toBe('server_unavailable');
    expect(error?.message).toMatch(/no server could answer "read": a: call_timeout; b: server_unavailable/);
  });

  it('keeps a single server’s own error, and succeeds on a later round', async () => {
    const { router, sleeps } = setup();
    const flaky = servers({ a: ['call_timeout'] });
    expect((await router.route(request(['a'], true, RETRY), flaky.invoke)).value).toBe('answer of a');
    expect(sleeps).toEqual([100]);
    const looping = servers({ a: ['crash_loop', 'crash_loop', 'crash_loop'] });
    await expect(router.route(request(['a'], false, RETRY), looping.invoke)).rejects.toMatchObject({
      gatewayCode: 'crash_loop',
    });
  });
});

describe('ordering', () => {
  it('tries healthy before degraded before unhealthy, and takes turns among equals', async () => {
    const { router } = setup({}, { a: 'unhealthy', b: 'degraded', c: 'healthy', d: 'healthy' });
    expect(router.order(['a', 'b', 'c', 'd'])).toEqual(['c', 'd', 'b', 'a']);
    expect(router.order(['a', 'b', 'c', 'd'])).toEqual(['c', 'd', 'b', 'a']);
    expect(router.order(['a', 'b', 'c', 'd'])).toEqual(['c', 'd', 'b', 'a']);
    expect(router.order(['a', 'b', 'c', 'd'])).toEqual(['d', 'c', 'b', 'a']);
  });

  it('prefers the server with the fewest calls in flight', async () => {
    const { router } = setup();
    let release = () => {};
    const held = router.route(request(['a', 'b'], true), (server) =>
      server === 'a'
        ? new Promise<string>((resolve) => (release = () => resolve(server)))
        : Promise.resolve(server),
    );
    await Promise.resolve();
    expect(router.order(['a', 'b'])).toEqual(['b', 'a']);
    release();
    expect((await held).server).toBe('a');
  });
});

describe('the door to a server', () => {
  it('opens the circuit after server failures and skips that server until it half-opens', async () => {
    const circuit = { ...GATEWAY_DEFAULTS.circuit, minimumCalls: 2, failureRatio: 0.5, openMs: 5_000 };
    const { router, guardOf, clock } = setup({ a: { circuit } });
    const { calls, invoke } = servers({ a: ['call_timeout', 'call_timeout'] });
    for (let i = 0; i < 2; i++) {
      await expect(guardOf('a').run({ maxWaitMs: 0 }, () => invoke('a'))).rejects.toMatchObject({
        gatewayCode: 'call_timeout',
      });
    }
    expect(guardOf('a').isOpen).toBe(true);
    calls.length = 0;
    expect((await router.route(request(['a', 'b'], true), invoke)).server).toBe('b');
    expect(calls).toEqual(['b']);
    await expect(guardOf('a').run({ maxWaitMs: 0 }, () => invoke('a'))).rejects.toMatchObject({
      gatewayCode: 'circuit_open',
      retryAfterMs: 5_000,
    });
    clock.advance(5_000);
    expect(await guardOf('a').run({ maxWaitMs: 0 }, () => invoke('a'))).toBe('answer of a');
  });

  it('does not count a tool’s own errors against the circuit', async () => {
    const { guardOf } = setup({ a: { circuit: { ...GATEWAY_DEFAULTS.circuit, minimumCalls: 1 } } });
    await expect(
      guardOf('a').run({ maxWaitMs: 0 }, async () => Promise.reject(failing('downstream_error'))),
    ).rejects.toThrow();
    expect(guardOf('a').isOpen).toBe(false);
  });

  it('spaces calls at the rate limit, and refuses one that would wait too long', async () => {
    const { guardOf, sleeps } = setup({ a: { rate: { perSecond: 10, burst: 2 } } });
    const guard = guardOf('a');
    const run = (maxWaitMs: number) => guard.run({ maxWaitMs }, async () => 'ok');
    await run(0);
    await run(0);
    expect(sleeps).toEqual([]);
    await run(1_000);
    expect(sleeps).toEqual([100]);
    await expect(run(50)).rejects.toMatchObject({ gatewayCode: 'rate_limited', retryAfterMs: 100 });
  });

  it('queues calls beyond max_concurrency and refuses one that waited too long', async () => {
    const clock = createManualClock(0);
    const guard = new ServerGuard(
      'a',
      { maxConcurrency: 1, circuit: GATEWAY_DEFAULTS.circuit },
      { clock, sleep: async () => {} },
    );
    let release = () => {};
    const first = guard.run(
      { maxWaitMs: 0 },
      () => new Promise<string>((resolve) => (release = () => resolve('first'))),
    );
    const order: string[] = [];
    const second = guard.run({ maxWaitMs: 5_000 }, async () => {
      order.push('second');
      return 'second';
    });
    await expect(guard.run({ maxWaitMs: 20 }, async () => 'third')).rejects.toMatchObject({
      gatewayCode: 'server_busy',
    });
    expect(guard.inFlight).toBe(1);
    release();
    expect(await first).toBe('first');
    expect(await second).toBe('second');
    expect(order).toEqual(['second']);
    const controller = new AbortController();
    const held = guard.run(
      { maxWaitMs: 0 },
      () => new Promise<string>((resolve) => (release = () => resolve('held'))),
    );
    const waiting = guard.run({ maxWaitMs: 5_000, signal: controller.signal }, async () => 'never');
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ gatewayCode: 'call_cancelled' });
    release();
    await held;
    expect(guard.inFlight).toBe(0);
  });
});

describe('policies', () => {
  it('computes retry delays as Step Functions / Temporal do, with full jitter and the server’s hint', () => {
    const retry = {
      intervalMs: 1_000,
      backoffRate: 2,
      maxAttempts: 5,
      maxDelayMs: 5_000,
      jitter: 'none',
    } as const;
    expect([1, 2, 3, 4].map((round) => retryDelayMs(retry, round, Math.random))).toEqual([
      1_000, 2_000, 4_000, 5_000,
    ]);
    expect(retryDelayMs({ ...retry, jitter: 'full' }, 2, () => 0.25)).toBe(500);
    expect(retryDelayMs(retry, 1, Math.random, 3_000)).toBe(3_000);
    expect(retryDelayMs(retry, 1, Math.random, 60_000)).toBe(5_000);
  });

  it('says which tools may be retried and cached, from annotations or config', () => {
    const tool = (name: string, annotations?: Tool['annotations']) => ({
      name,
      ...(annotations ? { annotations } : {}),
    });
    expect(isRetryableTool(tool('read', { readOnlyHint: true }), { retryable: [] })).toBe(true);
    expect(isRetryableTool(tool('put', { idempotentHint: true }), { retryable: [] })).toBe(true);
    expect(isRetryableTool(tool('write'), { retryable: [] })).toBe(false);
    expect(isRetryableTool(tool('search_docs'), { retryable: ['search_*'] })).toBe(true);
    const cache = { ttlMs: 1_000, tools: [], perSession: false };
    expect(isCacheableTool(tool('read', { readOnlyHint: true }), { cache })).toBe(true);
    expect(isCacheableTool(tool('put', { idempotentHint: true }), { cache })).toBe(false);
    expect(isCacheableTool(tool('read', { readOnlyHint: true }), {})).toBe(false);
    expect(isCacheableTool(tool('lookup'), { cache: { ...cache, tools: ['look*'] } })).toBe(true);
  });

  it('indexes provider groups: a group routes among its members, a server name pins one', () => {
    const tool = (name: string, schema: Record<string, object> = {}): Tool => ({
      name,
      inputSchema: { type: 'object', properties: schema },
    });
    const index = new ProviderIndex([
      {
        server: 'mem-b',
        provider: 'memory',
        tools: [tool('read_graph'), tool('search', { q: { type: 'string' } })],
      },
      { server: 'mem-a', provider: 'memory', tools: [tool('read_graph'), tool('search')] },
      { server: 'files', tools: [tool('read_file')] },
    ]);
    expect(index.resolve('memory', 'read_graph')).toMatchObject({
      group: 'memory',
      servers: ['mem-a', 'mem-b'],
      mismatched: [],
    });
    expect(index.resolve('memory', 'search')).toMatchObject({
      servers: ['mem-a', 'mem-b'],
      mismatched: ['mem-b'],
    });
    expect(index.resolve('mem-b', 'read_graph')).toMatchObject({ group: 'memory', servers: ['mem-b'] });
    expect(index.resolve('files', 'read_file')?.servers).toEqual(['files']);
    expect(index.resolve('memory', 'read_file')).toBeUndefined();
    expect([...index.groups()].map(([group, tools]) => [group, [...tools.keys()]])).toEqual([
      ['files', ['read_file']],
      ['memory', ['read_graph', 'search']],
    ]);
  });
});
