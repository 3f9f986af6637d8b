/**
 * The gateway scenario: its rows and targets from given figures (pure), and one run at a
 * tiny size against the real server-everything, direct, through `troupe serve --config` and
 * through `startGateway` in process, which must give every row a measured figure. How fast
 * anything is is the bench's business.
 */
import { expect, it } from 'vitest';
import type { LatencySummary } from '../../../bench/harness/latency.js';
import { runGateway } from '../../../bench/scenarios/gateway.js';
import {
  embeddedGatewayResults,
  GATEWAY_TARGETS,
  type GatewayFigures,
  gatewayResults,
  medianOrNull,
  type PathFigures,
} from '../../../bench/scenarios/gateway-targets.js';

const latency = (p50: number, p99 = p50 * 2): LatencySummary => ({ count: 1000, p50, p99, mean: p50 });
const path = (p50: number, pipelinedPerSecond: number, cpuPerCall: number | null = 100): PathFigures => ({
  latency: latency(p50),
  sequentialPerSecond: 1e6 / p50,
  pipelinedPerSecond,
  cpuPerCall,
});
const SETTING = {
  rounds: 5,
  sequentialPerRound: 1000,
  pipelinedPerRound: 4000,
  cachePerRound: 1000,
  inFlight: 64,
  warmUp: 500,
  loadAverage: [1.5, 1, 0.5],
};

function targetRows(figures: GatewayFigures) {
  return gatewayResults(figures, SETTING).filter((result) => result.target !== undefined);
}

it('checks the three targets on the ratios: proxied/direct p50, throughput at 64 in flight, miss/hit', () => {
  const passing: GatewayFigures = {
    direct: path(200, 5000),
    proxied: path(240, 4500),
    miss: latency(3000),
    hit: latency(100),
    ping: latency(90),
  };
  const rows = targetRows(passing);
  expect(rows.map((row) => [row.metric, row.value, row.target])).toEqual([
    ['proxied p50 / direct p50', 1.2, { bound: GATEWAY_TARGETS.latencyP50, met: true }],
    ['proxied / direct calls/s, 64 in flight', 0.9, { bound: GATEWAY_TARGETS.throughput, met: true }],
    ['cache miss p50 / hit p50', 30, { bound: GATEWAY_TARGETS.cacheSpeedup, met: true }],
  ]);
  const failing = targetRows({ ...passing, proxied: path(400, 3000), hit: latency(300) });
  expect(failing.map((row) => [row.value, row.target?.met])).toEqual([
    [2, false],
    [0.6, false],
    [10, false],
  ]);
});

it('gives the embedded gateway the same three targets, in rows of its own', () => {
  const rows = embeddedGatewayResults(
    { direct: path(200, 5000, null), proxied: path(300, 4500, null), miss: latency(500), hit: latency(5) },
    SETTING,
  );
  expect(rows.every((row) => row.metric.startsWith('embedded: '))).toBe(true);
  expect(
    rows.filter((row) => row.target !== undefined).map((row) => [row.metric, row.value, row.target?.met]),
  ).toEqual([
    ['embedded: proxied p50 / direct p50', 1.5, false],
    ['embedded: proxied / direct calls/s, 64 in flight', 0.9, true],
    ['embedded: cache miss p50 / hit p50', 100, true],
  ]);
});

it('puts the proxied p50 next to its floor, direct p50 + troupe ping p50, and CPU rows only when readable', () => {
  const figures: GatewayFigures = {
    direct: path(200, 5000, 150),
    proxied: path(500, 2000, 400),
    miss: latency(600),
    hit: latency(120),
    ping: latency(100),
  };
  const results = gatewayResults(figures, SETTING);
  const floor = results.find((row) => row.metric === 'proxied call latency p50 vs its floor');
  expect(floor?.baseline.value).toBe(300);
  expect(floor?.ratio).toBeCloseTo(500 / 300);
  const cpu = results.find((row) => row.metric === 'troupe serve CPU per proxied call');
  expect([cpu?.value, cpu?.baseline.value]).toEqual([400, 150]);
  const withoutCpu = gatewayResults({ ...figures, proxied: path(500, 2000, null) }, SETTING);
  expect(withoutCpu.some((row) => row.metric.includes('CPU'))).toBe(false);
  expect(medianOrNull([3, 1, 2])).toBe(2);
  expect(medianOrNull([1, null])).toBeNull();
});

it('measures every row at a tiny size against the real server, direct, through troupe serve and embedded', async () => {
  const results = await runGateway(0.02);
  expect(results.map((result) => result.status)).not.toContain('failed');
  // Ten rows of troupe serve and eight embedded always; the CPU row too when the rounds last
  // enough /proc ticks to read (not at this size, mostly).
  expect(results.length).toBeGreaterThanOrEqual(18);
  expect(
    results.filter((result) => result.metric.startsWith('embedded: ')).map((result) => result.metric),
  ).toEqual([
    'embedded: proxied call latency p50',
    'embedded: proxied call latency p99',
    'embedded: proxied sequential calls',
    'embedded: proxied calls, 64 in flight',
    'embedded: cache hit latency p50',
    'embedded: proxied p50 / direct p50',
    'embedded: proxied / direct calls/s, 64 in flight',
    'embedded: cache miss p50 / hit p50',
  ]);
  for (const result of results) {
    expect(result.scenario).toBe('gateway');
    expect(result.value).toBeGreaterThan(0);
    expect(result.baseline.value).toBeGreaterThan(0);
  }
}, 90_000);
