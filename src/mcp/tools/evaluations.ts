/**
 * The evaluation tools: `evaluate_contribution` and `list_evaluations` — messages to the
 * `ProjectBoard`, which keeps the evaluations next to the projects they may belong to.
 * Scores are criterion → number on the closed scale SCORE_MIN..SCORE_MAX (0..10).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
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
import { answerer, OrchestrationSchema, orchestration } from '../tool-result.js';

const Id = z.string().min(1).max(512);
const Scores = z
  .record(z.string().min(1).max(128), z.number().min(SCORE_MIN).max(SCORE_MAX))
  .refine((scores) => Object.keys(scores).length > 0, 'scores: at least one criterion must be scored')
  .describe(`criterion name → score from ${SCORE_MIN} to ${SCORE_MAX}`);
const EvaluationSchema = z.object({
  id: z.string(),
  evaluatorId: z.string(),
  contributorId: z.string(),
  contributionRef: z.string(),
  projectId: z.string().nullable(),
  scores: z.record(z.string(), z.number()),
  meanScore: z.number(),
  comments: z.string(),
  createdAt: z.number(),
});

export function registerEvaluationTools(server: McpServer, board: ActorRef<ProjectMsg>): void {
  const answer = answerer(board);
  const by = board.id;
  server.registerTool(
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
      outputSchema: { evaluation: EvaluationSchema, orchestration: OrchestrationSchema },
      annotations: changes({ destructive: false, idempotent: false }),
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
        (evaluation) => ({ evaluation, orchestration: orchestration(by, args) }),
      ),
  );
  server.registerTool(
    'list_evaluations',
    {
      description:
        'Evaluations by contributing agent, evaluator and/or project, with their count and the mean of their means (null when none).',
      inputSchema: {
        contributing_agent_id: Id.optional(),
        evaluator_id: Id.optional(),
        project_id: Id.optional(),
      },
      outputSchema: {
        evaluations: z.array(EvaluationSchema),
        count: z.number(),
        meanScore: z.number().nullable(),
      },
      annotations: READS,
    },
    (args) =>
      answer<EvaluationSummary>(
        {
          type: 'list-evaluations',
          contributorId: args.contributing_agent_id,
          evaluatorId: args.evaluator_id,
          projectId: args.project_id,
        },
        (summary) => ({ ...summary }),
      ),
  );
}
