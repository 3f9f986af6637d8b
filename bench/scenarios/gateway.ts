/**
 * Scenario gateway (issue 12): a downstream MCP server's tool called through troupe's
 * gateway vs the same tool called directly, in one run. The server is the real
 * `@modelcontextprotocol/server-everything` from npm, its read-only `echo` tool.
 *
 * - Baseline: an SDK `Client` over stdio straight to the server (`baselines/mcp-everything.ts`).
 * - Ours: an SDK `Client` to `troupe serve --config <tmp config>` calling `plain__echo`
 *   (no cache), then `cached__echo` misses and hits, and `ping` (`troupe-gateway.ts`).
 *
 * - Embedded: the same gateway started in the bench process (`startGateway`, the embedding
 *   API) and called through its handle, against the direct client again in rounds of its
 *   own (`troupe-gateway-embedded.ts`): what the gateway costs without the MCP hop to troupe.
 *
 * Rounds alternate baseline and ours (1 untimed warm-up round, then `ROUNDS`); latencies
 * are pooled over the rounds, rates are the median round's. Targets and rows:
 * `gateway-targets.ts`. `TROUPE_BENCH_GATEWAY_SCALE` (default 1) scales the call counts.
 */
import { loadavg } from 'node:os';
import { type DirectSample, openDirectEverything } from '../baselines/mcp-everything.js';
import { type OurHalf, runInterleaved } from '../harness/interleave.js';
import { summarizeLatency } from '../harness/latency.js';
import { medianThroughput } from '../harness/measure.js';
import { type BenchResult, createMissingResult } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';
import {
  embeddedGatewayResults,
  type GatewaySetting,
  gatewayResults,
  type PathFigures,
  summarizePath,
} from './gateway-targets.js';
import type { GatewayCounts, ProxiedSample } from './troupe-gateway.js';
import type { EmbeddedSample } from './troupe-gateway-embedded.js';

const SCALE = Number(process.env.TROUPE_BENCH_GATEWAY_SCALE ?? 1);
const ROUNDS = 5;
const IN_FLIGHT = 64;

function countsAt(scale: number): GatewayCounts {
  const scaled = (count: number) => Math.max(1, Math.round(count * scale));
  return {
    sequential: scaled(1_000),
    pipelined: scaled(4_000),
    inFlight: IN_FLIGHT,
    warmUp: scaled(500),
    cache: scaled(1_000),
  };
}

function directFigures(samples: readonly DirectSample[]) {
  return summarizePath(
    samples.flatMap((sample) => sample.sequential.latency),
    medianThroughput(samples.map((sample) => sample.sequential.throughput)).perSecond,
    medianThroughput(samples.map((sample) => sample.pipelined)).perSecond,
    samples.map((sample) => sample.cpuPerCall),
  );
}

export async function runGateway(scale: number): Promise<BenchResult[]> {
  const counts = countsAt(scale);
  const setting = (): GatewaySetting => ({
    rounds: ROUNDS,
    sequentialPerRound: counts.sequential,
    pipelinedPerRound: counts.pipelined,
    cachePerRound: counts.cache,
    inFlight: IN_FLIGHT,
    warmUp: counts.warmUp,
    loadAverage: loadavg(),
  });
  const served = await againstDirect(
    counts,
    {
      label: 'troupe serve --config (gateway)',
      load: () => import('./troupe-gateway.js'),
      open: (half) => half.openTroupeGateway(counts),
    },
    'proxied call latency p50',
    (direct, ours: readonly ProxiedSample[]) =>
      gatewayResults(
        {
          direct,
          proxied: directFigures(ours),
          miss: summarizeLatency(ours.flatMap((sample) => sample.miss)),
          hit: summarizeLatency(ours.flatMap((sample) => sample.hit)),
          ping: summarizeLatency(ours.flatMap((sample) => sample.ping)),
        },
        setting(),
      ),
  );
  const embedded = await againstDirect(
    counts,
    {
      label: 'startGateway in process (gateway, embedded)',
      load: () => import('./troupe-gateway-embedded.js'),
      open: (half) => half.openEmbeddedGateway(counts),
    },
    'embedded: proxied call latency p50',
    (direct, ours: readonly EmbeddedSample[]) =>
      embeddedGatewayResults(
        {
          direct,
          proxied: directFigures(ours),
          miss: summarizeLatency(ours.flatMap((sample) => sample.miss)),
          hit: summarizeLatency(ours.flatMap((sample) => sample.hit)),
        },
        setting(),
      ),
  );
  return [...served, ...embedded];
}

/**
 * Our half in rounds alternating with the direct client; a half that could not be measured
 * is one row saying why (`firstMetric`, next to the direct p50).
 */
async function againstDirect<Module, Sample>(
  counts: GatewayCounts,
  ours: OurHalf<Module, Sample>,
  firstMetric: string,
  results: (direct: PathFigures, samples: readonly Sample[]) => BenchResult[],
): Promise<BenchResult[]> {
  const outcome = await runInterleaved({
    baseline: () => openDirectEverything(counts),
    ours,
    warmupRounds: 1,
    rounds: ROUNDS,
    roundTimeoutMs: 120_000,
  });
  const direct = directFigures(outcome.baseline);
  if (outcome.ours.status === 'measured') return results(direct, outcome.ours.value);
  return [
    createMissingResult(
      {
        scenario: 'gateway',
        metric: firstMetric,
        unit: 'µs',
        better: 'lower',
        baseline: { name: 'direct SDK Client → server-everything', value: direct.latency.p50 },
      },
      outcome.ours.status,
      outcome.ours.reason,
    ),
  ];
}

export const gateway: Scenario = {
  name: 'gateway',
  description:
    'server-everything echo through troupe serve --config and through startGateway in process (no cache; cache miss/hit) vs a direct SDK client',
  timeLimitMs: Math.max(100_000, 300_000 * SCALE),
  run: () => runGateway(SCALE),
};
