/**
 * Rendering results as a compact fixed-width table for stdout.
 *
 * Each row shows our figure, the baseline's, the ratio ours/baseline and which way is
 * better, so a latency ratio of 1.4× reads as "40 % slower", not as a win. A figure with an
 * acceptance target says `PASS` or `FAIL` against it (`≤ 1.5`), so the verdict needs no reading.
 */
import type { BenchResult, TargetCheck } from './result.js';

const COLUMNS = ['scenario', 'metric', 'ours', 'baseline', 'ratio', 'better', 'target'] as const;

/** (23456789, 'msg/s') → "23.46 M msg/s"; (51.234, 'µs') → "51.2 µs". */
export function formatFigure(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return `— ${unit}`;
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)} G ${unit}`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)} M ${unit}`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)} k ${unit}`;
  return `${value.toFixed(abs >= 100 ? 0 : 1)} ${unit}`;
}

export function formatRatio(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? '—' : `${ratio.toFixed(2)}×`;
}

/** `PASS (≤ 1.5)`, `FAIL (≥ 100)`, or nothing for a figure without a target. */
export function formatTarget(target: TargetCheck | undefined, better: BenchResult['better']): string {
  if (!target) return '';
  return `${target.met ? 'PASS' : 'FAIL'} (${better === 'lower' ? '≤' : '≥'} ${target.bound})`;
}

function toRow(result: BenchResult): string[] {
  return [
    result.scenario,
    result.metric,
    formatFigure(result.value, result.unit),
    `${formatFigure(result.baseline.value, result.unit)} (${result.baseline.name})`,
    formatRatio(result.ratio),
    `${result.better} is better`,
    formatTarget(result.target, result.better),
  ];
}

export function formatTable(results: readonly BenchResult[]): string {
  const rows = [Array.from(COLUMNS), ...results.map(toRow)];
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(rows[0] as string[]), rule, ...rows.slice(1).map(line)].join('\n');
}

/** The notes under the table: how each figure was measured or why it is missing. */
export function formatNotes(results: readonly BenchResult[]): string {
  return results
    .filter((result) => result.note)
    .map((result) => `  * ${result.scenario} / ${result.metric}: ${result.note}`)
    .join('\n');
}
