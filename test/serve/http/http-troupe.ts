/**
 * What the HTTP tests share: a real `troupe serve --http … --no-stdio` child, whose bound
 * port is read from its structured `listening on HTTP` log line on stderr; an SDK `Client`
 * over `StreamableHTTPClientTransport` to it; and a free port for restarts on the same one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  type StreamableHTTPClientTransportOptions,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CLI } from '../../mcp/serve-client.js';

export interface RunningTroupe {
  readonly child: ChildProcess;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** SIGTERM, and wait for the exit; its exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (no shutdown at all), and wait for the exit. */
  kill(): Promise<void>;
}

const running = new Set<RunningTroupe>();

export interface StartOptions {
  readonly dataDir?: string;
  /** `[host:]port` (default `127.0.0.1:0`). */
  readonly http?: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Node flags (e.g. `--expose-gc`). */
  readonly node?: readonly string[];
}

/** Start `troupe serve` over HTTP only; resolves once it listens (rejects if it exits first). */
export function startTroupe(options: StartOptions = {}): Promise<RunningTroupe> {
  const args = [
    ...(options.node ?? []),
    CLI,
    'serve',
    ...(options.dataDir ? ['--data-dir', options.dataDir] : ['--durability', 'memory']),
    '--threads',
    '2',
    '--http',
    options.http ?? '127.0.0.1:0',
    '--no-stdio',
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...(options.env ?? {}) },
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (process.env.TROUPE_TEST_STDERR) process.stderr.write(chunk);
      const line = stderr.split('\n').find((one) => one.includes('"msg":"troupe serve: listening on HTTP"'));
      if (line === undefined) return;
      const { http } = JSON.parse(line) as { http: { host: string; port: number } };
      const troupe: RunningTroupe = {
        child,
        port: http.port,
        base: `http://127.0.0.1:${http.port}`,
        stderr: () => stderr,
        stop: async () => {
          running.delete(troupe);
          child.kill('SIGTERM');
          return exited;
        },
        kill: async () => {
          running.delete(troupe);
          child.kill('SIGKILL');
          await exited;
        },
      };
      running.add(troupe);
      resolve(troupe);
    });
    void exited.then((code) =>
      reject(new Error(`troupe serve exited (${code}) before listening:\n${stderr}`)),
    );
  });
}

/** Stop every troupe a test started (call it in `afterEach`). */
export async function stopTroupes(): Promise<void> {
  await Promise.all([...running].map((troupe) => troupe.kill()));
}

/** An SDK client connected to `troupe`'s `/mcp`. */
export async function connectHttp(
  troupe: RunningTroupe,
  options: StreamableHTTPClientTransportOptions = {},
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', troupe.base), options);
  const client = new Client({ name: 'troupe-http-test', version: '0.0.0' });
  await client.connect(transport);
  return { client, transport };
}

/** A TCP port free right now (for a troupe that must come back on the same one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The headers of a raw MCP POST. */
export const MCP_POST_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
} as const;

/** A raw `initialize` request. */
export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
} as const;
