/**
 * The bench report: `report.html` beside the result files, with SVG charts drawn here, on the
 * server side — static markup, no script, so it opens anywhere, offline. Per scenario, each
 * figure as two bars (ours, the baseline: the longer one is the larger value) with the ratio
 * ours/baseline and, when the figure has one, its target and whether it was met; a summary
 * chart puts every ratio on one log scale, the side that is better for us shaded. Then the
 * curves (`curve.ts`): scaling curves and latency distributions, as line charts
 * (`line-chart.ts`). The machine (cores, CPU, Node, platform) is named at the top, under every
 * chart, and inside the summary and curve SVGs themselves.
 *
 * The summary is also written on its own to `bench/summary.svg` (`SUMMARY_SVG`), the stable
 * path the README embeds.
 *
 * It owns the rendering and the files, not the measuring (`measure.ts`) or the records (`result.ts`).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { type Curve, readCurves } from './curve.js';
import { lineChart } from './line-chart.js';
import { escapeHtml } from './markup.js';
import type { BenchResult } from './result.js';

export interface MachineFacts {
  readonly cores: number;
  readonly cpu: string;
  readonly node: string;
  readonly platform: string;
}

export function thisMachine(): MachineFacts {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

const describeMachine = (machine: MachineFacts) =>
  `${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.platform}`;

/** A figure as shown; a missing one (a baseline that could not run writes null) as a dash. */
const number = (value: number | null) =>
  value === null || !Number.isFinite(value)
    ? '—'
    : Math.abs(value) >= 100
      ? value.toFixed(0)
      : Math.abs(value) >= 1
        ? value.toFixed(2)
        : value.toPrecision(3);

const BAR_WIDTH = 420;
const LABEL_WIDTH = 330;
const ROW_HEIGHT = 44;

