/**
 * The client side of the mcp scenario, the same code for our server and the baseline:
 * one tool call repeated through the SDK `Client` for a fixed time,
 *
 * - sequentially (one call in flight): round trips per second, and µs per call;
 * - pipelined (`inFlight` calls outstanding, each refilled as it finishes): calls per
 *   second, timed until the last call started before the deadline has answered.
 *
 * Every answer is checked: an `isError` result throws (a refusal would be no round trip).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { microsSince } from './latency.js';
import { nowMs, type Throughput, toThroughput } from './measure.js';

/** A `tools/call` request: the tool and its arguments. */
export interface ToolCall {
  readonly name: string;
  readonly arguments: Record<string, unknown>;
}

export interface CallMeasureOptions {
  readonly sequentialMs: number;
  readonly pipelinedMs: number;
  /** Calls outstanding at once in the pipelined part. */
  readonly inFlight: number;
}

export interface CallSample {
  readonly sequential: Throughput;
  /** µs of every sequential call, from `callTool` to its answer. */
  readonly latency: number[];
  readonly pipelined: Throughput;
}

/** What calls a tool: the SDK `Client`, or an adapter over troupe's in-process gateway. */
export interface ToolCaller {
  callTool(call: ToolCall): Promise<object>;
}

/** Call the tool once; an `isError` answer throws with its text. */
export async function callOnce(client: ToolCaller, call: ToolCall): Promise<void> {
  const result = await client.callTool({ name: call.name, arguments: call.arguments });
  if ('isError' in result && result.isError) {
    const content = 'content' in result ? result.content : undefined;
    throw new Error(`${call.name} answered an error: ${JSON.stringify(content).slice(0, 500)}`);
  }
}

export async function measureSequential(
  client: Client,
  call: ToolCall,
  durationMs: number,
): Promise<{ throughput: Throughput; latency: number[] }> {
  const latency: number[] = [];
  const start = nowMs();
  let elapsed = 0;
  while (elapsed < durationMs) {
    const begin = process.hrtime.bigint();
    await callOnce(client, call);
    latency.push(microsSince(begin));
    elapsed = nowMs() - start;
  }
  return { throughput: toThroughput(latency.length, elapsed), latency };
}

export async function measurePipelined(
  client: Client,
  call: ToolCall,
  durationMs: number,
  inFlight: number,
): Promise<Throughput> {
  const start = nowMs();
  const deadline = start + durationMs;
  let answered = 0;
  const lane = async () => {
    while (nowMs() < deadline) {
      await callOnce(client, call);
      answered++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return toThroughput(answered, nowMs() - start);
}

export async function measureCalls(
  client: Client,
  call: ToolCall,
  options: CallMeasureOptions,
): Promise<CallSample> {
  const { throughput, latency } = await measureSequential(client, call, options.sequentialMs);
  const pipelined = await measurePipelined(client, call, options.pipelinedMs, options.inFlight);
  return { sequential: throughput, latency, pipelined };
}
