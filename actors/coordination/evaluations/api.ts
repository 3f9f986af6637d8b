/**
 * The evaluations facade: `evaluateContribution` (seed 003) — the calling agent evaluates a
 * contribution of another registered agent (evaluating oneself is refused
 * `self_evaluation`); the contributor's actor stores it — and `listEvaluations` by
 * contributor, evaluator and/or project, paged, with the contributor's totals (count and
 * mean score) when a contributor is named. Scores are optional (seed 003 names criteria and
 * comments only): given as `{ criterion: score }` or `[{ criterion, score }]`, each from
 * SCORE_MIN to SCORE_MAX.
 */
import { z } from 'zod';
import { type Outcome, refuse } from '../../../src/kernel/index.js';
import type { AgentMsg } from '../agents/agent-messages.js';
import { summaryOf } from '../agents/api.js';
import type { AgentsDomain } from '../agents/domain.js';
import { callingAgent, type PageInput, pageRequest, parseInput } from '../agents/input.js';
import { scanPage } from '../agents/table-scan.js';
import type { Caller } from '../caller.js';
import { agentActorId, IdSchema } from '../ids.js';
import { measureContent } from '../messaging/api.js';
import type { Page } from '../page.js';
import {
  EVALUATION_TOTALS_TABLE,
  EVALUATIONS_BY_EVALUATOR_TABLE,
  EVALUATIONS_TABLE,
  type Evaluation,
  type EvaluationSummary,
  type EvaluationTotals,
  MAX_CRITERION_CHARS,
  MAX_SCORES,
  SCORE_MAX,
  SCORE_MIN,
  type Score,
  summaryOf as totalsSummary,
} from './evaluation.js';

/** The projects table its owner writes (`projects` [id]): an evaluation may name a project that exists. */
export const PROJECTS_TABLE = 'projects';

const ScoreValue = z.number().min(SCORE_MIN).max(SCORE_MAX);
const Criterion = z.string().min(1).max(MAX_CRITERION_CHARS);
const ScoreList = z.array(z.object({ criterion: Criterion, score: ScoreValue }).strict()).max(MAX_SCORES);

/** `{ criterion: score }` read with `Object.entries` (never indexed: `__proto__` is a criterion like any), or a list. */
const ScoresSchema = z.union([
  ScoreList,
  z
    .custom<Record<string, unknown>>(
      (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
      'must be an object of criterion → score, or a list of { criterion, score }',
    )
    .transform((value, ctx): Score[] => {
      const parsed = ScoreList.safeParse(
        Object.entries(value).map(([criterion, score]) => ({ criterion, score })),
      );
      if (parsed.success) return parsed.data;
      ctx.addIssue({
        code: 'custom',
        message: `must score each criterion from ${SCORE_MIN} to ${SCORE_MAX} (at most ${MAX_SCORES})`,
      });
      return z.NEVER;
    }),
]);

const EvaluateSchema = z
  .object({
    contributingAgentId: IdSchema,
    contributionRef: z.string().min(1).max(4_096),
    evaluationCriteria: z.unknown().optional(),
    comments: z.string().optional(),
    scores: ScoresSchema.optional(),
    projectId: IdSchema.optional(),
  })
  .strict();
export type EvaluateInput = z.input<typeof EvaluateSchema>;

const FilterSchema = z
  .object({
    contributorId: IdSchema.optional(),
    evaluatorId: IdSchema.optional(),
    projectId: IdSchema.optional(),
  })
  .strict();
export type EvaluationFilter = z.input<typeof FilterSchema>;

/** A page of evaluations, and the contributor's totals when the filter named one. */
export interface EvaluationPage extends Page<Evaluation> {
  readonly summary: EvaluationSummary | null;
}

export async function evaluateContribution(
  domain: AgentsDomain,
  caller: Caller,
  input: EvaluateInput,
): Promise<Outcome<Evaluation>> {
  const parsed = parseInput(EvaluateSchema, input);
  if (!parsed.ok) return parsed;
  const evaluator = callingAgent(caller, 'evaluating a contribution');
  if (!evaluator.ok) return evaluator;
  const { contributingAgentId, contributionRef, comments = '', projectId } = parsed.value;
  if (contributingAgentId === evaluator.value)
    return refuse(
      'self_evaluation',
      `"${evaluator.value}" may not evaluate its own contribution`,
      'contributing_agent_id',
    );
  if (!summaryOf(domain, evaluator.value))
    return refuse(
      'unknown_agent',
      `the evaluator "${evaluator.value}" is not registered`,
      'evaluating_agent_id',
    );
  if (comments.length > domain.limits.textChars)
    return refuse(
      'too_large',
      `comments has more than ${domain.limits.textChars} characters (textChars)`,
      'comments',
    );
  const criteria = parsed.value.evaluationCriteria ?? null;
  const measured = measureContent(domain, criteria, 'evaluation_criteria');
  if (!measured.ok) return measured;
  if (measured.value > domain.limits.valueBytes)
    return refuse(
      'too_large',
      `evaluation_criteria is over ${domain.limits.valueBytes} bytes (valueBytes)`,
      'evaluation_criteria',
    );
  if (projectId !== undefined && domain.system.table(PROJECTS_TABLE).get([projectId]) === undefined)
    return refuse('not_found', `no project "${projectId}"`, 'project_id');
  if (!summaryOf(domain, contributingAgentId))
    return refuse(
      'unknown_agent',
      `no agent "${contributingAgentId}" is registered`,
      'contributing_agent_id',
    );
  const msg: AgentMsg = {
    type: 'evaluate',
    evaluatorId: evaluator.value,
    contributionRef,
    evaluationCriteria: criteria,
    scores: parsed.value.scores ?? [],
    comments,
    projectId: projectId ?? null,
  };
  return domain.system.refOf<AgentMsg>(agentActorId(contributingAgentId)).ask(msg);
}

/** Evaluations by contributor (oldest first), else by evaluator, else all; narrowed by the other criteria. */
export async function listEvaluations(
  domain: AgentsDomain,
  filter: EvaluationFilter = {},
  page?: PageInput,
): Promise<Outcome<EvaluationPage>> {
  const parsed = parseInput(FilterSchema, filter);
  if (!parsed.ok) return parsed;
  const request = pageRequest(page, domain.limits);
  if (!request.ok) return request;
  const { contributorId, evaluatorId, projectId } = parsed.value;
  const evaluations = domain.system.table<Evaluation>(EVALUATIONS_TABLE);
  const fits = (e: Evaluation | undefined) =>
    e &&
    (contributorId === undefined || e.contributorId === contributorId) &&
    (evaluatorId === undefined || e.evaluatorId === evaluatorId) &&
    (projectId === undefined || e.projectId === projectId)
      ? e
      : undefined;
  const listed =
    contributorId === undefined && evaluatorId !== undefined
      ? scanPage(domain.system.table(EVALUATIONS_BY_EVALUATOR_TABLE), {
          segments: [[evaluatorId]],
          ...request.value,
          pick: (_, key) => fits(evaluations.get([key[1] as string, key[2] as number])),
        })
      : scanPage(evaluations, {
          segments: [contributorId === undefined ? [] : [contributorId]],
          ...request.value,
          pick: fits,
        });
  if (!listed.ok) return listed;
  const summary =
    contributorId === undefined
      ? null
      : totalsSummary(domain.system.table<EvaluationTotals>(EVALUATION_TOTALS_TABLE).get([contributorId]));
  return { ok: true, value: { ...listed.value, summary } };
}
