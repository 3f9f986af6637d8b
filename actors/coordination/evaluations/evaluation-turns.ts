/**
 * The contributor's agent actor keeps the evaluations of its contributions: it stores one
 * under its next evaluation seq, with the evaluator index entry and its running totals, in
 * one turn (`evaluation.ts` for the tables). The facade has checked the input and refused a
 * self-evaluation; the actor refuses only when its agent is not registered.
 */
import { randomUUID } from 'node:crypto';
import { type ActorContext, type Outcome, refuse } from '../../../src/kernel/index.js';
import type { AgentMsg, EvaluateMsg } from '../agents/agent-messages.js';
import { type AgentState, isRegistered } from '../agents/agent-state.js';
import {
  EVALUATION_TOTALS_TABLE,
  EVALUATIONS_BY_EVALUATOR_TABLE,
  EVALUATIONS_TABLE,
  type Evaluation,
  type EvaluationTotals,
  meanOf,
} from './evaluation.js';

type Ctx = ActorContext<AgentMsg>;

/** Store an evaluation under the next seq and count it. */
function store(state: AgentState, evaluation: Evaluation, ctx: Ctx): AgentState {
  const seq = state.evaluations.nextSeq;
  ctx.table(EVALUATIONS_TABLE).put([state.agentId, seq], evaluation);
  ctx.table(EVALUATIONS_BY_EVALUATOR_TABLE).put([evaluation.evaluatorId, state.agentId, seq], 0);
  const scored = evaluation.meanScore !== null;
  const evaluations = {
    nextSeq: seq + 1,
    count: state.evaluations.count + 1,
    scored: state.evaluations.scored + (scored ? 1 : 0),
    meanSum: state.evaluations.meanSum + (evaluation.meanScore ?? 0),
  };
  const totals: EvaluationTotals = {
    count: evaluations.count,
    scored: evaluations.scored,
    meanSum: evaluations.meanSum,
  };
  ctx.table(EVALUATION_TOTALS_TABLE).put([state.agentId], totals);
  return { ...state, evaluations };
}

export function evaluate(
  state: AgentState,
  msg: EvaluateMsg,
  ctx: Ctx,
): readonly [Outcome<Evaluation>, AgentState] {
  if (!isRegistered(state))
    return [
      refuse('unknown_agent', `no agent "${state.agentId}" is registered`, 'contributing_agent_id'),
      state,
    ];
  const evaluation: Evaluation = {
    id: `evaluation-${randomUUID()}`,
    evaluatorId: msg.evaluatorId,
    contributorId: state.agentId,
    contributionRef: msg.contributionRef,
    evaluationCriteria: msg.evaluationCriteria,
    scores: msg.scores,
    meanScore: meanOf(msg.scores.map((s) => s.score)),
    comments: msg.comments,
    projectId: msg.projectId,
    createdAt: ctx.now(),
  };
  return [{ ok: true, value: evaluation }, store(state, evaluation, ctx)];
}

/** Migration: the evaluations of this agent's contributions, ids kept. */
export function restoreEvaluations(
  state: AgentState,
  evaluations: readonly Evaluation[],
  ctx: Ctx,
): AgentState {
  let next = state;
  for (const evaluation of evaluations)
    next = store(next, { ...evaluation, contributorId: state.agentId }, ctx);
  return next;
}