/** One scenario's figures: ours and the baseline side by side, the ratio and the target beside them. */
export function scenarioChart(results: readonly BenchResult[]): string {
  const height = results.length * ROW_HEIGHT + 10;
  const width = LABEL_WIDTH + BAR_WIDTH + 220;
  const rows = results.map((result, index) => {
    const y = index * ROW_HEIGHT + 6;
    const ours = result.value ?? 0;
    const baseline = result.baseline.value ?? 0;
    const largest = Math.max(ours, baseline) || 1;
    const oursWidth = (ours / largest) * BAR_WIDTH;
    const baseWidth = (baseline / largest) * BAR_WIDTH;
    const verdict =
      result.value === null
        ? `not measured (${result.status})`
        : `${number(result.ratio ?? 0)}× the baseline (${result.better} is better)`;
    const target = result.target
      ? ` · target ${result.better === 'lower' ? '≤' : '≥'} ${number(result.target.bound)} ${result.target.met ? 'met' : 'missed'}`
      : '';
    const tone = result.target ? (result.target.met ? 'met' : 'missed') : 'plain';
    return `<g class="row" data-metric="${escapeHtml(result.metric)}">
  <title>${escapeHtml(`${result.metric}: ours ${result.value === null ? '—' : number(result.value)} ${result.unit}, ${result.baseline.name} ${number(result.baseline.value)} ${result.unit}`)}</title>
  <text x="0" y="${y + 12}" class="metric">${escapeHtml(result.metric)}</text>
  <text x="0" y="${y + 28}" class="note">${escapeHtml(result.unit)} · vs ${escapeHtml(result.baseline.name)}</text>
  <rect x="${LABEL_WIDTH}" y="${y}" width="${oursWidth.toFixed(1)}" height="14" class="ours"/>
  <text x="${LABEL_WIDTH + oursWidth + 4}" y="${y + 11}" class="value">ours ${result.value === null ? '—' : number(result.value)}</text>
  <rect x="${LABEL_WIDTH}" y="${y + 17}" width="${baseWidth.toFixed(1)}" height="14" class="baseline"/>
  <text x="${LABEL_WIDTH + baseWidth + 4}" y="${y + 28}" class="value">baseline ${number(result.baseline.value)}</text>
  <text x="${LABEL_WIDTH}" y="${y + 42}" class="verdict ${tone}">${escapeHtml(verdict + target)}</text>
</g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${rows.join('\n')}</svg>`;
}

/**
 * Every ratio on one log scale (0.01× … 100×), the side better for us shaded green; titled with
 * what it shows and the machine, so it reads on its own where the README embeds it.
 */
export function summaryChart(results: readonly BenchResult[], machine: MachineFacts, at: Date): string {
  const measured = results.filter((result) => result.ratio !== null && result.ratio > 0);
  const row = 18;
  const left = 330;
  const span = 500;
  const head = 40;
  const height = measured.length * row + 40 + head;
  const x = (ratio: number) => left + ((Math.log10(Math.min(100, Math.max(0.01, ratio))) + 2) / 4) * span;
  const ticks = [0.01, 0.1, 1, 10, 100]
    .map(
      (tick) =>
        `<line x1="${x(tick)}" x2="${x(tick)}" y1="${head + 10}" y2="${height - 20}" class="tick"/><text x="${x(tick)}" y="${height - 6}" class="axis">${tick}×</text>`,
    )
    .join('');
  const dots = measured.map((result, index) => {
    const y = index * row + 20 + head;
    const ratio = result.ratio as number;
    const good = result.better === 'lower' ? ratio <= 1 : ratio >= 1;
    return `<g class="ratio"><title>${escapeHtml(`${result.scenario} · ${result.metric}: ${number(ratio)}× (${result.better} is better)`)}</title>
  <text x="${left - 8}" y="${y + 4}" class="label">${escapeHtml(`${result.scenario} · ${result.metric}`.slice(0, 52))}</text>
  <line x1="${x(1)}" x2="${x(ratio)}" y1="${y}" y2="${y}" class="${good ? 'good' : 'bad'}"/>
  <circle cx="${x(ratio)}" cy="${y}" r="4" class="${good ? 'good' : 'bad'}"/></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart summary" viewBox="0 0 ${left + span + 20} ${height}" width="${left + span + 20}" height="${height}" role="img" aria-label="troupe bench summary: every ratio ours / baseline">
<title>troupe bench summary: every ratio ours / baseline, measured in the same run</title>
<style>.head{font:600 13px sans-serif;fill:#222}.machine{font:11px sans-serif;fill:#555}.label,.axis{font:11px sans-serif;fill:#333}.label{text-anchor:end}.axis{text-anchor:middle}.tick{stroke:#ddd}line.good{stroke:#16a34a;stroke-width:3}line.bad{stroke:#dc2626;stroke-width:3}circle.good{fill:#16a34a}circle.bad{fill:#dc2626}</style>
<text x="10" y="16" class="head">troupe bench: ours / baseline, same run (green: better for troupe)</text>
<text x="10" y="32" class="machine">${escapeHtml(`measured on ${describeMachine(machine)}, ${at.toISOString().slice(0, 10)}`)}</text>
${ticks}${dots.join('\n')}</svg>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h2{margin-top:32px;border-bottom:1px solid #ddd}.dim{color:#666}
.chart .metric{font:12px sans-serif;font-weight:600}.chart .note,.chart .value{font:11px sans-serif;fill:#555}
.chart .verdict{font:11px sans-serif;fill:#444}.chart .verdict.met{fill:#16a34a}.chart .verdict.missed{fill:#dc2626}
.chart rect.ours{fill:#2563eb}.chart rect.baseline{fill:#9ca3af}
figcaption{color:#555;font-size:13px;margin:4px 0 18px}`;

/** A curve's figure: the chart, and under it what it measures and where. */
function curveFigure(curve: Curve, machine: MachineFacts): string {
  return `<figure data-curve="${escapeHtml(curve.id)}">
${lineChart(curve, machine)}
<figcaption>${escapeHtml(curve.measures)} Measured on ${escapeHtml(describeMachine(machine))}.</figcaption>
</figure>`;
}

function curveSections(curves: readonly Curve[], machine: MachineFacts): string {
  const of = (kind: Curve['kind']) => curves.filter((curve) => curve.kind === kind);
  const section = (kind: Curve['kind'], heading: string, intro: string) =>
    of(kind).length === 0
      ? ''
      : `<section data-curves="${kind}">
<h2>${heading}</h2>
<p class="dim">${intro}</p>
${of(kind)
  .map((curve) => curveFigure(curve, machine))
  .join('\n')}
</section>`;
  return [
    section(
      'scaling',
      'Scaling curves',
      'How a figure changes as one quantity grows; each point is one measurement.',
    ),
    section(
      'latency',
      'Latency distributions',
      'Latency by percentile (log scale): how the slow calls compare, not only the median.',
    ),
  ].join('\n');
}

/** The whole report: the machine, the summary, each scenario's chart, then the curves. */
export function renderReport(
  results: readonly BenchResult[],
  machine: MachineFacts,
  at: Date,
  curves: readonly Curve[] = [],
): string {
  const scenarios = new Map<string, BenchResult[]>();
  for (const result of results)
    scenarios.set(result.scenario, [...(scenarios.get(result.scenario) ?? []), result]);
  const sections = [...scenarios].map(
    ([scenario, figures]) => `<section data-scenario="${escapeHtml(scenario)}">
<h2>${escapeHtml(scenario)}</h2>
<p class="dim">${escapeHtml([...new Set(figures.map((figure) => figure.note).filter(Boolean))].join(' · '))}</p>
${scenarioChart(figures)}
<figcaption>Ours and the baseline, measured in the same run on ${escapeHtml(describeMachine(machine))}.</figcaption>
</section>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>troupe bench report</title><style>${STYLE}</style></head>
<body>
<h1>troupe bench report</h1>
<p>Measured on ${escapeHtml(describeMachine(machine))}; written ${at.toISOString()}.
Each figure is ours next to a baseline measured in the same run; ratio = ours / baseline.</p>
<h2>Summary: every ratio</h2>
<p class="dim">Green: on the side that is better for us (lower latency, higher throughput than the baseline); red: the other side.</p>
${summaryChart(results, machine, at)}
${sections.join('\n')}
${curveSections(curves, machine)}
</body></html>
`;
}

export interface WrittenReport {
  readonly report: string;
  /** The summary SVG alone, when a path for it was given. */
  readonly summary: string | null;
}

/**
 * Read every `<scenario>.json` of `directory` and its `curves/`, write `report.html` beside
 * them and, when `summaryPath` is given, the summary chart there; the paths written.
 */
export async function writeReport(
  directory: string,
  machine = thisMachine(),
  at = new Date(),
  summaryPath: string | null = null,
): Promise<WrittenReport> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.json')).sort();
  const results: BenchResult[] = [];
  for (const name of names)
    results.push(...(JSON.parse(await readFile(join(directory, name), 'utf8')) as BenchResult[]));
  const report = join(directory, 'report.html');
  await writeFile(report, renderReport(results, machine, at, await readCurves(directory)));
  if (summaryPath !== null) await writeFile(summaryPath, `${summaryChart(results, machine, at)}\n`);
  return { report, summary: summaryPath };
}
