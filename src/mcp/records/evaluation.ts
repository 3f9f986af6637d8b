/**
 * Evaluations over MCP (seed 003's `evaluate_contribution`): `evaluating_agent_id`,
 * `contributing_agent_id`, `contribution_ref`, `evaluation_criteria` (as the evaluator gave
 * them), troupe's optional `scores` as `{ criterion, score }` entries (criteria are user text:
 * never object keys) with their `mean_score`, ISO times; and a contributor's totals.
 */
import { z } from 'zod';
import type { EvaluationPage } from '../../../actors/coordination/evaluations/api.js';
import type { Evaluation } from '../../../actors/coordination/evaluations/evaluation.js';
import { IsoTimeSchema, isoTime } from './time.js';

export const EvaluationRecordSchema = z.object({
  id: z.string(),
  evaluating_agent_id: z.string(),
  contributing_agent_id: z.string(),
  contribution_ref: z.string(),
  evaluation_criteria: z.unknown(),
  scores: z.array(z.object({ criterion: z.string(), score: z.number() })),
  mean_score: z.number().nullable(),
  comments: z.string(),
  project_id: z.string().nullable(),
  created_at: IsoTimeSchema,
});

export const EvaluationPageShape = {
  evaluations: z.array(EvaluationRecordSchema),
  next_cursor: z.string().nullable(),
  summary: z
    .object({ count: z.number(), mean_score: z.number().nullable() })
    .nullable()
    .describe("the contributor's totals (all its evaluations) when contributing_agent_id is given"),
};

export function evaluationRecord(evaluation: Evaluation): z.infer<typeof EvaluationRecordSchema> {
  return {
    id: evaluation.id,
    evaluating_agent_id: evaluation.evaluatorId,
    contributing_agent_id: evaluation.contributorId,
    contribution_ref: evaluation.contributionRef,
    evaluation_criteria: evaluation.evaluationCriteria ?? null,
    scores: evaluation.scores.map(({ criterion, score }) => ({ criterion, score })),
    mean_score: evaluation.meanScore,
    comments: evaluation.comments,
    project_id: evaluation.projectId,
    created_at: isoTime(evaluation.createdAt),
  };
}

export function evaluationPageRecord(page: EvaluationPage) {
  return {
    evaluations: page.items.map(evaluationRecord),
    next_cursor: page.next_cursor,
    summary: page.summary && { count: page.summary.count, mean_score: page.summary.meanScore },
  };
}
