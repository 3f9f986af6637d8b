/**
 * An evaluation of an agent's contribution (seed 003's `evaluate_contribution`), its tables,
 * and the pure rules: scores on a closed scale and their mean. Scores are kept as a list of
 * `{ criterion, score }` — criterion names are user input and never index a plain object.
 *
 *   evaluations                [contributor, seq]            → Evaluation
 *   evaluations-by-evaluator   [evaluator, contributor, seq] → 0
 *   evaluation-totals          [contributor]                 → EvaluationTotals
 *
 * All three are written by the contributor's agent actor (`evaluation-turns.ts`); `seq` counts
 * its evaluations across registrations, so a purge after deregistration removes only the old.
 */

export const SCORE_MIN = 0;
export const SCORE_MAX = 10;
/** Criteria in one evaluation's scores, and the length of a criterion's name. */
export const MAX_SCORES = 64;
export const MAX_CRITERION_CHARS = 128;

export const EVALUATIONS_TABLE = 'evaluations';
export const EVALUATIONS_BY_EVALUATOR_TABLE = 'evaluations-by-evaluator';
export const EVALUATION_TOTALS_TABLE = 'evaluation-totals';

export interface Score {
  readonly criterion: string;
  readonly score: number;
}

export interface Evaluation {
  readonly id: string;
  readonly evaluatorId: string;
  readonly contributorId: string;
  /** What was evaluated: a task id, a commit, a path… */
  readonly contributionRef: string;
  /** Seed 003's structured criteria, as the evaluator gave them (any JSON), or null. */
  readonly evaluationCriteria: unknown;
  /** Criterion → score in [SCORE_MIN, SCORE_MAX]; empty when none were given. */
  readonly scores: readonly Score[];
  /** The mean of the scores, rounded to two decimals; null without scores. */
  readonly meanScore: number | null;
  readonly comments: string;
  /** A project it belongs to (troupe's addition), or null. */
  readonly projectId: string | null;
  readonly createdAt: number;
}

/** A contributor's running totals: how many evaluations, and the mean of their means. */
export interface EvaluationTotals {
  readonly count: number;
  readonly scored: number;
  readonly meanSum: number;
}

export interface EvaluationSummary {
  readonly count: number;
  /** The mean of the scored evaluations' means, rounded to two decimals; null when none was scored. */
  readonly meanScore: number | null;
}

const roundTwo = (n: number) => Math.round(n * 100) / 100;

/** The mean rounded to two decimals; null when there are no values. */
export function meanOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return roundTwo(values.reduce((sum, v) => sum + v, 0) / values.length);
}

export function summaryOf(totals: EvaluationTotals | undefined): EvaluationSummary {
  if (!totals) return { count: 0, meanScore: null };
  return {
    count: totals.count,
    meanScore: totals.scored === 0 ? null : roundTwo(totals.meanSum / totals.scored),
  };
}
