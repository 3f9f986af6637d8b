/**
 * The gateway as actors of a real runtime (`createActorSystem({ threads: 2 })`), through
 * the embedding API, against the real servers from npm and the fixture server: every
 * server's tools listed and answering as through a direct SDK client; progress and log
 * messages reaching the caller through a receiver; a cancellation reaching the server; a
 * killed member of a provider group restarted by its actor while read-only calls fail over
 * with no error; a non-idempotent call in flight when its server dies failing clearly,
 * never retried; the shared cache serving another caller within its TTL and not after;
 * `lock_argument` calls serialized by the lease hook; a reload restarting only what changed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type {
  CallToolResult,
  LoggingMessageNotification,
  Progress,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import { startGateway } from '../../../actors/gateway/embedding/start-gateway.js';
import { GatewayError } from '../../../actors/gateway/errors.js';
import { TOOL_NAME_PATTERN } from '../../../actors/gateway/naming.js';
import { listGroupMembers } from '../../../actors/gateway/process/process-group.js';
import { type ActorSystem, createActorSystem, createManualClock } from '../../../src/kernel/index.js';
import { until } from '../../helpers/until.js';
import { directClient, EVERYTHING, FILESYSTEM, FIXTURE, MEMORY, textOf } from './servers.js';

const node = process.execPath;
const clock = createManualClock(Date.now());
let dir: string;
let system: ActorSystem;
let gateway: Gateway;
let config: { mcpServers: Record<string, Record<string, unknown>> };
const direct = new Map<string, Client>();
/** The lease hook's log: which path was taken and given back, in order. */
const leaseLog: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'troupe-gateway-actors-'));
  await writeFile(join(dir, 'hello.txt'), 'hello through the actors\n');
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
      memory: { command: node, args: [MEMORY], env: { MEMORY_FILE_PATH: join(dir, 'gateway-memory.jsonl') } },
      files: { command: node, args: [FILESYSTEM, dir], lock_argument: { write_file: 'path' } },
      'fixture-a': { command: node, args: [FIXTURE, '--name', 'a'], provider: 'fixture' },
      'fixture-b': { command: node, args: [FIXTURE, '--name', 'b'], provider: 'fixture' },
    },
  };
  system = createActorSystem({ threads: 2, clock });
  const [started] = await Promise.all([
    startGateway(system, config, { graceMs: 300, acquireLease: createLeaseHook() }),
    directClient(node, [EVERYTHING, 'stdio']).then((client) => direct.set('everything', client)),
    directClient(node, [MEMORY], { MEMORY_FILE_PATH: join(dir, 'direct-memory.jsonl') }).then((client) =>
      direct.set('memory', client),
    ),
    directClient(node, [FILESYSTEM, dir]).then((client) => direct.set('files', client)),
  ]);
  gateway = started;
});
afterAll(async () => {
  await gateway?.stop();
  await Promise.all([...direct.values()].map((client) => client.close()));
  await system?.shutdown();
  await rm(dir, { recursive: true, force: true });
});

/** One lease per path at a time, as troupe's lock would hold it. */
function createLeaseHook() {
  const tails = new Map<string, Promise<void>>();
  return async (path: string, agentId: string) => {
    const before = tails.get(path) ?? Promise.resolve();
    let give = () => {};
    const held = new Promise<void>((resolve) => {
      give = resolve;
    });
    tails.set(
      path,
      before.then(() => held),
    );
    await before;
    leaseLog.push(`take ${agentId}`);
    return () => {
      leaseLog.push(`give ${agentId}`);
      give();
    };
  };
}

async function statusOf(server: string) {
  const status = (await gateway.servers()).find(({ name }) => name === server);
  if (!status) throw new Error(`no status for ${server}`);
  return status;
}

/** The server process of a running server (the member of its group that is not the launcher). */
async function serverPid(server: string): Promise<number> {
  const { pgid } = await statusOf(server);
  const pid =
    pgid === undefined ? undefined : (listGroupMembers(pgid) ?? []).find((member) => member !== pgid);
  if (pid === undefined) throw new Error(`${server} has no server process`);
  return pid;
}

async function stats(server: string): Promise<{ calls: Record<string, number>; cancelled: number }> {
  return JSON.parse(textOf((await gateway.route(server, 'stats', {})).result));
}

