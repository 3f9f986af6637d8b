/**
 * The shape every benchmark scenario has: a name (what `--only` selects) and a `run`
 * that measures its baseline and our figure in the same process and returns results —
 * and, for scenarios that draw them, curves (`curve.ts`: scaling curves, latency distributions).
 */
import type { Curve } from './curve.js';
import type { BenchResult } from './result.js';

export interface ScenarioOutput {
  readonly results: readonly BenchResult[];
  readonly curves: readonly Curve[];
}

export interface Scenario {
  readonly name: string;
  /** One line for the table header: what is being compared. */
  readonly description: string;
  /** How long `run` may take before it counts as failed (default: the bench's limit, `main.ts`). */
  readonly timeLimitMs?: number;
  /** Every measured round it runs over all its comparisons (warm-ups included), for the progress ETA. */
  readonly plannedRounds?: number;
  /** Left out of a full run (it takes minutes or gigabytes): runs only when `--only` names it. */
  readonly onlyWhenNamed?: boolean;
  run(): Promise<readonly BenchResult[] | ScenarioOutput>;
}

/** A run's answer in one shape: a bare result list has no curves. */
export function toScenarioOutput(answer: readonly BenchResult[] | ScenarioOutput): ScenarioOutput {
  return 'results' in answer ? answer : { results: answer, curves: [] };
}
