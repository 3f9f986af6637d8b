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
 * The sequential calls' latency distributions (per tool, and the echo server's) are a curve.
 */
import { openMcpEcho } from '../baselines/mcp-echo.js';
import { createLatencyCurve, type SeriesRole } from '../harness/curve.js';
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

interface LatencySeries {
  readonly name: string;
  readonly role: SeriesRole;
  readonly samples: readonly number[];
}

async function measureMode(
  durability: ServeDurability,
  tools: readonly MeasuredTool[],
): Promise<{ results: BenchResult[]; latencies: LatencySeries[] }> {
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
  const echoSamples = outcome.baseline.flatMap((sample) => sample.latency);
  const echoLatency = summarizeLatency(echoSamples);
  const results: BenchResult[] = [];
  const latencies: LatencySeries[] = [
    { name: `${BASELINE} (${durability} run)`, role: 'baseline', samples: echoSamples },
  ];
  tools.forEach((tool, index) => {
    const of = (rounds: readonly CallSample[][]) => rounds.map((samples) => toolSample(samples, index));
    const target = `${tool}, ${durability}`;
    if (outcome.ours.status === 'measured')
      latencies.push({
        name: target,
        role: 'ours',
        samples: of(outcome.ours.value).flatMap((sample) => sample.latency),
      });
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
  return { results, latencies };
}

export const mcp: Scenario = {
  name: 'mcp',
  description: 'MCP tool calls over stdio to troupe serve vs a bare SDK echo server (sequential, pipelined)',
  plannedRounds: 12,
  async run() {
    const results: BenchResult[] = [];
    const latencies: LatencySeries[] = [];
    for (const { durability, tools } of MODES) {
      const mode = await measureMode(durability, tools);
      results.push(...mode.results);
      latencies.push(...mode.latencies);
    }
    const curve = createLatencyCurve(
      {
        scenario: 'mcp',
        id: 'mcp/call-latency',
        title: 'MCP tool call latency over stdio: troupe serve vs a bare SDK server',
        measures: `µs per sequential tools/call from the SDK Client over stdio, from callTool to its answer, every call of ${ROUNDS} rounds of ${MEASURE.sequentialMs} ms pooled; troupe serve per tool and durability mode, the bare SDK echo server measured alongside each mode.`,
      },
      latencies,
    );
    return { results, curves: [curve] };
  },
};
