/**
 * Scenario mcp: tool calls to `troupe serve` over stdio from the MCP SDK `Client`, the way
 * an MCP host makes them. Baseline: a bare SDK `McpServer` with one `echo` tool
 * (`baselines/mcp-echo-server.ts`), driven by the same client code (`harness/mcp-calls.ts`).
 * Troupe half: `troupe-mcp.ts` — `check_file_lock` in `memory` mode, `check_file_lock`
 * and `heartbeat` (a durable turn) in `commit` mode.
 *
 * Per tool: sequential round trips/s with p50/p99 µs per call, and pipelined calls/s
 * with `IN_FLIGHT` calls outstanding. Rounds alternate baseline and ours on children opened
 * once per mode; medians of `ROUNDS`, latencies pooled. Target: ≥ 0.8× the bare SDK.
 */
import { openMcpEcho } from '../baselines/mcp-echo.js';
import { runInterleaved } from '../harness/interleave.js';
import { summarizeLatency } from '../harness/latency.js';
import type { CallSample } from '../harness/mcp-calls.js';
import { medianThroughput } from '../harness/measure.js';
import type { BenchResult } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';
import { resultFromHalf } from '../harness/troupe-half.js';
import type { MeasuredTool, ServeDurability } from './troupe-mcp.js';

const ROUNDS = 5;
const IN_FLIGHT = 64;
const MEASURE = { sequentialMs: 600, pipelinedMs: 600, inFlight: IN_FLIGHT } as const;
const WARMUP_MS = 500;
const MODES: readonly { durability: ServeDurability; tools: readonly MeasuredTool[] }[] = [
  { durability: 'memory', tools: ['check_file_lock'] },
  { durability: 'commit', tools: ['check_file_lock', 'heartbeat'] },
];

const BASELINE = 'bare SDK echo server';
const HOW = `median of ${ROUNDS} alternating rounds (after 1 warm-up round) on one child each, SDK Client over StdioClientTransport`;

function toolSample(samples: readonly CallSample[], index: number): CallSample {
  const sample = samples[index];
  if (sample === undefined) throw new Error(`no sample for tool ${index}`);
  return sample;
}

async function measureMode(
  durability: ServeDurability,
  tools: readonly MeasuredTool[],
): Promise<BenchResult[]> {
  const outcome = await runInterleaved({
    baseline: () => openMcpEcho(MEASURE, WARMUP_MS),
    ours: {
      label: `troupe serve (${durability})`,
      load: () => import('./troupe-mcp.js'),
      open: (half) => half.openTroupeMcp({ durability, tools, measure: MEASURE, warmupMs: WARMUP_MS }),
    },
    warmupRounds: 1,
    rounds: ROUNDS,
    roundTimeoutMs: 30_000,
  });
  const echoSequential = medianThroughput(outcome.baseline.map((sample) => sample.sequential)).perSecond;
  const echoPipelined = medianThroughput(outcome.baseline.map((sample) => sample.pipelined)).perSecond;
  const echoLatency = summarizeLatency(outcome.baseline.flatMap((sample) => sample.latency));
  const results: BenchResult[] = [];
  tools.forEach((tool, index) => {
    const of = (rounds: readonly CallSample[][]) => rounds.map((samples) => toolSample(samples, index));
    const target = `${tool}, ${durability}`;
    results.push(
      resultFromHalf(
        {
          scenario: 'mcp',
          metric: `sequential round trips ${target}`,
          unit: 'calls/s',
          better: 'higher',
          baseline: { name: `${BASELINE}, sequential`, value: echoSequential },
          note: `${HOW}; one call in flight for ${MEASURE.sequentialMs} ms per round; target >= 0.8x`,
        },
        outcome.ours,
        (rounds) => medianThroughput(of(rounds).map((sample) => sample.sequential)).perSecond,
      ),
    );
    for (const percentile of ['p50', 'p99'] as const) {
      results.push(
        resultFromHalf(
          {
            scenario: 'mcp',
            metric: `call latency ${percentile} ${target}`,
            unit: 'µs',
            better: 'lower',
            baseline: { name: `${BASELINE}, sequential`, value: echoLatency[percentile] },
            note: `every sequential call of all ${ROUNDS} rounds pooled, hrtime from callTool to its answer`,
          },
          outcome.ours,
          (rounds) => summarizeLatency(of(rounds).flatMap((sample) => sample.latency))[percentile],
        ),
      );
    }
    results.push(
      resultFromHalf(
        {
          scenario: 'mcp',
          metric: `pipelined calls ${target}`,
          unit: 'calls/s',
          better: 'higher',
          baseline: { name: `${BASELINE}, ${IN_FLIGHT} in flight`, value: echoPipelined },
          note: `${HOW}; ${IN_FLIGHT} calls in flight, each refilled as it answers, for ${MEASURE.pipelinedMs} ms per round (timed until the last answer)`,
        },
        outcome.ours,
        (rounds) => medianThroughput(of(rounds).map((sample) => sample.pipelined)).perSecond,
      ),
    );
  });
  return results;
}

export const mcp: Scenario = {
  name: 'mcp',
  description: 'MCP tool calls over stdio to troupe serve vs a bare SDK echo server (sequential, pipelined)',
  async run() {
    const results: BenchResult[] = [];
    for (const { durability, tools } of MODES) results.push(...(await measureMode(durability, tools)));
    return results;
  },
};
