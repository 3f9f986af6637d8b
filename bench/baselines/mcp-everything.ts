/**
 * Baseline of the gateway scenario: a plain SDK `Client` over stdio straight to the real
 * `@modelcontextprotocol/server-everything` from npm, calling its read-only `echo` tool —
 * the call troupe's gateway proxies in the same run. Opened once (warm-up untimed); each
 * round makes `sequential` calls one at a time, then `pipelined` calls with `inFlight`
 * outstanding.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  measurePipelinedCount,
  measureSequentialCount,
  type SequentialCount,
} from '../harness/mcp-call-counts.js';
import { callOnce, type ToolCall } from '../harness/mcp-calls.js';
import { connectStdioServer } from '../harness/mcp-stdio.js';
import type { Throughput } from '../harness/measure.js';
import { withProcessCpu } from '../harness/process-cpu.js';
import type { MeasureSession } from '../harness/session.js';

const require = createRequire(import.meta.url);

/** The entry script of server-everything (run as `node <it> stdio`). */
export const EVERYTHING_SCRIPT = join(
  dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')),
  'dist',
  'index.js',
);
export const EVERYTHING_ARGS = ['stdio'] as const;

/** The `echo` call with `message`; the same text on every call of a round. */
export function echoCall(name: string, message: string): ToolCall {
  return { name, arguments: { message } };
}

export interface CallCounts {
  readonly sequential: number;
  readonly pipelined: number;
  readonly inFlight: number;
  /** Untimed calls when the session opens. */
  readonly warmUp: number;
}

export interface DirectSample {
  readonly sequential: SequentialCount;
  readonly pipelined: Throughput;
  /** µs of CPU the serving process (all its threads) spent per sequential call; null off Linux. */
  readonly cpuPerCall: number | null;
}

/** The sequential calls, with the CPU `pid` spent on them per call. */
export async function measureSequentialWithCpu(
  pid: number | null,
  run: () => Promise<SequentialCount>,
): Promise<{ sequential: SequentialCount; cpuPerCall: number | null }> {
  const { value, cpuMicros } = await withProcessCpu(pid, run);
  return { sequential: value, cpuPerCall: cpuMicros === null ? null : cpuMicros / value.latency.length };
}

export async function openDirectEverything(counts: CallCounts): Promise<MeasureSession<DirectSample>> {
  const child = await connectStdioServer(pathToFileURL(EVERYTHING_SCRIPT), EVERYTHING_ARGS);
  const call = echoCall('echo', 'src/cli/serve.ts');
  try {
    for (let index = 0; index < counts.warmUp; index++) await callOnce(child.client, call);
  } catch (error) {
    await child.close();
    throw error;
  }
  return {
    measureRound: async () => ({
      ...(await measureSequentialWithCpu(child.pid(), () =>
        measureSequentialCount(child.client, () => call, counts.sequential),
      )),
      pipelined: await measurePipelinedCount(child.client, () => call, counts.pipelined, counts.inFlight),
    }),
    close: () => child.close(),
  };
}
