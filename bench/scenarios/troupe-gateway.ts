/**
 * Troupe half of the gateway scenario: a real `troupe serve --config <file>` child
 * (`memory` durability, default threads) on a temporary directory whose config names
 * server-everything twice, so one child serves both proxied paths:
 *
 * - `plain`: no `cache` entry — `plain__echo` goes through to the server on every call;
 * - `cached`: `cache: { ttl_s, tools: ["echo"] }` — `cached__echo` is answered from the
 *   result cache for arguments seen before.
 *
 * A round makes, on the same SDK client: the sequential and pipelined `plain__echo` calls
 * (as the baseline does straight to the server), then cache misses (a new `message` each
 * call, never seen before), cache hits (one `message`, cached when the session opened) and
 * `ping`s (troupe serve's bare MCP round trip, what a hit cannot beat). Warm-up untimed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  type CallCounts,
  type DirectSample,
  EVERYTHING_ARGS,
  EVERYTHING_SCRIPT,
  echoCall,
  measureSequentialWithCpu,
} from '../baselines/mcp-everything.js';
import { measurePings, measurePipelinedCount, measureSequentialCount } from '../harness/mcp-call-counts.js';
import { callOnce, type ToolCall } from '../harness/mcp-calls.js';
import { connectStdioServer, type StdioServerChild } from '../harness/mcp-stdio.js';
import type { MeasureSession } from '../harness/session.js';
import { TROUPE_CLI } from './troupe-mcp.js';

export const PLAIN_TOOL = 'plain__echo';
export const CACHED_TOOL = 'cached__echo';
const CACHE_TTL_S = 3_600;
const TOOLS_LISTED_WITHIN_MS = 30_000;

export interface GatewayCounts extends CallCounts {
  /** Sequential cache misses, and as many hits, per round. */
  readonly cache: number;
}

export interface ProxiedSample extends DirectSample {
  /** µs of each cache miss (new arguments) and each hit (arguments cached). */
  readonly miss: number[];
  readonly hit: number[];
  /** µs of each `ping` to troupe serve. */
  readonly ping: number[];
}

/** The config file's content: server-everything without and with the result cache. */
export function gatewayBenchConfig(): Record<string, unknown> {
  const server = { command: process.execPath, args: [EVERYTHING_SCRIPT, ...EVERYTHING_ARGS] };
  return {
    mcpServers: {
      plain: server,
      cached: { ...server, cache: { ttl_s: CACHE_TTL_S, tools: ['echo'] } },
    },
  };
}

/**
 * The calls a round makes: `plain__echo` with one message, `cached__echo` with one message
 * (a hit once cached), and `cached__echo` with a new message each time (a miss).
 */
export function gatewayEchoCalls(): { plain: ToolCall; hit: ToolCall; miss: () => ToolCall } {
  let misses = 0;
  return {
    plain: echoCall(PLAIN_TOOL, 'src/cli/serve.ts'),
    hit: echoCall(CACHED_TOOL, 'src/cli/serve.ts'),
    miss: () => echoCall(CACHED_TOOL, `miss ${misses++}`),
  };
}

async function untilListed(client: Client, names: readonly string[]): Promise<void> {
  const deadline = Date.now() + TOOLS_LISTED_WITHIN_MS;
  for (;;) {
    const listed = new Set((await client.listTools()).tools.map((tool) => tool.name));
    if (names.every((name) => listed.has(name))) return;
    if (Date.now() > deadline) throw new Error(`troupe serve did not list ${names.join(', ')} in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function openTroupeGateway(counts: GatewayCounts): Promise<MeasureSession<ProxiedSample>> {
  const root = await mkdtemp(join(tmpdir(), 'troupe-bench-gateway-'));
  const file = join(root, 'troupe.config.json');
  await writeFile(file, JSON.stringify(gatewayBenchConfig(), null, 2));
  let child: StdioServerChild | null = null;
  try {
    child = await connectStdioServer(TROUPE_CLI, [
      'serve',
      '--config',
      file,
      '--data-dir',
      join(root, '.troupe'),
      '--durability',
      'memory',
      '--log-level',
      'warn',
      // Raw throughput: the rate limits would hold the calls back (the flood scenario measures them).
      '--no-rate-limits',
    ]);
    const { client } = child;
    await untilListed(client, [PLAIN_TOOL, CACHED_TOOL]);
    const { plain, hit, miss } = gatewayEchoCalls();
    for (let index = 0; index < counts.warmUp; index++) {
      await callOnce(client, plain);
      await callOnce(client, hit);
      await callOnce(client, miss());
      await client.ping();
    }
    const opened = child;
    return {
      measureRound: async () => ({
        ...(await measureSequentialWithCpu(opened.pid(), () =>
          measureSequentialCount(client, () => plain, counts.sequential),
        )),
        pipelined: await measurePipelinedCount(client, () => plain, counts.pipelined, counts.inFlight),
        miss: (await measureSequentialCount(client, miss, counts.cache)).latency,
        hit: (await measureSequentialCount(client, () => hit, counts.cache)).latency,
        ping: await measurePings(client, counts.cache),
      }),
      close: async () => {
        await opened.close();
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    const stderr = child?.stderrTail();
    await child?.close();
    await rm(root, { recursive: true, force: true });
    if (stderr && error instanceof Error) error.message += ` (troupe serve stderr: ${stderr.slice(-500)})`;
    throw error;
  }
}
