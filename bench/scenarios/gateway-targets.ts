/**
 * The gateway scenario's figures and issue 12's targets, as results: pure, no I/O.
 *
 * Absolute rows (µs, calls/s) put the proxied call next to the direct one measured in the
 * same run; three ratio rows carry the acceptance targets (PASS/FAIL in the table, `target`
 * in the JSON; a miss is reported, never an exit failure):
 *
 * - proxied p50 / direct p50 ≤ 1.25;
 * - proxied calls/s / direct calls/s, 64 in flight, ≥ 0.8;
 * - cache miss p50 / cache hit p50 (how many times faster a hit is) ≥ 20.
 *
 * The same three for the embedded gateway (`embeddedGatewayResults`), as `embedded: …` rows.
 */
import { type LatencySummary, summarizeLatency } from '../harness/latency.js';
import { type BenchResult, createResult } from '../harness/result.js';

export const GATEWAY_TARGETS = {
  /** Proxied p50 at most this many times the direct p50. */
  latencyP50: 1.25,
  /** Proxied throughput with 64 in flight at least this fraction of the direct one. */
  throughput: 0.8,
  /** A cache hit at least this many times faster than a miss (p50 / p50). */
  cacheSpeedup: 20,
} as const;

/** One side's calls, pooled over the measured rounds. */
export interface PathFigures {
  readonly latency: LatencySummary;
  /** Median round's sequential calls/s. */
  readonly sequentialPerSecond: number;
  /** Median round's calls/s with the calls in flight. */
  readonly pipelinedPerSecond: number;
  /** Median round's µs of CPU the serving process spent per sequential call (null: not readable). */
  readonly cpuPerCall: number | null;
}

/** One way of calling the gateway (troupe serve, or the embedding API) next to the direct client. */
export interface ProxiedFigures {
  readonly direct: PathFigures;
  readonly proxied: PathFigures;
  readonly miss: LatencySummary;
  readonly hit: LatencySummary;
}

/** troupe serve's figures: also its bare MCP round trip (`ping`). */
export interface GatewayFigures extends ProxiedFigures {
  readonly ping: LatencySummary;
}

/** How the figures were taken, for the notes: calls per side, rounds, in flight, load. */
export interface GatewaySetting {
  readonly rounds: number;
  readonly sequentialPerRound: number;
  readonly pipelinedPerRound: number;
  readonly cachePerRound: number;
  readonly inFlight: number;
  readonly warmUp: number;
  /** `os.loadavg()` when the scenario ended. */
  readonly loadAverage: readonly number[];
}

export function summarizePath(
  latency: readonly number[],
  sequentialPerSecond: number,
  pipelinedPerSecond: number,
  cpuPerCall: readonly (number | null)[],
): PathFigures {
  return {
    latency: summarizeLatency(latency),
    sequentialPerSecond,
    pipelinedPerSecond,
    cpuPerCall: medianOrNull(cpuPerCall),
  };
}

