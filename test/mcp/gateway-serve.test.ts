/**
 * `troupe serve --config` in front of the real MCP servers from npm (server-everything,
 * server-memory, server-filesystem on a temp dir), driven by the SDK `Client`, which lists
 * the tools first and so validates every structured result against the listed output
 * schema: proxied calls give the downstream result with troupe's orchestration in `_meta`,
 * progress passes through, a killed server is restarted and answers again, a config edit
 * adds a server and the client hears `tools/list_changed`, `--mode disabled` is a plain
 * proxy, and a bad config is refused at start naming its path.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  type CallToolResult,
  type Progress,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { EVERYTHING, FILESYSTEM, MEMORY, textOf } from '../actors/gateway/servers.js';
import {
  CLI,
  caller,
  connect,
  freshDataDir,
  progressOnTheWire,
  registerAgent,
  removeDataDirs,
} from './serve-client.js';

const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  removeDataDirs();
});

const META_KEY = 'troupe/orchestration';

/** A config file beside a fresh data dir (where `troupe serve` finds it by default); the data dir. */
function setUp(
  name: string,
  servers: (paths: { root: string; files: string }) => Record<string, unknown>,
): { dataDir: string; file: string; files: string } {
  const root = freshDataDir(name);
  const files = join(root, 'files');
  mkdirSync(files);
  writeFileSync(join(files, 'hello.txt'), 'hello from the gateway test\n');
  const file = join(root, 'troupe.config.json');
  writeFileSync(file, JSON.stringify({ mcpServers: servers({ root, files }) }, null, 2));
  return { dataDir: join(root, '.troupe'), file, files };
}

const everything = { command: process.execPath, args: [EVERYTHING, 'stdio'] };
const memory = (root: string) => ({
  command: process.execPath,
  args: [MEMORY],
  env: { MEMORY_FILE_PATH: join(root, 'memory.jsonl') },
});
const filesystem = (dir: string) => ({ command: process.execPath, args: [FILESYSTEM, dir] });

async function start(dataDir: string, options: readonly string[] = []): Promise<Client> {
  const client = await connect(dataDir, ['--durability', 'memory', ...options]);
  clients.push(client);
  return client;
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // Not yet.
    }
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Tool names once every one of `expected` is listed. */
async function toolsOnceListed(client: Client, expected: readonly string[]): Promise<string[]> {
  return until(async () => {
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    return expected.every((name) => names.includes(name)) ? names : undefined;
  });
}

function orchestrationOf(result: unknown): Record<string, unknown> {
  const meta = (result as CallToolResult)._meta ?? {};
  return meta[META_KEY] as Record<string, unknown>;
}

