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
import { callResults, mapHalf } from '../harness/mcp-call-rows.js';
import type { CallSample } from '../harness/mcp-calls.js';
import type { BenchResult } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';
import type { MeasuredTool, ServeDurability } from './troupe-mcp.js';

const ROUNDS = 5;
const IN_FLIGHT = 64;
/** Ours / the bare SDK, on both rates. */
const TARGET_RATIO = 0.8;
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
  const echoSamples = outcome.baseline.flatMap((sample) => sample.latency);
  const results: BenchResult[] = [];
  const latencies: LatencySeries[] = [
    { name: `${BASELINE} (${durability} run)`, role: 'baseline', samples: echoSamples },
  ];
  tools.forEach((tool, index) => {
    const ours = mapHalf(outcome.ours, (rounds) => rounds.map((samples) => toolSample(samples, index)));
    const target = `${tool}, ${durability}`;
    if (ours.status === 'measured')
      latencies.push({ name: target, role: 'ours', samples: ours.value.flatMap((sample) => sample.latency) });
    const spec = { scenario: 'mcp', target, baseline: BASELINE, how: HOW };
    const setting = { rounds: ROUNDS, measure: MEASURE, minRatio: TARGET_RATIO };
    results.push(...callResults({ ...spec, ...setting }, outcome.baseline, ours));
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
