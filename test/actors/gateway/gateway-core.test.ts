/**
 * The gateway's call path against real servers: every tool of server-everything and
 * server-memory listed under its exposed name and answering as directly; a killed member
 * of a provider group fails over with no error for a read-only tool and is back (healthy,
 * same tool hash) within its backoff; a tool without idempotent or read-only annotations
 * gets the timeout, never a second call; a read-only call from another agent is served
 * from the shared cache within its TTL and not after; a config reload touches only what
 * changed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../../../actors/gateway/config/gateway-config-schema.js';
import { GatewayError } from '../../../actors/gateway/errors.js';
import { GatewayCore } from '../../../actors/gateway/gateway-core.js';
import { TOOL_NAME_PATTERN } from '../../../actors/gateway/naming.js';
import { listGroupMembers } from '../../../actors/gateway/process/process-group.js';
import { createManualClock } from '../../../actors/supervisors/flood/clock.js';
import { until } from '../../helpers/until.js';
import { EVERYTHING, FIXTURE, MEMORY, textOf } from './servers.js';

const node = process.execPath;
const clock = createManualClock(Date.now());
let dir: string;
let gateway: GatewayCore;
let config: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'troupe-gateway-core-'));
  const restart = { max_restarts: 5, window_s: 60, backoff: { initial_ms: 200, max_ms: 1_000 } };
  config = {
    mcpServers: {
      'everything-a': {
        command: node,
        args: [EVERYTHING, 'stdio'],
        provider: 'everything',
        restart,
        cache: { ttl_s: 60 },
      },
      'everything-b': {
        command: node,
        args: [EVERYTHING, 'stdio'],
        provider: 'everything',
        restart,
        cache: { ttl_s: 60 },
      },
      memory: { command: node, args: [MEMORY], env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') } },
      // The timeout answers `hang`; it also bounds every other fixture call, which a loaded CI
      // machine once stretched past 300 ms (Node 24: `count` timed out after the hang).
      'fixture-a': { command: node, args: [FIXTURE, '--name', 'a'], provider: 'fixture', timeout_ms: 1_500 },
      'fixture-b': { command: node, args: [FIXTURE, '--name', 'b'], provider: 'fixture', timeout_ms: 1_500 },
    },
  };
  gateway = new GatewayCore({ clock, graceMs: 300 });
  await gateway.apply(parseGatewayConfig(config));
});
afterAll(async () => {
  await gateway.stop();
  await rm(dir, { recursive: true, force: true });
});

function pidsOf(server: string): { pgid: number; server: number } {
  const state = gateway.connections.get(server)?.state;
  if (state?.kind !== 'running' || state.pgid === undefined) throw new Error(`${server} is not running`);
  const pgid = state.pgid;
  const child = (listGroupMembers(pgid) ?? []).find((pid) => pid !== pgid);
  if (child === undefined) throw new Error(`${server} has no server process`);
  return { pgid, server: child };
}

describe('the gateway core', () => {
  it('lists every tool under a valid exposed name, one entry per provider group', () => {
    const tools = gateway.tools();
    for (const { name } of tools) expect(name).toMatch(TOOL_NAME_PATTERN);
    const names = tools.map(({ name }) => name);
    expect(names).toEqual(
      expect.arrayContaining(['everything__echo', 'memory__read_graph', 'fixture__whoami']),
    );
    expect(names.filter((name) => name === 'everything__echo')).toHaveLength(1);
    expect(tools.find(({ name }) => name === 'everything__echo')?.servers).toEqual([
      'everything-a',
      'everything-b',
    ]);
    const everything = gateway.connections.get('everything-a');
    expect(tools.filter(({ group }) => group === 'everything')).toHaveLength(everything?.tools.length ?? -1);
  });

  it('fails a read-only call over to another member when one is killed; the killed one is back, same tools', async () => {
    const before = gateway.connections.get('everything-a');
    const hash = before?.toolHash;
    // Load both: each round of ties starts with the other member, so both get calls.
    const first = await gateway.callTool('everything__echo', { message: 'one' });
    const second = await gateway.callTool('everything__echo', { message: 'two' });
    expect(new Set([first.server, second.server])).toEqual(new Set(['everything-a', 'everything-b']));

    // The next calls go out at once, while `a`'s death is still being noticed.
    process.kill(pidsOf('everything-a').server, 'SIGKILL');
    const calls = await Promise.all(
      ['x', 'y', 'z'].map((message) => gateway.callTool('everything__echo', { message })),
    );
    for (const [i, call] of calls.entries()) {
      expect(textOf(call.result)).toBe(`Echo: ${['x', 'y', 'z'][i]}`);
      expect(call.server).toBe('everything-b');
    }
    await until(() => before?.state.kind === 'running' && before.health?.status === 'healthy', 15_000);
    expect(before?.toolHash).toBe(hash);
    expect(before?.restarts).toBe(1);
  });

  it('never calls a tool without idempotent or read-only annotations twice: the timeout is the answer', async () => {
    const error = await gateway.callTool('fixture__hang', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).gatewayCode).toBe('call_timeout');
    // Both members still count their own calls: nothing was repeated behind the caller's back.
    const a = await gateway.route('fixture-a', 'count', {});
    const b = await gateway.route('fixture-b', 'count', {});
    expect([textOf(a.result), textOf(b.result)]).toEqual(['a: 1', 'b: 1']);
  });

  it('serves the same read-only call from another agent out of the cache within its TTL, and not after', async () => {
    const args = { a: 20, b: 22 };
    const counts = () => gateway.cache.countsOf('everything');
    const before = counts();
    const agentA = await gateway.callTool('everything__get-sum', args, { sessionId: 'agent-a' });
    const agentB = await gateway.callTool('everything__get-sum', { b: 22, a: 20 }, { sessionId: 'agent-b' });
    expect(agentA.cached).toBe(false);
    expect(agentB).toEqual({ result: agentA.result, cached: true, attempts: [] });
    expect(counts()).toEqual({ hits: before.hits + 1, misses: before.misses + 1 });
    clock.advance(60_000);
    expect((await gateway.callTool('everything__get-sum', args)).cached).toBe(false);
    expect(counts().misses).toBe(before.misses + 2);
    // Not read-only: never cached.
    const echo = await gateway.callTool('memory__read_graph', {});
    expect(echo.cached).toBe(false);
  });

  it('reloads a config: only the changed server restarts', async () => {
    const memory = gateway.connections.get('memory');
    const fixtureA = gateway.connections.get('fixture-a');
    const pgidBefore = pidsOf('fixture-a').pgid;
    const mcpServers = { ...config.mcpServers } as Record<string, Record<string, unknown>>;
    mcpServers.memory = { ...mcpServers.memory, timeout_ms: 9_000 };
    mcpServers['fixture-a'] = { ...mcpServers['fixture-a'], args: [FIXTURE, '--name', 'a2'] };
    delete mcpServers['fixture-b'];
    const diff = await gateway.apply(parseGatewayConfig({ mcpServers }));
    expect(diff.removed).toEqual(['fixture-b']);
    expect(diff.changed.map(({ name, restart }) => [name, restart])).toEqual([
      ['fixture-a', true],
      ['memory', false],
    ]);
    expect(gateway.connections.get('memory')).toBe(memory);
    expect(memory?.config.timeoutMs).toBe(9_000);
    expect(fixtureA?.state.kind).toBe('running');
    expect(pidsOf('fixture-a').pgid).not.toBe(pgidBefore);
    expect(textOf((await gateway.callTool('fixture__echo', { message: 'hi' })).result)).toBe('a2: hi');
    expect(gateway.connections.has('fixture-b')).toBe(false);
  });
});
