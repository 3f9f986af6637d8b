/**
 * Curves: a figure measured at several points of a varied quantity (throughput vs actor count,
 * vs threads, vs commit batch size) or a latency distribution (latency vs percentile), as plain
 * JSON rows a chart is drawn from. A scenario returns them beside its `BenchResult`s
 * (`scenario.ts`); the bench writes them to `bench/results/curves/<scenario>.json` and the
 * report draws each as a line chart (`line-chart.ts`).
 *
 * It owns the record, the writer and the latency-percentile helper; not the drawing.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { percentileOfSorted } from './latency.js';

/** `nines`: percentiles spread so 50, 90, 99 and 99.9 are equally far apart. */
export type AxisScale = 'linear' | 'log' | 'nines';

export interface CurveAxis {
  readonly label: string;
  readonly unit: string;
  readonly scale: AxisScale;
}

export interface CurvePoint {
  readonly x: number;
  readonly y: number;
  /** What else was seen at this point (e.g. the mean commit batch), shown on hover. */
  readonly note?: string;
}

/** `ours`: troupe; `baseline`: the raw mechanism; `peer`: another framework. */
export type SeriesRole = 'ours' | 'baseline' | 'peer';

export interface CurveSeries {
  readonly name: string;
  readonly role: SeriesRole;
  readonly points: readonly CurvePoint[];
}

export interface Curve {
  readonly scenario: string;
  /** Stable id, unique in the report (`scaling-actors/tell-throughput`). */
  readonly id: string;
  readonly kind: 'scaling' | 'latency';
  readonly title: string;
  /** One sentence: what was measured, how, and where the numbers come from. */
  readonly measures: string;
  readonly x: CurveAxis;
  readonly y: CurveAxis;
  readonly series: readonly CurveSeries[];
}

/** The percentiles a latency curve shows; p99.9 only with at least 1,000 samples. */
const PERCENTILES = [1, 10, 25, 50, 75, 90, 95, 99, 99.9] as const;

/** A latency distribution as (percentile, µs) points, nearest rank. Empty samples give no points. */
export function latencyPoints(samples: readonly number[]): CurvePoint[] {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  return PERCENTILES.filter((p) => p < 99.9 || sorted.length >= 1_000).map((p) => ({
    x: p,
    y: percentileOfSorted(sorted, p),
    note: `${sorted.length} samples`,
  }));
}

/** A latency-vs-percentile curve (log µs over a `nines` axis). */
export function createLatencyCurve(
  fields: { scenario: string; id: string; title: string; measures: string },
  series: readonly { name: string; role: SeriesRole; samples: readonly number[] }[],
): Curve {
  return {
    ...fields,
    kind: 'latency',
    x: { label: 'percentile', unit: '%', scale: 'nines' },
    y: { label: 'latency', unit: 'µs', scale: 'log' },
    series: series
      .map(({ name, role, samples }) => ({ name, role, points: latencyPoints(samples) }))
      .filter((line) => line.points.length > 0),
  };
}

const CURVES = 'curves';

/** Write `<directory>/curves/<scenario>.json` and return its path. */
export async function writeCurves(
  directory: string,
  scenario: string,
  curves: readonly Curve[],
): Promise<string> {
  await mkdir(join(directory, CURVES), { recursive: true });
  const path = join(directory, CURVES, `${scenario}.json`);
  await writeFile(path, `${JSON.stringify(curves, null, 2)}\n`);
  return path;
}

/** Every curve under `<directory>/curves/`, files in name order (none when the folder is missing). */
export async function readCurves(directory: string): Promise<Curve[]> {
  let names: string[];
  try {
    names = (await readdir(join(directory, CURVES))).filter((name) => name.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const curves: Curve[] = [];
  for (const name of names)
    curves.push(...(JSON.parse(await readFile(join(directory, CURVES, name), 'utf8')) as Curve[]));
  return curves;
}
