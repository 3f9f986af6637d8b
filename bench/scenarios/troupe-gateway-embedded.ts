/**
 * Embedded half of the gateway scenario: the same gateway started in the bench process with
 * the embedding API (`startGateway(system, config)`, `memory` store, default threads) on the
 * config troupe serve's half uses (`gatewayBenchConfig`: server-everything as `plain`, and as
 * `cached` with the result cache), called through the `Gateway` handle — no MCP hop between
 * the caller and troupe. A round makes the same calls as troupe serve's half: `plain__echo`
 * sequential and pipelined, then `cached__echo` misses (new arguments each call) and hits
 * (one set of arguments, cached when the session opened). A hit is answered on the caller's
 * thread from the handle's copy of the shared cache (`actors/gateway/embedding/result-mirror.ts`).
 * The CPU per call is not read: the gateway shares the bench's process.
 */

import { createActorSystem, startGateway } from '../../src/index.js';
import type { DirectSample } from '../baselines/mcp-everything.js';
import { measurePipelinedCount, measureSequentialCount } from '../harness/mcp-call-counts.js';
import { callOnce, type ToolCall, type ToolCaller } from '../harness/mcp-calls.js';
import type { MeasureSession } from '../harness/session.js';
import { type GatewayCounts, gatewayBenchConfig, gatewayEchoCalls } from './troupe-gateway.js';

export interface EmbeddedSample extends DirectSample {
  /** µs of each cache miss (new arguments) and each hit (arguments cached). */
  readonly miss: number[];
  readonly hit: number[];
}

export async function openEmbeddedGateway(counts: GatewayCounts): Promise<MeasureSession<EmbeddedSample>> {
  const system = createActorSystem({ askTimeoutMs: 60_000 });
  try {
    const gateway = await startGateway(system, gatewayBenchConfig());
    // The handle answers a call with the downstream result and where it came from.
    const caller: ToolCaller = {
      callTool: async (call: ToolCall) => (await gateway.callTool(call.name, { ...call.arguments })).result,
    };
    const { plain, hit, miss } = gatewayEchoCalls();
    for (let index = 0; index < counts.warmUp; index++) {
      await callOnce(caller, plain);
      await callOnce(caller, hit);
      await callOnce(caller, miss());
    }
    return {
      measureRound: async () => ({
        sequential: await measureSequentialCount(caller, () => plain, counts.sequential),
        cpuPerCall: null,
        pipelined: await measurePipelinedCount(caller, () => plain, counts.pipelined, counts.inFlight),
        miss: (await measureSequentialCount(caller, miss, counts.cache)).latency,
        hit: (await measureSequentialCount(caller, () => hit, counts.cache)).latency,
      }),
      close: async () => {
        await gateway.stop().catch(() => {});
        await system.shutdown().catch(() => {});
      },
    };
  } catch (error) {
    await system.shutdown().catch(() => {});
    throw error;
  }
}