describe('the gateway as actors', () => {
  it('lists every tool of each server under its exposed name, as a direct client lists it', async () => {
    const tools = await gateway.listTools();
    for (const { name } of tools) expect(name).toMatch(TOOL_NAME_PATTERN);
    for (const [group, client] of direct) {
      const listed = (await client.listTools()).tools;
      for (const tool of listed) {
        const exposed = tools.find(({ name }) => name === `${group}__${tool.name}`);
        expect(exposed?.tool, `${group}__${tool.name}`).toEqual({ ...tool, name: `${group}__${tool.name}` });
      }
      expect(tools.filter((tool) => tool.group === group)).toHaveLength(listed.length);
    }
    expect(tools.find(({ name }) => name === 'everything__echo')?.servers).toEqual([
      'everything-a',
      'everything-b',
    ]);
    expect(tools.some(({ name }) => name === 'fixture__hang')).toBe(true);
  });

  it('answers each server’s calls as a direct client does', async () => {
    const same = async (server: string, tool: string, args: Record<string, unknown>) => {
      const through = await gateway.callTool(`${server}__${tool}`, args);
      const straight = await direct.get(server)?.callTool({ name: tool, arguments: args });
      expect(through.result, `${server}__${tool}`).toEqual(straight);
      return through;
    };
    await same('everything', 'echo', { message: 'same through the actors' });
    await same('everything', 'get-structured-content', { location: 'New York' });
    await same('everything', 'get-tiny-image', {});
    const entities = { entities: [{ name: 'troupe', entityType: 'runtime', observations: ['runs actors'] }] };
    await same('memory', 'create_entities', entities);
    expect(textOf((await same('memory', 'read_graph', {})).result)).toContain('runs actors');
    await same('files', 'read_text_file', { path: join(dir, 'hello.txt') });
    await same('files', 'list_allowed_directories', {});
    await same('files', 'read_text_file', { path: join(dir, 'absent.txt') });
    const resources = await gateway.listResources();
    const first = resources.find(({ server }) => server === 'everything-a');
    expect(first).toBeDefined();
    const uri = first?.resource.uri ?? '';
    expect(await gateway.readResource('everything-a', uri)).toEqual(
      await direct.get('everything')?.readResource({ uri }),
    );
    const prompts = await gateway.listPrompts();
    const simple = prompts.find(({ name }) => name === 'everything-a__simple-prompt');
    expect(simple?.server).toBe('everything-a');
    expect(await gateway.getPrompt('everything-a__simple-prompt')).toEqual(
      await direct.get('everything')?.getPrompt({ name: 'simple-prompt' }),
    );
  });

  it('tells the caller’s receiver each progress notification and log message of its call', async () => {
    const progress: Progress[] = [];
    const call = await gateway.callTool(
      'everything__trigger-long-running-operation',
      { duration: 0.3, steps: 3 },
      { onProgress: (update) => progress.push(update) },
    );
    expect(textOf(call.result)).toContain('Long running operation completed');
    expect(progress.map(({ progress: done, total }) => [done, total])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    const logs: LoggingMessageNotification['params'][] = [];
    await gateway.route(
      'fixture-a',
      'log',
      { message: 'heard through the actors' },
      { onLog: (log) => logs.push(log) },
    );
    expect(logs).toEqual([{ level: 'warning', logger: 'a', data: 'heard through the actors' }]);
  });

  it('turns the caller’s abort into a cancellation the server sees', async () => {
    const before = await stats('fixture-a');
    const controller = new AbortController();
    const hanging = gateway
      .route('fixture-a', 'hang', {}, { signal: controller.signal })
      .catch((error: unknown) => error);
    await until(async () => ((await stats('fixture-a')).calls.hang ?? 0) > (before.calls.hang ?? 0));
    controller.abort();
    const error = await hanging;
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('call_cancelled');
    await until(async () => (await stats('fixture-a')).cancelled === before.cancelled + 1);
  });

  it('fails read-only calls over while a killed member is restarted by its actor, with no error', async () => {
    const before = await statusOf('everything-a');
    process.kill(await serverPid('everything-a'), 'SIGKILL');
    // The calls go out at once, while the death is still being noticed.
    const calls = await Promise.all(
      ['x', 'y', 'z', 'w'].map((message) =>
        gateway.callTool('everything__echo', { message: `failover ${message}` }),
      ),
    );
    for (const [i, call] of calls.entries()) {
      expect(textOf(call.result)).toBe(`Echo: failover ${['x', 'y', 'z', 'w'][i]}`);
      expect(call.server).toBe('everything-b');
      // A call that tried the dead member first failed over from it.
      for (const attempt of call.attempts.slice(0, -1)) expect(attempt.server).toBe('everything-a');
    }
    await until(async () => {
      const status = await statusOf('everything-a');
      return status.state === 'running' && status.health?.status === 'healthy' && status.restarts === 1;
    }, 15_000);
    const after = await statusOf('everything-a');
    expect(after.toolHash).toBe(before.toolHash);
    expect(after.pgid).not.toBe(before.pgid);
  });

  it('gives a non-idempotent call in flight a clear error when its server dies, and never calls it again', async () => {
    const before = { a: await stats('fixture-a'), b: await stats('fixture-b') };
    const hanging = gateway.callTool('fixture__hang', {}).catch((error: unknown) => error);
    let member = '';
    await until(async () => {
      for (const server of ['fixture-a', 'fixture-b'] as const) {
        const key = server === 'fixture-a' ? 'a' : 'b';
        if (((await stats(server)).calls.hang ?? 0) > (before[key].calls.hang ?? 0)) member = server;
      }
      return member !== '';
    });
    process.kill(await serverPid(member), 'SIGKILL');
    const error = await hanging;
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('connection_lost');
    expect((error as GatewayError).message).toContain(member);
    const other = member === 'fixture-a' ? 'fixture-b' : 'fixture-a';
    const otherBefore = member === 'fixture-a' ? before.b : before.a;
    expect((await stats(other)).calls.hang ?? 0).toBe(otherBefore.calls.hang ?? 0);
    await until(async () => (await statusOf(member)).state === 'running', 15_000);
  });

  it('serves the same read-only call of another caller from the shared cache within its TTL, and not after', async () => {
    // Counted per server (hits of the entries it answered, misses it answered): the group's are their sum.
    const counts = async () => {
      const [a, b] = await Promise.all([statusOf('everything-a'), statusOf('everything-b')]);
      return { hits: a.cache.hits + b.cache.hits, misses: a.cache.misses + b.cache.misses };
    };
    const before = await counts();
    const first = await gateway.callTool('everything__get-sum', { a: 20, b: 22 }, { sessionId: 'agent-a' });
    const second = await gateway.callTool('everything__get-sum', { b: 22, a: 20 }, { sessionId: 'agent-b' });
    expect(first.cached).toBe(false);
    expect(second).toEqual({
      result: first.result,
      group: 'everything',
      tool: 'get-sum',
      cached: true,
      attempts: [],
      durationMs: 0,
    });
    expect(await counts()).toEqual({ hits: before.hits + 1, misses: before.misses + 1 });
    clock.advance(60_000);
    const third = await gateway.callTool('everything__get-sum', { a: 20, b: 22 });
    expect(third.cached).toBe(false);
    expect((await counts()).misses).toBe(before.misses + 2);
    // Not read-only: never cached.
    expect((await gateway.callTool('memory__read_graph', {})).cached).toBe(false);
  });

  it('takes the lease of a lock_argument tool for the duration of each call, one call at a time per path', async () => {
    const path = join(dir, 'leased.txt');
    const writes = ['ada', 'grace'].map((agentId) =>
      gateway.callTool('files__write_file', { path, content: `written by ${agentId}` }, { agentId }),
    );
    const results: CallToolResult[] = (await Promise.all(writes)).map(({ result }) => result);
    for (const result of results) expect(result.isError).not.toBe(true);
    expect(leaseLog).toHaveLength(4);
    // Each call held the lease alone: a take is always followed by the same caller's give.
    expect(leaseLog[1]).toBe(leaseLog[0]?.replace('take', 'give'));
    expect(leaseLog[3]).toBe(leaseLog[2]?.replace('take', 'give'));
    expect(await readFile(path, 'utf8')).toMatch(/^written by (ada|grace)$/);
  });

  it('reloads a config: only the changed server restarts, the unchanged ones are not touched', async () => {
    const pgids = new Map((await gateway.servers()).map(({ name, pgid }) => [name, pgid]));
    const mcpServers = { ...config.mcpServers };
    mcpServers.memory = { ...mcpServers.memory, timeout_ms: 9_000 };
    mcpServers['fixture-a'] = { ...mcpServers['fixture-a'], args: [FIXTURE, '--name', 'a2'] };
    delete mcpServers['fixture-b'];
    const diff = await gateway.reload({ mcpServers });
    expect(diff.removed).toEqual(['fixture-b']);
    expect(diff.changed.map(({ name, restart }) => [name, restart])).toEqual([
      ['fixture-a', true],
      ['memory', false],
    ]);
    const after = new Map((await gateway.servers()).map(({ name, pgid, state }) => [name, { pgid, state }]));
    expect([...after.keys()].sort()).toEqual([
      'everything-a',
      'everything-b',
      'files',
      'fixture-a',
      'memory',
    ]);
    for (const name of ['everything-a', 'everything-b', 'files', 'memory'])
      expect(after.get(name)?.pgid).toBe(pgids.get(name));
    expect(after.get('fixture-a')?.state).toBe('running');
    expect(after.get('fixture-a')?.pgid).not.toBe(pgids.get('fixture-a'));
    expect(textOf((await gateway.callTool('fixture__echo', { message: 'hi' })).result)).toBe('a2: hi');
    expect((await gateway.listTools()).find(({ name }) => name === 'fixture__echo')?.servers).toEqual([
      'fixture-a',
    ]);
    // fixture-b's process group is gone.
    const removed = pgids.get('fixture-b');
    await until(() => removed === undefined || (listGroupMembers(removed) ?? []).length === 0);
  });
});
