/**
 * The bench report rendered from a fixture of real result files (`test/fixtures/bench/`): one
 * section and chart per scenario, every figure named with ours, the baseline and the ratio, a
 * target's verdict, the machine named, and no script (static SVG); a line chart per curve
 * (scaling curves, latency distributions) with its axes, a line and a dot per point of every
 * series, and the machine inside the SVG. `writeReport` writes `report.html` beside the JSON
 * files it reads (curves from `curves/`) and the summary SVG where it is told.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import type { Curve } from '../../bench/harness/curve.js';
import { renderReport, writeReport } from '../../bench/harness/report.js';
import type { BenchResult } from '../../bench/harness/result.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/bench/results.json', import.meta.url));
const CURVES = fileURLToPath(new URL('../../../test/fixtures/bench/curves.json', import.meta.url));
const results = JSON.parse(readFileSync(FIXTURE, 'utf8')) as BenchResult[];
const curves = JSON.parse(readFileSync(CURVES, 'utf8')) as Curve[];
const machine = { cores: 2, cpu: 'Test CPU', node: 'v20.0.0', platform: 'linux x64' };
const directories: string[] = [];

afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

it('draws a chart per scenario, every figure with ours, the baseline, the ratio and its target', () => {
  const html = renderReport(results, machine, new Date('2026-01-02T03:04:05Z'));
  const scenarios = new Set(results.map((result) => result.scenario));
  expect(html.match(/<section data-scenario=/g)).toHaveLength(scenarios.size);
  // One chart per scenario, and the summary.
  expect(html.match(/<svg /g)).toHaveLength(scenarios.size + 1);
  expect(html).not.toMatch(/<script/i);
  expect(html).toContain('Measured on 2 cores (Test CPU), Node v20.0.0, linux x64');
  for (const result of results) {
    const metric = result.metric.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    expect(html).toContain(`data-metric="${metric}"`);
  }
  const first = results.find((result) => result.value !== null && result.ratio !== null) as BenchResult;
  expect(html).toContain(`${first.ratio?.toFixed(2)}× the baseline (${first.better} is better)`);
  const targeted = results.find((result) => result.target !== undefined);
  if (targeted) expect(html).toMatch(/target [≤≥] [\d.]+ (met|missed)/);
});

it('writes report.html beside the result files it reads', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'troupe-report-'));
  directories.push(directory);
  const byScenario = new Map<string, BenchResult[]>();
  for (const result of results)
    byScenario.set(result.scenario, [...(byScenario.get(result.scenario) ?? []), result]);
  for (const [scenario, figures] of byScenario)
    writeFileSync(join(directory, `${scenario}.json`), JSON.stringify(figures));
  mkdirSync(join(directory, 'curves'));
  writeFileSync(join(directory, 'curves', 'some.json'), JSON.stringify(curves));
  const summary = join(directory, 'summary.svg');
  const written = await writeReport(directory, machine, new Date('2026-01-02T03:04:05Z'), summary);
  expect(written).toEqual({ report: join(directory, 'report.html'), summary });
  const html = readFileSync(written.report, 'utf8');
  expect(html.match(/<section data-scenario=/g)).toHaveLength(byScenario.size);
  expect(html.match(/<figure data-curve=/g)).toHaveLength(curves.length);
  const svg = readFileSync(summary, 'utf8');
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).toContain('measured on 2 cores (Test CPU), Node v20.0.0, linux x64, 2026-01-02');
});

it('draws each curve as a line chart: title, machine, axes, a line and a dot per point of every series', () => {
  const html = renderReport(results, machine, new Date(), curves);
  expect(html.match(/<svg /g)).toHaveLength(
    new Set(results.map((result) => result.scenario)).size + 1 + curves.length,
  );
  for (const curve of curves) {
    const start = html.indexOf(
      `<svg xmlns="http://www.w3.org/2000/svg" class="chart curve" data-curve="${curve.id}"`,
    );
    expect(start).toBeGreaterThan(0);
    const chart = html.slice(start, html.indexOf('</svg>', start));
    expect(chart).toContain('measured on 2 cores · Test CPU · Node v20.0.0');
    expect(chart).toContain(curve.x.label);
    expect(chart).toContain(`${curve.y.label} (${curve.y.unit}`);
    expect(chart.match(/<polyline /g)).toHaveLength(curve.series.length);
    const points = curve.series.reduce((sum, line) => sum + line.points.length, 0);
    expect(chart.match(/<circle /g)).toHaveLength(points);
    // Every coordinate is a number inside the chart (no NaN from a log of 0 or an empty axis).
    expect(chart).not.toMatch(/NaN|Infinity/);
  }
  expect(html).toContain('<section data-curves="scaling">');
  expect(html).toContain('<section data-curves="latency">');
  expect(html).toContain('Measured on 2 cores (Test CPU), Node v20.0.0, linux x64.</figcaption>');
});
