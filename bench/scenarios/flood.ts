/**
 * Scenario flood (issue 17's acceptance): `FLOOD_SENDS` `send_message` calls (100,000 by
 * default; `--flood-sends N` or `TROUPE_BENCH_FLOOD_SENDS`) from ONE sender at ONE agent,
 * `IN_FLIGHT` outstanding, over stdio from the SDK client to a real `troupe serve` child in
 * commit mode, in two phases, each on a fresh data directory:
 *
 * - `default limits`: the rate limits as shipped (`src/mcp/limits/limits-config.ts`): the sender
 *   is held to its per-agent bucket, most sends are answered `rate_limited`;
 * - `inbox cap only` (`--no-rate-limits`): every send reaches the recipient's inbox until its
 *   cap (10,000 by default); the rest are answered `inbox_full`.
 *
 * Meanwhile a second client (a second `troupe serve` attached to the same runtime, as a second
 * MCP host would be) calls `health` every `HEALTH_EVERY_MS`, and the hosting process's RSS is
 * sampled from `/proc` every `RSS_EVERY_MS`. Rows per phase: the sends acknowledged,
 * `rate_limited`, `inbox_full` and otherwise refused (share of the sends); sends/s; peak RSS and
 * its growth over the flood's second half (bounded = flat once the cap is reached: target
 * ≤ 64 MiB); `health` p50 (target ≤ 50 ms, issue 17) and p99 during the flood against `health`
 * idle before it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { percentileOfSorted } from '../harness/latency.js';
import { connectStdioServer, type StdioServerChild } from '../harness/mcp-stdio.js';
import { type BenchResult, createResult } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';
import { TROUPE_CLI } from './troupe-mcp.js';

export const FLOOD_SENDS_ENV = 'TROUPE_BENCH_FLOOD_SENDS';
const DEFAULT_SENDS = 100_000;
const IN_FLIGHT = 256;
const HEALTH_EVERY_MS = 50;
const RSS_EVERY_MS = 250;
const IDLE_HEALTH_CALLS = 40;
const TARGET_HEALTH_P50_MS = 50;
const TARGET_RSS_GROWTH_MIB = 64;
const MIB = 1024 * 1024;

interface Phase {
  readonly name: string;
  readonly flags: readonly string[];
}

const PHASES: readonly Phase[] = [
  { name: 'default limits', flags: [] },
  { name: 'inbox cap only', flags: ['--no-rate-limits'] },
];

/** How many sends: `--flood-sends` (set by the bench CLI) or the env, else 100,000. */
function floodSends(): number {
  const given = Number(process.env[FLOOD_SENDS_ENV] ?? DEFAULT_SENDS);
  if (!Number.isInteger(given) || given < 1) throw new Error(`${FLOOD_SENDS_ENV} must be a positive integer`);
  return given;
}

interface PhaseFigures {
  readonly sends: number;
  readonly outcomes: ReadonlyMap<string, number>;
  readonly seconds: number;
  readonly rssPeak: number;
  readonly rssGrowthSecondHalf: number;
  readonly rssSamples: readonly number[];
  readonly healthIdle: readonly number[];
  readonly healthFlood: readonly number[];
}

function serveArgs(dataDir: string, flags: readonly string[]): string[] {
  return ['serve', '--data-dir', dataDir, '--durability', 'commit', '--log-level', 'warn', ...flags];
}

async function register(client: Client, id: string): Promise<void> {
  const result = await client.callTool({
    name: 'register_agent',
    arguments: { id, name: id, role: 'worker', model_type: 'llm', model_version: '1', capabilities: [] },
  });
  if (result.isError) throw new Error(`register_agent ${id}: ${JSON.stringify(result.content)}`);
}

/** The error code of a tool result, or `ok`. */
function outcomeOf(result: { isError?: boolean; content?: unknown }): string {
  if (!result.isError) return 'ok';
  const text = (result.content as { text?: string }[] | undefined)?.[0]?.text ?? '';
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? 'internal';
  } catch {
    return 'internal';
  }
}

async function rssOf(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kib === undefined ? null : Number(kib) * 1024;
  } catch {
    return null;
  }
}

