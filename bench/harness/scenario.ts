/**
 * The shape every benchmark scenario has: a name (what `--only` selects) and a `run`
 * that measures its baseline and our figure in the same process and returns results.
 */
import type { BenchResult } from './result.js';

export interface Scenario {
  readonly name: string;
  /** One line for the table header: what is being compared. */
  readonly description: string;
  /** How long `run` may take before it counts as failed (default: the bench's limit, `main.ts`). */
  readonly timeLimitMs?: number;
  run(): Promise<BenchResult[]>;
}
