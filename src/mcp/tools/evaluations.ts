/**
 * The evaluation tools: `evaluate_contribution` and `list_evaluations` — messages to the
 * `ProjectBoard`, which keeps the evaluations next to the projects they may belong to.
 * Scores are criterion → number on the closed scale SCORE_MIN..SCORE_MAX (0..10).
 */
import { z } from 'zod';
import {
  type Evaluation,
  type EvaluationSummary,
  SCORE_MAX,
  SCORE_MIN,
} from '../../../actors/coordination/project.js';
import type { ProjectMsg } from '../../../actors/coordination/projects.js';
import type { ActorRef } from '../../kernel/index.js';
import { changes, READS } from '../annotations.js';
import {
  EvaluationRecordSchema,
  EvaluationSummaryRecordSchema,
  evaluationRecord,
  evaluationSummaryRecord,
} from '../records/index.js';
import type { ToolRegistry } from '../tool-registry.js';
import { answerer } from '../tool-result.js';

const Id = z.string().min(1).max(512);
const Scores = z
  .record(z.string().min(1).max(128), z.number().min(SCORE_MIN).max(SCORE_MAX))
  .refine((scores) => Object.keys(scores).length > 0, 'must score at least one criterion')
  .describe(`criterion name → score from ${SCORE_MIN} to ${SCORE_MAX}`);
export function registerEvaluationTools(tools: ToolRegistry, board: ActorRef<ProjectMsg>): void {
  const answer = answerer(board);
  const handledBy = board.id;
  tools.register(
    'evaluate_contribution',
    {
      description: `The calling agent scores another registered agent's contribution (a task id, commit, path…) per criterion from ${SCORE_MIN} to ${SCORE_MAX}; returns the evaluation with its mean. Evaluating oneself → self_evaluation.`,
      inputSchema: {
        contributing_agent_id: Id,
        contribution_ref: z.string().min(1).max(4096),
        scores: Scores,
        comments: z.string().max(10_000).default(''),
        project_id: Id.optional(),
        agent_id: Id,
        agent_token: z.string(),
        session_id: Id.optional(),
      },
      outputSchema: { evaluation: EvaluationRecordSchema },
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer<Evaluation>(
        {
          type: 'evaluate',
          contributorId: args.contributing_agent_id,
          contributionRef: args.contribution_ref,
          scores: args.scores,
          comments: args.comments,
          projectId: args.project_id,
          agentId: args.agent_id,
          token: args.agent_token,
        },
        (evaluation) => ({ evaluation: evaluationRecord(evaluation) }),
      ),
  );
  tools.register(
    'list_evaluations',
    {
      description:
        'Evaluations by contributing agent, evaluator and/or project, with their count and the mean of their means (null when none).',
      inputSchema: {
        contributing_agent_id: Id.optional(),
        evaluator_id: Id.optional(),
        project_id: Id.optional(),
      },
      outputSchema: EvaluationSummaryRecordSchema.shape,
      annotations: READS,
      handledBy,
    },
    (args) =>
      answer<EvaluationSummary>(
        {
          type: 'list-evaluations',
          contributorId: args.contributing_agent_id,
          evaluatorId: args.evaluator_id,
          projectId: args.project_id,
        },
        evaluationSummaryRecord,
      ),
  );
}