describe('troupe serve --config: a gateway in front of real MCP servers', () => {
  it('lists the three servers with troupe’s tools; proxied calls answer as the server does, with orchestration in _meta', async () => {
    const { dataDir } = setUp('gateway-three', ({ root, files }) => ({
      everything: { ...everything, cache: { ttl_s: 60, tools: ['get-sum'] } },
      memory: memory(root),
      files: filesystem(files),
    }));
    const client = await start(dataDir);
    const names = await toolsOnceListed(client, [
      'everything__echo',
      'everything__get-structured-content',
      'memory__read_graph',
      'files__list_allowed_directories',
    ]);
    for (const own of [
      'register_agent',
      'health',
      'list_servers',
      'get_server_status',
      'restart_server',
      'route_request',
      'discover_capabilities',
    ])
      expect(names).toContain(own);

    const { tools } = await client.listTools();
    const structuredTool = tools.find((tool) => tool.name === 'everything__get-structured-content');
    expect(structuredTool?.outputSchema).toBeDefined();
    expect(Object.keys(structuredTool?.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['location', 'agent_id', 'session_id']),
    );

    // An agent this session proved (by registering it) is named; one it did not is dropped.
    await registerAgent(client, 'agent-a');
    const unproven = await client.callTool({
      name: 'everything__echo',
      arguments: { message: 'who?', agent_id: 'agent-b' },
    });
    expect(orchestrationOf(unproven).agent_id).toBeNull();
    const echo = await client.callTool({
      name: 'everything__echo',
      arguments: { message: 'through troupe', agent_id: 'agent-a', session_id: 'session-1' },
    });
    expect(echo.isError).toBeFalsy();
    expect(textOf(echo as CallToolResult)).toContain('through troupe');
    expect(orchestrationOf(echo)).toMatchObject({
      coordinated: true,
      agent_id: 'agent-a',
      session_id: 'session-1',
      server: 'everything',
      group: 'everything',
      tool: 'echo',
      cached: false,
      attempts: 1,
    });
    expect(typeof orchestrationOf(echo).duration_ms).toBe('number');

    // Structured content stays the downstream one (the client validated it against the listed schema).
    const weather = await client.callTool({
      name: 'everything__get-structured-content',
      arguments: { location: 'New York' },
    });
    expect(weather.isError).toBeFalsy();
    expect(weather.structuredContent).toBeDefined();
    expect(weather.structuredContent).not.toHaveProperty('orchestration');
    expect(orchestrationOf(weather).server).toBe('everything');

    // A read-only tool's result is shared across agents for its TTL: the second call is a hit.
    const sum = { name: 'everything__get-sum', arguments: { a: 1, b: 2 } };
    const first = await client.callTool({ ...sum, arguments: { ...sum.arguments, agent_id: 'agent-a' } });
    const second = await client.callTool({ ...sum, arguments: { ...sum.arguments, agent_id: 'agent-b' } });
    expect(second.content).toEqual(first.content);
    expect(orchestrationOf(first)).toMatchObject({ cached: false, server: 'everything' });
    expect(orchestrationOf(second)).toMatchObject({ cached: true, server: null, attempts: 0 });

    const entities = {
      entities: [{ name: 'troupe', entityType: 'runtime', observations: ['fronts servers'] }],
    };
    expect(
      (await client.callTool({ name: 'memory__create_entities', arguments: entities })).isError,
    ).toBeFalsy();
    const graph = await client.callTool({ name: 'memory__read_graph', arguments: {} });
    expect(JSON.stringify(graph.content)).toContain('fronts servers');

    const dirs = await client.callTool({ name: 'files__list_allowed_directories', arguments: {} });
    expect(dirs.isError).toBeFalsy();

    const call = caller(client);
    const listed = await call('list_servers', {});
    expect((listed.servers as { name: string }[]).map((server) => server.name).sort()).toEqual([
      'everything',
      'files',
      'memory',
    ]);
    const status = await call('get_server_status', { server: 'everything' });
    expect((status.servers as { state: string; tool_count: number }[])[0]).toMatchObject({
      state: 'running',
      cache: { hits: 1, misses: 1 },
    });
    const routed = await call('route_request', {
      vendor: 'everything',
      tool: 'get-sum',
      arguments: { a: 40, b: 2 },
    });
    expect(routed).toMatchObject({ server: 'everything', tool: 'get-sum' });
    expect(JSON.stringify(routed.result)).toContain('42');
    const discovered = await call('discover_capabilities', {});
    expect((discovered.servers as { server: string }[]).map((entry) => entry.server).sort()).toEqual([
      'everything',
      'files',
      'memory',
    ]);
    const resource = await client.readResource({ uri: 'troupe://servers/memory' });
    expect(JSON.parse((resource.contents[0] as { text: string }).text)).toMatchObject({ name: 'memory' });

    const unknown = await client
      .callTool({ name: 'nowhere__tool', arguments: {} })
      .catch((error: Error) => error);
    expect(String(unknown)).toMatch(/Unknown tool: nowhere__tool/);
  }, 60_000);

  it('passes progress through, and restarts a killed server whose calls then work again', async () => {
    const { dataDir } = setUp('gateway-progress', () => ({ everything }));
    const client = await start(dataDir);
    await toolsOnceListed(client, ['everything__trigger-long-running-operation']);
    const progress: Progress[] = [];
    const wire = progressOnTheWire(client);
    const result = await client.callTool(
      { name: 'everything__trigger-long-running-operation', arguments: { duration: 0.4, steps: 4 } },
      undefined,
      { onprogress: (update) => progress.push(update) },
    );
    expect(textOf(result as CallToolResult)).toMatch(/Long running operation completed/);
    // All four reach the host; the SDK client hands on the ones it does not drop (serve-client.ts).
    expect(progress).toEqual(
      wire.slice(0, progress.length).map(({ progressToken: _t, ...update }) => update),
    );
    expect(wire.map(({ progress: done, total }) => [done, total])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);

    const call = caller(client);
    const before = (await call('get_server_status', { server: 'everything' })).servers as {
      pgid: number;
      restarts: number;
    }[];
    const pgid = before[0]?.pgid;
    expect(pgid).toBeGreaterThan(0);
    process.kill(-(pgid as number), 'SIGKILL');
    const after = await until(async () => {
      const answer = await client.callTool({ name: 'everything__echo', arguments: { message: 'back' } });
      return answer.isError ? undefined : answer;
    });
    expect(textOf(after as CallToolResult)).toContain('back');
    const restarted = (await call('get_server_status', { server: 'everything' })).servers as {
      pgid: number;
      restarts: number;
      state: string;
    }[];
    expect(restarted[0]?.restarts).toBeGreaterThanOrEqual(1);
    expect(restarted[0]?.pgid).not.toBe(pgid);
  }, 60_000);

  it('picks up a config edit: the added server’s tools are listed and the client hears list_changed', async () => {
    const { dataDir, file, files } = setUp('gateway-reload', () => ({ everything }));
    const client = await start(dataDir);
    await toolsOnceListed(client, ['everything__echo']);
    let changed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      changed++;
    });
    writeFileSync(file, JSON.stringify({ mcpServers: { everything, files: filesystem(files) } }, null, 2));
    await until(async () => (changed > 0 ? true : undefined));
    const names = await toolsOnceListed(client, ['files__read_text_file']);
    expect(names).toContain('everything__echo');
    const read = await client.callTool({
      name: 'files__read_text_file',
      arguments: { path: join(files, 'hello.txt') },
    });
    expect(textOf(read as CallToolResult)).toContain('hello from the gateway test');
  }, 60_000);

  it('--mode disabled: a plain proxy — the downstream result untouched, no coordination tools', async () => {
    const { dataDir } = setUp('gateway-disabled', () => ({ everything }));
    const client = await start(dataDir, ['--mode', 'disabled']);
    const names = await toolsOnceListed(client, ['everything__echo']);
    expect(names).not.toContain('register_agent');
    const echo = await client.callTool({
      name: 'everything__echo',
      arguments: { message: 'plain', agent_id: 'a' },
    });
    expect(textOf(echo as CallToolResult)).toContain('plain');
    expect(echo._meta?.[META_KEY]).toBeUndefined();
  }, 60_000);

  it('refuses a bad config at start, naming the path in the file (exit code 2, on stderr)', () => {
    const { dataDir, file } = setUp('gateway-bad', () => ({
      fetch: { command: 'uvx', args: ['mcp-server-fetch', 7] },
    }));
    const run = spawnSync(process.execPath, [CLI, 'serve', '--data-dir', dataDir, '--config', file], {
      encoding: 'utf8',
      input: '',
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(file);
    expect(run.stderr).toContain('mcpServers.fetch.args[1] must be a string');
  }, 30_000);
});
