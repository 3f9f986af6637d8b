/**
 * The bench report rendered from a fixture of real result files (`test/fixtures/bench/`): one
 * section and chart per scenario, every figure named with ours, the baseline and the ratio, a
 * target's verdict, the machine named, and no script (static SVG). `writeReport` writes
 * `report.html` beside the JSON files it reads.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { renderReport, writeReport } from '../../bench/harness/report.js';
import type { BenchResult } from '../../bench/harness/result.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/bench/results.json', import.meta.url));
const results = JSON.parse(readFileSync(FIXTURE, 'utf8')) as BenchResult[];
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
  const path = await writeReport(directory, machine);
  expect(path).toBe(join(directory, 'report.html'));
  expect(readFileSync(path, 'utf8').match(/<section data-scenario=/g)).toHaveLength(byScenario.size);
});