/** The median of the readings (upper middle of an even count), or null if any is missing. */
export function medianOrNull(values: readonly (number | null)[]): number | null {
  if (values.length === 0 || values.some((value) => value === null)) return null;
  const sorted = (values as number[]).slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const DIRECT = 'direct SDK Client → server-everything';

export function gatewayResults(figures: GatewayFigures, setting: GatewaySetting): BenchResult[] {
  const { direct, proxied, miss, hit, ping } = figures;
  const load = setting.loadAverage.map((value) => value.toFixed(2)).join(' ');
  const row = rowsNamed('');
  const sequential = `${setting.rounds} alternating rounds × ${setting.sequentialPerRound} sequential echo calls per side (${direct.latency.count} direct, ${proxied.latency.count} proxied) after ${setting.warmUp} untimed and 1 untimed round; load average ${load}`;
  return [
    ...pathRows(row, figures, setting, sequential),
    row(
      'proxied call latency p50 vs its floor',
      'µs',
      'lower',
      { name: 'direct p50 + troupe ping p50', value: direct.latency.p50 + ping.p50 },
      proxied.latency.p50,
      {
        note: 'the floor: a proxied call is a direct call plus a round trip to troupe serve; the ratio is troupe’s own cost above it',
      },
    ),
    ...cpuRows(direct, proxied),
    row('cache hit latency p50', 'µs', 'lower', { name: 'cache miss p50', value: miss.p50 }, hit.p50, {
      note: `${setting.rounds} × ${setting.cachePerRound} sequential misses (new arguments each) and as many hits (arguments cached); miss p99 ${miss.p99.toFixed(0)} µs, hit p99 ${hit.p99.toFixed(0)} µs`,
    }),
    row(
      'cache hit latency p50 vs troupe ping',
      'µs',
      'lower',
      { name: 'troupe serve ping p50', value: ping.p50 },
      hit.p50,
      {
        note: 'ping: the bare MCP round trip of troupe serve, the floor of a hit',
      },
    ),
    ...targetRows(row, figures, setting.inFlight),
  ];
}

/**
 * The rows of the embedded gateway (`startGateway` in the bench process) against a direct SDK
 * client measured in the same rounds: no MCP hop between the caller and troupe, so what is
 * left over the direct call is the gateway itself (a thread hop to its actors and back), and
 * a hit is a lookup on the caller's thread. Same three targets as troupe serve's rows.
 */
export function embeddedGatewayResults(figures: ProxiedFigures, setting: GatewaySetting): BenchResult[] {
  const { miss, hit } = figures;
  const load = setting.loadAverage.map((value) => value.toFixed(2)).join(' ');
  const row = rowsNamed('embedded: ');
  return [
    ...pathRows(
      row,
      figures,
      setting,
      `startGateway(system, config) in the bench process, calls through the Gateway handle; ${setting.rounds} alternating rounds × ${setting.sequentialPerRound} sequential echo calls per side; load average ${load}`,
    ),
    row('cache hit latency p50', 'µs', 'lower', { name: 'cache miss p50', value: miss.p50 }, hit.p50, {
      note: `a hit is answered on the caller's thread from the handle's copy of the shared cache; miss p99 ${miss.p99.toFixed(0)} µs, hit p99 ${hit.p99.toFixed(1)} µs`,
    }),
    ...targetRows(row, figures, setting.inFlight),
  ];
}

type RowOf = (
  metric: string,
  unit: string,
  better: 'higher' | 'lower',
  baseline: { name: string; value: number },
  value: number,
  extra?: { target?: number; note?: string },
) => BenchResult;

/** A row builder whose metric names start with `prefix`. */
function rowsNamed(prefix: string): RowOf {
  return (metric, unit, better, baseline, value, extra = {}) =>
    createResult(
      { scenario: 'gateway', metric: `${prefix}${metric}`, unit, better, baseline, ...extra },
      value,
    );
}

/** The proxied path next to the direct one: latency p50 (with `note`) and p99, sequential and pipelined rates. */
function pathRows(row: RowOf, figures: ProxiedFigures, setting: GatewaySetting, note: string): BenchResult[] {
  const { direct, proxied } = figures;
  return [
    row(
      'proxied call latency p50',
      'µs',
      'lower',
      { name: DIRECT, value: direct.latency.p50 },
      proxied.latency.p50,
      {
        note,
      },
    ),
    row(
      'proxied call latency p99',
      'µs',
      'lower',
      { name: DIRECT, value: direct.latency.p99 },
      proxied.latency.p99,
    ),
    row(
      'proxied sequential calls',
      'calls/s',
      'higher',
      { name: DIRECT, value: direct.sequentialPerSecond },
      proxied.sequentialPerSecond,
    ),
    row(
      `proxied calls, ${setting.inFlight} in flight`,
      'calls/s',
      'higher',
      { name: DIRECT, value: direct.pipelinedPerSecond },
      proxied.pipelinedPerSecond,
      { note: `${setting.pipelinedPerRound} calls per round and side, median round` },
    ),
  ];
}

/** The three acceptance ratios (against parity), each with its target. */
function targetRows(row: RowOf, figures: ProxiedFigures, inFlight: number): BenchResult[] {
  const { direct, proxied, miss, hit } = figures;
  const ratio = (metric: string, better: 'higher' | 'lower', target: number, value: number, note: string) =>
    row(metric, '×', better, { name: 'parity', value: 1 }, value, { target, note });
  return [
    ratio(
      'proxied p50 / direct p50',
      'lower',
      GATEWAY_TARGETS.latencyP50,
      proxied.latency.p50 / direct.latency.p50,
      `${proxied.latency.p50.toFixed(0)} µs / ${direct.latency.p50.toFixed(0)} µs`,
    ),
    ratio(
      `proxied / direct calls/s, ${inFlight} in flight`,
      'higher',
      GATEWAY_TARGETS.throughput,
      proxied.pipelinedPerSecond / direct.pipelinedPerSecond,
      `${proxied.pipelinedPerSecond.toFixed(0)} / ${direct.pipelinedPerSecond.toFixed(0)} calls/s`,
    ),
    ratio(
      'cache miss p50 / hit p50',
      'higher',
      GATEWAY_TARGETS.cacheSpeedup,
      miss.p50 / hit.p50,
      `${miss.p50.toFixed(0)} µs / ${hit.p50.toFixed(1)} µs`,
    ),
  ];
}

/** troupe serve's CPU per proxied call next to the downstream server's per direct call (when readable). */
function cpuRows(direct: PathFigures, proxied: PathFigures): BenchResult[] {
  if (direct.cpuPerCall === null || proxied.cpuPerCall === null) return [];
  return [
    createResult(
      {
        scenario: 'gateway',
        metric: 'troupe serve CPU per proxied call',
        unit: 'µs',
        better: 'lower',
        baseline: { name: 'server-everything CPU per direct call', value: direct.cpuPerCall },
        note: 'all threads of the process, from /proc (user + system), median round; the downstream server’s own CPU not counted; less disturbed by the load than wall time',
      },
      proxied.cpuPerCall,
    ),
  ];
}
