/**
 * Through a `ServerConnection`, the three real servers from npm list the same tools,
 * resources and prompts, and answer the same calls with the same results, as through a
 * plain SDK `Client` on the SDK's own stdio transport. server-everything over Streamable
 * HTTP lists the same tools (same hash) as over stdio.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerConnection } from '../../../actors/gateway/connection/server-connection.js';
import { toolListHash } from '../../../actors/gateway/connection/tool-catalog.js';
import { until } from '../../helpers/until.js';
import { directClient, EVERYTHING, FILESYSTEM, MEMORY, serverConfig } from './servers.js';

let dir: string;
const opened: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'troupe-gateway-parity-'));
  await writeFile(join(dir, 'hello.txt'), 'hello from the gateway test\n');
});
afterAll(async () => {
  await Promise.all(opened.map((client) => client.close()));
  await rm(dir, { recursive: true, force: true });
});

async function both(name: string, args: string[], env: Record<string, string> = {}, directEnv = env) {
  const connection = new ServerConnection(serverConfig(name, { command: process.execPath, args, env }), {
    graceMs: 300,
  });
  const [direct] = await Promise.all([directClient(process.execPath, args, directEnv), connection.start()]);
  opened.push(direct, { close: () => connection.stop() });
  expect(connection.state.kind).toBe('running');
  return { direct, connection };
}

async function expectSameTools(direct: Client, connection: ServerConnection) {
  const { tools } = await direct.listTools();
  expect(connection.tools).toEqual(tools);
  expect(connection.toolHash).toBe(toolListHash(tools));
}

describe('a connection gives what a direct SDK client gives', () => {
  it('server-everything: tools, calls (text and structured), resources, prompts', async () => {
    const { direct, connection } = await both('everything', [EVERYTHING, 'stdio']);
    await expectSameTools(direct, connection);
    for (const [tool, args] of [
      ['echo', { message: 'same through the gateway' }],
      ['get-sum', { a: 40, b: 2 }],
      ['get-structured-content', { location: 'New York' }],
      ['get-tiny-image', {}],
    ] as const) {
      expect(await connection.callTool(tool, { ...args }), tool).toEqual(
        await direct.callTool({ name: tool, arguments: { ...args } }),
      );
    }
    const resources = await connection.listResources();
    expect(resources).toEqual((await direct.listResources()).resources);
    const uri = resources[0]?.uri ?? '';
    expect(await connection.readResource(uri)).toEqual(await direct.readResource({ uri }));
    expect(await connection.listResourceTemplates()).toEqual(
      (await direct.listResourceTemplates()).resourceTemplates,
    );
    expect(await connection.listPrompts()).toEqual((await direct.listPrompts()).prompts);
    expect(await connection.getPrompt('simple-prompt')).toEqual(
      await direct.getPrompt({ name: 'simple-prompt' }),
    );
    expect((await connection.checkHealth()).status).toBe('healthy');
  });

  it('server-memory: the same writes give the same graph', async () => {
    const args = [MEMORY];
    const { direct, connection } = await both(
      'memory',
      args,
      { MEMORY_FILE_PATH: join(dir, 'gateway-memory.jsonl') },
      { MEMORY_FILE_PATH: join(dir, 'direct-memory.jsonl') },
    );
    await expectSameTools(direct, connection);
    const entities = { entities: [{ name: 'troupe', entityType: 'runtime', observations: ['runs actors'] }] };
    expect(await connection.callTool('create_entities', entities)).toEqual(
      await direct.callTool({ name: 'create_entities', arguments: entities }),
    );
    const graph = await connection.callTool('read_graph', {});
    expect(graph).toEqual(await direct.callTool({ name: 'read_graph', arguments: {} }));
    expect(JSON.stringify(graph)).toContain('runs actors');
  });

  it('server-filesystem on a temp dir: reads and listings', async () => {
    const { direct, connection } = await both('fs', [FILESYSTEM, dir]);
    await expectSameTools(direct, connection);
    for (const [tool, args] of [
      ['read_text_file', { path: join(dir, 'hello.txt') }],
      ['list_directory', { path: dir }],
      ['list_allowed_directories', {}],
      ['read_text_file', { path: join(dir, 'absent.txt') }],
    ] as const) {
      expect(await connection.callTool(tool, { ...args }), tool).toEqual(
        await direct.callTool({ name: tool, arguments: { ...args } }),
      );
    }
  });

  it('server-everything over Streamable HTTP lists the same tools as over stdio', async () => {
    const port = await freePort();
    const server: ChildProcess = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    server.stderr?.on('data', (chunk) => {
      log += String(chunk);
    });
    opened.push({ close: async () => void server.kill('SIGKILL') });
    await until(() => log.includes('listening'), 20_000, 50);
    const overHttp = new ServerConnection(
      serverConfig('everything-http', { url: `http://127.0.0.1:${port}/mcp` }),
    );
    const overStdio = new ServerConnection(
      serverConfig('everything', { command: process.execPath, args: [EVERYTHING, 'stdio'] }),
      {
        graceMs: 300,
      },
    );
    opened.push({ close: () => overHttp.stop() }, { close: () => overStdio.stop() });
    await Promise.all([overHttp.start(), overStdio.start()]);
    expect(overHttp.state.kind).toBe('running');
    expect(overHttp.toolHash).toBe(overStdio.toolHash);
    expect(await overHttp.callTool('echo', { message: 'over http' })).toEqual(
      await overStdio.callTool('echo', { message: 'over http' }),
    );
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
