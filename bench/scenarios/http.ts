/**
 * Scenario http: MCP tool calls over Streamable HTTP from the SDK `Client` (its
 * `StreamableHTTPClientTransport`), the way a remote MCP host makes them, to
 * `troupe serve --http 127.0.0.1:0` (`troupe-http.ts`: `check_file_lock`, memory mode) vs a bare
 * SDK Streamable HTTP echo server in a child (`baselines/mcp-echo-http-server.ts`), both driven
 * by the same client code (`harness/mcp-calls.ts`) in the same run.
 *
 * Rows (`harness/mcp-call-rows.ts`): sequential round trips/s with p50/p99 µs per call, and
 * calls/s with `IN_FLIGHT` outstanding; target ≥ 0.8× the bare SDK on both rates. Rounds
 * alternate baseline and ours on children opened once; medians of `ROUNDS`, latencies pooled.
 * Two more rows check `/metrics` scraped mid-run and after (`http-metrics.ts`).
 * `TROUPE_BENCH_HTTP_SCALE` (default 1) scales the durations, and below 1 the rounds to one.
 */
import { openMcpEcho, startEchoHttp } from '../baselines/mcp-echo.js';
import { runInterleaved } from '../harness/interleave.js';
import { callResults } from '../harness/mcp-call-rows.js';
import type { BenchResult } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';
import { scrapeResult } from './http-metrics.js';
import type { ScrapePhase } from './troupe-http.js';

const SCALE = Number(process.env.TROUPE_BENCH_HTTP_SCALE ?? 1);
const ROUNDS = 5;
const IN_FLIGHT = 64;
/** Ours / the bare SDK, on both rates. */
const TARGET_RATIO = 0.8;

export interface HttpRun {
  readonly results: BenchResult[];
  /** The `/metrics` scrapes, as answered. */
  readonly scrapes: ReadonlyMap<ScrapePhase, string>;
}

export async function runHttp(scale: number): Promise<HttpRun> {
  const scaled = (ms: number) => Math.max(10, Math.round(ms * scale));
  const measure = { sequentialMs: scaled(600), pipelinedMs: scaled(600), inFlight: IN_FLIGHT };
  const warmupMs = scaled(500);
  const rounds = scale < 1 ? 1 : ROUNDS;
  const scrapes = new Map<ScrapePhase, string>();
  const outcome = await runInterleaved({
    baseline: () => openMcpEcho(measure, warmupMs, startEchoHttp),
    ours: {
      label: 'troupe serve --http (memory)',
      load: () => import('./troupe-http.js'),
      open: (half) =>
        half.openTroupeHttp({ measure, warmupMs, onScrape: (phase, text) => scrapes.set(phase, text) }),
    },
    warmupRounds: 1,
    rounds,
    roundTimeoutMs: 30_000,
  });
  const how = `median of ${rounds} alternating rounds (after 1 warm-up round) on one child each, SDK Client over StreamableHTTPClientTransport`;
  const spec = { scenario: 'http', target: 'check_file_lock, memory', baseline: 'bare SDK HTTP echo server' };
  const results = callResults(
    { ...spec, how, rounds, measure, minRatio: TARGET_RATIO },
    outcome.baseline,
    outcome.ours,
  );
  if (outcome.ours.status === 'measured')
    results.push(scrapeResult('during', scrapes.get('during')), scrapeResult('after', scrapes.get('after')));
  return { results, scrapes };
}

export const http: Scenario = {
  name: 'http',
  description:
    'MCP tool calls over Streamable HTTP to troupe serve --http vs a bare SDK HTTP echo server; /metrics under load',
  run: async () => (await runHttp(SCALE)).results,
};
