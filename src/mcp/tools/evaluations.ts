/**
 * The evaluation tools: `evaluate_contribution` (seed 003: evaluating_agent_id,
 * contributing_agent_id, contribution_ref, evaluation_criteria?, comments?) and troupe's
 * `list_evaluations` — calls of the evaluations facade (`actors/coordination/evaluations/`):
 * the contributor's agent actor keeps the evaluations of it. Troupe's optional `scores`
 * (criterion → 0..10) give a mean; listing is public (an evaluation holds no message
 * contents, state values or task results).
 */
import { z } from 'zod';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { evaluateContribution, listEvaluations } from '../../../actors/coordination/evaluations/api.js';
import {
  MAX_CRITERION_CHARS,
  MAX_SCORES,
  SCORE_MAX,
  SCORE_MIN,
} from '../../../actors/coordination/evaluations/evaluation.js';
import { agentActorId } from '../../../actors/coordination/ids.js';
import { changes, READS } from '../annotations.js';
import {
  EvaluationPageShape,
  EvaluationRecordSchema,
  evaluationPageRecord,
  evaluationRecord,
} from '../records/evaluation.js';
import type { ToolRegistry } from '../tool-registry.js';
import { failure } from '../tool-result.js';
import { aliased } from './aliases.js';
import { answer, Id, mismatch, needsIdentity, PageFields } from './mail.js';

const Score = z.number().min(SCORE_MIN).max(SCORE_MAX);
const Criterion = z.string().min(1).max(MAX_CRITERION_CHARS);
const Scores = z
  .union([
    z.array(z.object({ criterion: Criterion, score: Score }).strict()).max(MAX_SCORES),
    z.record(Criterion, Score),
  ])
  .describe(
    `criterion → score from ${SCORE_MIN} to ${SCORE_MAX}, as an object or a list of { criterion, score }`,
  );

export function registerEvaluationTools(tools: ToolRegistry, domain: AgentsDomain): void {
  tools.register(
    'evaluate_contribution',
    {
      description:
        "Evaluate another registered agent's contribution (seed 003): contribution_ref names it (a task id, commit, path…), evaluation_criteria (any JSON) and comments describe it, " +
        `troupe's optional scores (${SCORE_MIN}–${SCORE_MAX} per criterion) give a mean. Returns the evaluation record. Evaluating oneself → self_evaluation. ` +
        'Older name still taken: agent_id for evaluating_agent_id.',
      inputSchema: {
        evaluating_agent_id: Id.optional().describe('the agent evaluating (or agent_id)'),
        contributing_agent_id: Id,
        contribution_ref: z.string().min(1).max(4_096),
        evaluation_criteria: z.unknown().optional(),
        comments: z.string().optional(),
        scores: Scores.optional(),
        project_id: Id.optional(),
        agent_id: Id.optional().describe('older name of evaluating_agent_id'),
        agent_token: z.string(),
        session_id: Id.optional(),
      },
      outputSchema: { evaluation: EvaluationRecordSchema },
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: 'evaluations',
      caller: ['evaluating_agent_id', 'agent_id'],
    },
    async (args, call) => {
      const refused = mismatch(args, 'evaluating_agent_id');
      if (refused) return refused;
      if (call.proven === null) return needsIdentity('evaluating_agent_id');
      const evaluator = aliased<string>(args, 'evaluating_agent_id', 'agent_id', true);
      if (!evaluator.ok) return failure(evaluator.error);
      call.answeredBy(agentActorId(args.contributing_agent_id));
      const evaluated = await evaluateContribution(domain, call.caller, {
        contributingAgentId: args.contributing_agent_id,
        contributionRef: args.contribution_ref,
        evaluationCriteria: args.evaluation_criteria,
        comments: args.comments,
        scores: args.scores,
        projectId: args.project_id,
      });
      return answer(evaluated, (evaluation) => ({ evaluation: evaluationRecord(evaluation) }), {
        agent_id: 'evaluating_agent_id',
      });
    },
  );
  tools.register(
    'list_evaluations',
    {
      description:
        'Evaluations, paged (next_cursor): of contributing_agent_id (oldest first, with its totals: count and mean score), by evaluating_agent_id, and/or of project_id.',
      inputSchema: {
        contributing_agent_id: Id.optional(),
        evaluating_agent_id: Id.optional(),
        evaluator_id: Id.optional().describe('older name of evaluating_agent_id'),
        project_id: Id.optional(),
        ...PageFields,
      },
      outputSchema: EvaluationPageShape,
      annotations: READS,
      handledBy: 'evaluations',
    },
    async (args) => {
      const evaluator = aliased<string>(args, 'evaluating_agent_id', 'evaluator_id');
      if (!evaluator.ok) return failure(evaluator.error);
      const listed = await listEvaluations(
        domain,
        {
          contributorId: args.contributing_agent_id,
          evaluatorId: evaluator.value,
          projectId: args.project_id,
        },
        { cursor: args.cursor, limit: args.limit },
      );
      return answer(listed, evaluationPageRecord, {
        contributor_id: 'contributing_agent_id',
        evaluator_id: 'evaluating_agent_id',
      });
    },
  );
}
