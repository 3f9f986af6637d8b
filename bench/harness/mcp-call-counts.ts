/**
 * Counted tool calls through the SDK `Client` (or any `ToolCaller`), for scenarios that
 * compare two servers by a fixed number of calls rather than a fixed time (so the report can
 * say how many calls a percentile rests on):
 *
 * - `measureSequentialCount`: `count` calls one after the other, µs of each, and the rate;
 * - `measurePipelinedCount`: `count` calls with `inFlight` outstanding (each refilled as it
 *   answers), timed from the first call to the last answer.
 *
 * The call is built per index (`callAt(i)`), so a caller can vary the arguments (cache
 * misses) or keep them (hits). Every answer is checked: an `isError` result throws
 * (`mcp-calls.ts`'s `callOnce`). This module decides nothing about targets.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { microsSince } from './latency.js';
import { callOnce, type ToolCall, type ToolCaller } from './mcp-calls.js';
import { nowMs, type Throughput, toThroughput } from './measure.js';

export interface SequentialCount {
  readonly throughput: Throughput;
  /** µs of every call, from `callTool` to its answer, in call order. */
  readonly latency: number[];
}

export async function measureSequentialCount(
  client: ToolCaller,
  callAt: (index: number) => ToolCall,
  count: number,
): Promise<SequentialCount> {
  const latency: number[] = [];
  const start = nowMs();
  for (let index = 0; index < count; index++) {
    const call = callAt(index);
    const begin = process.hrtime.bigint();
    await callOnce(client, call);
    latency.push(microsSince(begin));
  }
  return { throughput: toThroughput(count, nowMs() - start), latency };
}

export async function measurePipelinedCount(
  client: ToolCaller,
  callAt: (index: number) => ToolCall,
  count: number,
  inFlight: number,
): Promise<Throughput> {
  let next = 0;
  const start = nowMs();
  const lane = async () => {
    while (next < count) await callOnce(client, callAt(next++));
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
  return toThroughput(count, nowMs() - start);
}

/** `count` sequential `ping`s (the protocol's own no-op request): µs of each. */
export async function measurePings(client: Client, count: number): Promise<number[]> {
  const latency: number[] = [];
  for (let index = 0; index < count; index++) {
    const begin = process.hrtime.bigint();
    await client.ping();
    latency.push(microsSince(begin));
  }
  return latency;
}
