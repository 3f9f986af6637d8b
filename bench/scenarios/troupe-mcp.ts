/**
 * Troupe half of the mcp scenario: a real `troupe serve` child (default threads) in
 * `memory` mode, or `commit` mode on a fresh temporary data directory, driven over stdio
 * by the same client code as the baseline (`harness/mcp-calls.ts`). The tools measured:
 *
 * - `check_file_lock`: read-only, a read of the locks table on the main thread (no actor turn);
 * - `heartbeat`: mutating, one ask to the AgentRegistry — a durable turn in `commit`
 *   mode — for an agent registered when the session opens (untimed).
 *
 * A round measures each tool in turn on the same child; the sample is in tool order.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  type CallMeasureOptions,
  type CallSample,
  callOnce,
  measureCalls,
  type ToolCall,
} from '../harness/mcp-calls.js';
import { connectStdioServer, type StdioServerChild } from '../harness/mcp-stdio.js';
import { type MeasureSession, warmUpFor } from '../harness/session.js';

export const TROUPE_CLI = new URL('../../src/serve/main.js', import.meta.url);

export type ServeDurability = 'memory' | 'commit';
export type MeasuredTool = 'check_file_lock' | 'heartbeat';

export interface TroupeMcpOptions {
  readonly durability: ServeDurability;
  readonly tools: readonly MeasuredTool[];
  readonly measure: CallMeasureOptions;
  /** Unrecorded calls of each tool for this long when the session opens. */
  readonly warmupMs: number;
}

const AGENT_ID = 'bench-agent';

async function registerAgent(client: Client): Promise<string> {
  const result = await client.callTool({
    name: 'register_agent',
    arguments: {
      id: AGENT_ID,
      name: AGENT_ID,
      role: 'worker',
      model_type: 'llm',
      model_version: '1',
      capabilities: [],
    },
  });
  const token = (result.structuredContent as { agent_token?: unknown } | undefined)?.agent_token;
  if (typeof token !== 'string')
    throw new Error(`register_agent answered no token: ${JSON.stringify(result)}`);
  return token;
}

export async function toolCall(client: Client, tool: MeasuredTool): Promise<ToolCall> {
  switch (tool) {
    case 'check_file_lock':
      return { name: tool, arguments: { path: 'src/cli/serve.ts' } };
    case 'heartbeat':
      return { name: tool, arguments: { agent_id: AGENT_ID, agent_token: await registerAgent(client) } };
  }
}

async function startServe(durability: ServeDurability, dataDir: string | null): Promise<StdioServerChild> {
  const store = dataDir === null ? [] : ['--data-dir', dataDir];
  return connectStdioServer(TROUPE_CLI, [
    'serve',
    '--durability',
    durability,
    ...store,
    '--log-level',
    'warn',
    // Raw throughput: the rate limits would hold the calls back (the flood scenario measures them).
    '--no-rate-limits',
  ]);
}

export async function openTroupeMcp(options: TroupeMcpOptions): Promise<MeasureSession<CallSample[]>> {
  const dataDir = options.durability === 'memory' ? null : await mkdtemp(join(tmpdir(), 'troupe-bench-mcp-'));
  const remove = async () => {
    if (dataDir !== null) await rm(dataDir, { recursive: true, force: true });
  };
  let child: StdioServerChild | null = null;
  try {
    child = await startServe(options.durability, dataDir);
    const { client } = child;
    const calls: ToolCall[] = [];
    for (const tool of options.tools) calls.push(await toolCall(client, tool));
    for (const call of calls) await warmUpFor(options.warmupMs, () => callOnce(client, call));
    const opened = child;
    return {
      measureRound: async () => {
        const samples: CallSample[] = [];
        for (const call of calls) samples.push(await measureCalls(client, call, options.measure));
        return samples;
      },
      close: async () => {
        await opened.close();
        await remove();
      },
    };
  } catch (error) {
    await child?.close();
    await remove();
    throw error;
  }
}
