/**
 * The benchmark result record and its writer.
 *
 * One `BenchResult` is one figure of ours next to the baseline measured in the same run.
 * `ratio` is always `value / baseline.value`; `better` says how to read it (a throughput
 * ratio above 1 is good, a latency ratio above 1 is bad). When our half could not run
 * (the runtime is not available yet) `value` and `ratio` are `null` and `note` says why.
 *
 * A figure may carry a `target` (an issue's acceptance bound): `met` says whether the value is
 * within it, the way `better` reads (≤ the bound for `lower`, ≥ for `higher`). A missed target
 * is reported, never an exit failure: the bench measures, it does not gate.
 *
 * This module does not measure or print; see `measure.ts` and `table.ts`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type Better = 'higher' | 'lower';

/** `measured`: our figure is there. `unavailable`: the runtime could not be loaded. `failed`: it threw or timed out. */
export type ResultStatus = 'measured' | 'unavailable' | 'failed';

/** A bound the figure should meet, and whether it did. */
export interface TargetCheck {
  readonly bound: number;
  readonly met: boolean;
}

export interface BaselineFigure {
  readonly name: string;
  readonly value: number;
}

export interface BenchResult {
  readonly scenario: string;
  readonly metric: string;
  readonly value: number | null;
  readonly unit: string;
  readonly baseline: BaselineFigure;
  readonly ratio: number | null;
  readonly better: Better;
  readonly status: ResultStatus;
  /** The acceptance bound this figure is checked against, if it has one. */
  readonly target?: TargetCheck;
  /** How the figure was measured, or why it is missing. */
  readonly note?: string;
}

export interface ResultFields {
  readonly scenario: string;
  readonly metric: string;
  readonly unit: string;
  readonly better: Better;
  readonly baseline: BaselineFigure;
  /** The acceptance bound (≤ for `better: 'lower'`, ≥ for `'higher'`). */
  readonly target?: number;
  readonly note?: string;
}

/** Is `value` within `bound`, read the way `better` says? (A missing figure never is.) */
export function meetsTarget(value: number | null, bound: number, better: Better): boolean {
  if (value === null || !Number.isFinite(value)) return false;
  return better === 'lower' ? value <= bound : value >= bound;
}

/** Keys in the order the JSON files show them. */
function toResult(
  fields: ResultFields,
  value: number | null,
  status: ResultStatus,
  note: string | undefined,
): BenchResult {
  const { scenario, metric, unit, baseline, better } = fields;
  const ratio = value === null || baseline.value === 0 ? null : value / baseline.value;
  const target =
    fields.target === undefined
      ? {}
      : { target: { bound: fields.target, met: meetsTarget(value, fields.target, better) } };
  return {
    scenario,
    metric,
    value,
    unit,
    baseline,
    ratio,
    better,
    status,
    ...target,
    ...(note ? { note } : {}),
  };
}

/** A measured figure: computes the ratio to the baseline. */
export function createResult(fields: ResultFields, value: number): BenchResult {
  return toResult(fields, value, 'measured', fields.note);
}

/** A figure our half could not produce; the baseline is still recorded. */
export function createMissingResult(
  fields: ResultFields,
  status: 'unavailable' | 'failed',
  reason: string,
): BenchResult {
  return toResult(fields, null, status, `troupe half ${status}: ${reason}`);
}

/** Write `<directory>/<scenario>.json` (creating the directory) and return its path. */
export async function writeResults(
  directory: string,
  scenario: string,
  results: readonly BenchResult[],
): Promise<string> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, `${scenario}.json`);
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}