async function timedHealth(client: Client): Promise<number> {
  const started = performance.now();
  const result = await client.callTool({ name: 'health', arguments: {} });
  const ms = performance.now() - started;
  if (result.isError) throw new Error(`health failed: ${JSON.stringify(result.content)}`);
  return ms;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runPhase(phase: Phase, sends: number): Promise<PhaseFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'troupe-bench-flood-'));
  let host: StdioServerChild | null = null;
  let second: StdioServerChild | null = null;
  try {
    host = await connectStdioServer(TROUPE_CLI, serveArgs(dataDir, phase.flags));
    const pid = host.pid();
    if (pid === null) throw new Error('troupe serve has no pid');
    const flooder = host.client;
    await flooder.listTools();
    await register(flooder, 'sender');
    await register(flooder, 'recipient');
    second = await connectStdioServer(TROUPE_CLI, serveArgs(dataDir, phase.flags));
    const prober = second.client;
    await prober.listTools();
    const healthIdle: number[] = [];
    for (let i = 0; i < IDLE_HEALTH_CALLS; i++) {
      healthIdle.push(await timedHealth(prober));
      await sleep(HEALTH_EVERY_MS);
    }

    let done = false;
    const healthFlood: number[] = [];
    const probing = (async () => {
      while (!done) {
        const started = performance.now();
        healthFlood.push(await timedHealth(prober));
        await sleep(Math.max(0, HEALTH_EVERY_MS - (performance.now() - started)));
      }
    })();
    const rssSamples: { at: number; bytes: number }[] = [];
    let sent = 0;
    const sampling = (async () => {
      while (!done) {
        const bytes = await rssOf(pid);
        if (bytes !== null) rssSamples.push({ at: sent, bytes });
        await sleep(RSS_EVERY_MS);
      }
    })();

    const outcomes = new Map<string, number>();
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < sends) {
        const n = next++;
        const result = await flooder.callTool(
          {
            name: 'send_message',
            arguments: { sender_id: 'sender', recipient_id: 'recipient', content: { n } },
          },
          undefined,
          { timeout: 120_000 },
        );
        sent++;
        const outcome = outcomeOf(result as { isError?: boolean; content?: unknown });
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const seconds = (performance.now() - started) / 1000;
    done = true;
    await Promise.all([probing, sampling]);
    const finalRss = await rssOf(pid);
    if (finalRss !== null) rssSamples.push({ at: sent, bytes: finalRss });
    const half = rssSamples.filter((sample) => sample.at >= sends / 2);
    const bytes = rssSamples.map((sample) => sample.bytes);
    const halfBytes = half.map((sample) => sample.bytes);
    return {
      sends,
      outcomes,
      seconds,
      rssPeak: Math.max(...bytes),
      rssGrowthSecondHalf: halfBytes.length < 2 ? 0 : Math.max(...halfBytes) - (halfBytes[0] as number),
      rssSamples: bytes,
      healthIdle,
      healthFlood,
    };
  } finally {
    await second?.close();
    await host?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function percentile(samples: readonly number[], p: number): number {
  return percentileOfSorted(
    [...samples].sort((a, b) => a - b),
    p,
  );
}

const mib = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;

function phaseResults(phase: Phase, figures: PhaseFigures): BenchResult[] {
  const scenario = 'flood';
  const { sends, outcomes } = figures;
  const sendsBaseline = { name: `sends (${sends}, ${IN_FLIGHT} in flight)`, value: sends };
  const count = (code: string) => outcomes.get(code) ?? 0;
  const others = [...outcomes].filter(([code]) => !['ok', 'rate_limited', 'inbox_full'].includes(code));
  const otherCount = others.reduce((sum, [, n]) => sum + n, 0);
  const countRow = (what: string, value: number, note?: string) =>
    createResult(
      {
        scenario,
        metric: `${phase.name}: ${what}`,
        unit: 'sends',
        better: 'higher',
        baseline: sendsBaseline,
        ...(note === undefined ? {} : { note }),
      },
      value,
    );
  const rssNote = `RSS of the hosting troupe serve from /proc every ${RSS_EVERY_MS} ms (MiB): ${figures.rssSamples
    .filter((_, i, all) => i % Math.max(1, Math.floor(all.length / 12)) === 0 || i === all.length - 1)
    .map(mib)
    .join(' ')}`;
  const healthBaseline = {
    name: `health p50 idle (${figures.healthIdle.length} calls)`,
    value: percentile(figures.healthIdle, 50),
  };
  return [
    countRow('acknowledged', count('ok')),
    countRow('rate_limited', count('rate_limited')),
    countRow('inbox_full', count('inbox_full')),
    countRow(
      'refused otherwise',
      otherCount,
      others.length === 0 ? undefined : others.map(([code, n]) => `${code}: ${n}`).join(', '),
    ),
    createResult(
      {
        scenario,
        metric: `${phase.name}: sends/s`,
        unit: 'calls/s',
        better: 'higher',
        baseline: { name: 'wall time of the flood (s)', value: Math.round(figures.seconds * 10) / 10 },
      },
      sends / figures.seconds,
    ),
    createResult(
      {
        scenario,
        metric: `${phase.name}: RSS peak`,
        unit: 'MiB',
        better: 'lower',
        baseline: { name: 'RSS at start (MiB)', value: mib(figures.rssSamples[0] ?? 0) },
        note: rssNote,
      },
      mib(figures.rssPeak),
    ),
    createResult(
      {
        scenario,
        metric: `${phase.name}: RSS growth over the second half`,
        unit: 'MiB',
        better: 'lower',
        baseline: { name: 'RSS peak (MiB)', value: mib(figures.rssPeak) },
        target: TARGET_RSS_GROWTH_MIB,
      },
      mib(figures.rssGrowthSecondHalf),
    ),
    createResult(
      {
        scenario,
        metric: `${phase.name}: health p50 during the flood`,
        unit: 'ms',
        better: 'lower',
        baseline: healthBaseline,
        target: TARGET_HEALTH_P50_MS,
        note: `${figures.healthFlood.length} health calls every ${HEALTH_EVERY_MS} ms from a second attached client`,
      },
      percentile(figures.healthFlood, 50),
    ),
    createResult(
      {
        scenario,
        metric: `${phase.name}: health p99 during the flood`,
        unit: 'ms',
        better: 'lower',
        baseline: { name: 'health p99 idle', value: percentile(figures.healthIdle, 99) },
      },
      percentile(figures.healthFlood, 99),
    ),
  ];
}

export const flood: Scenario = {
  name: 'flood',
  description:
    'one sender floods one agent over MCP: acknowledged / rate_limited / inbox_full, RSS, health latency',
  timeLimitMs: 30 * 60_000,
  plannedRounds: PHASES.length,
  async run() {
    const sends = floodSends();
    const results: BenchResult[] = [];
    for (const phase of PHASES) results.push(...phaseResults(phase, await runPhase(phase, sends)));
    return results;
  },
};
