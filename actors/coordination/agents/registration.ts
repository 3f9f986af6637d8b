/**
 * The agent actor's own record: registration (a secret token, kept only as its SHA-256),
 * authentication (constant-time), heartbeats and status updates, deregistration, the
 * restore of an agent migrated from the previous version, and the answer to a lease granted
 * to an agent that is not there. Each function is one kind of turn: it returns the answer
 * (or none) and the next state.
 *
 * A registration is a *generation*: deregistration closes it — summary and indexes removed,
 * own subscriptions removed, presence news pushed, inbox and evaluations purged — and a new
 * registration of the same id starts empty with a new token; it inherits nothing.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type ActorContext, refuse } from '../../../src/kernel/index.js';
import { EVALUATION_TOTALS_TABLE } from '../evaluations/evaluation.js';
import { restoreEvaluations } from '../evaluations/evaluation-turns.js';
import { removeOwnSubscriptions, restoreSubscriptions } from '../events/subscription-turns.js';
import { EXPIRY_TIMER, restoreMessages } from '../messaging/inbox-turns.js';
import { type AccessGrant, AGENT_ACCESS_TABLE, NO_GRANT, tokenProblem } from './agent-access.js';
import type { AgentMsg, AgentSeed, RegisteredAgent, Registration } from './agent-messages.js';
import type { Agent, SettableStatus } from './agent-record.js';
import {
  type AgentEnv,
  type AgentState,
  announceAgent,
  isRegistered,
  recordOf,
  refById,
  removeSummary,
  writeSummary,
} from './agent-state.js';
import { startPurge, startPush } from './departure.js';
import { armLiveness, disarmLiveness, goOffline } from './liveness.js';
import type { HolderGone } from './presence-news.js';
import { accessOf, hashToken, type Turn, tokenProblemMessage, writeAccess } from './token-turns.js';

type Ctx = ActorContext<AgentMsg>;

export type { Turn } from './token-turns.js';

function tokenMatches(tokenHash: Uint8Array, token: string): boolean {
  const given = hashToken(token);
  return given.length === tokenHash.length && timingSafeEqual(given, tokenHash);
}

function unknown(state: AgentState): Turn<never> {
  return [refuse('unknown_agent', `no agent "${state.agentId}" is registered`, 'agent_id'), state];
}

/** A fresh generation: no mail, no subscriptions, no evaluations (what an older one left is being purged). */
function newGeneration(state: AgentState, env: AgentEnv): AgentState {
  return {
    ...state,
    env,
    generation: state.generation + 1,
    inbox: { ...state.inbox, count: 0, bytes: 0, expiryDueAt: null },
    evaluations: { ...state.evaluations, count: 0, scored: 0, meanSum: 0 },
    subscriptions: 0,
    push: null,
  };
}

export function register(
  state: AgentState,
  registration: Registration,
  env: AgentEnv,
  ctx: Ctx,
  grant: AccessGrant = NO_GRANT,
): Turn<RegisteredAgent> {
  if (isRegistered(state))
    return [refuse('already_exists', `agent "${state.agentId}" is already registered`, 'id'), state];
  const now = ctx.now();
  const token = randomBytes(24).toString('base64url');
  const agent: Agent = {
    id: state.agentId,
    ...registration,
    capabilities: [...new Set(registration.capabilities)],
    status: 'available',
    currentTask: null,
    registeredAt: now,
    lastHeartbeat: now,
  };
  const next = {
    ...newGeneration(state, env),
    tokenHash: hashToken(token),
    liveness: { dueAt: null, judgedFrom: now },
  };
  writeSummary(ctx, next.generation, null, agent);
  if (grant !== NO_GRANT) writeAccess(ctx, agent.id, grant, now);
  announceAgent(next, ctx);
  return [{ ok: true, value: { agent, token } }, armLiveness(next, agent, ctx)];
}

/** An agent migrated from the previous version: its record, token hash, mail, subscriptions and evaluations. */
export function restore(state: AgentState, seed: AgentSeed, env: AgentEnv, ctx: Ctx): Turn<Agent> {
  // Already restored (a migration run again after a crash): nothing more.
  if (state.generation > 0) {
    const agent = recordOf(state, ctx);
    return agent ? [{ ok: true, value: agent }, state] : unknown(state);
  }
  const now = ctx.now();
  const status = seed.agent.status === 'unresponsive' ? 'available' : seed.agent.status;
  const agent: Agent = { ...seed.agent, id: state.agentId, status };
  let next: AgentState = {
    ...newGeneration(state, env),
    tokenHash: Buffer.from(seed.tokenHash, 'hex'),
    // Troupe was down since the old version last ran: silence counts from now.
    liveness: { dueAt: null, judgedFrom: now },
  };
  writeSummary(ctx, next.generation, null, agent);
  next = restoreMessages(next, seed.messages, ctx);
  next = restoreSubscriptions(next, seed.subscriptions, seed.roleSubscriptions, ctx);
  next = restoreEvaluations(next, seed.evaluations, ctx);
  announceAgent(next, ctx);
  return [{ ok: true, value: agent }, armLiveness(next, agent, ctx)];
}

export function authenticate(state: AgentState, token: string, ctx: Ctx): Turn<Agent> {
  const agent = recordOf(state, ctx);
  if (!agent || !state.tokenHash) return unknown(state);
  if (!tokenMatches(state.tokenHash, token))
    return [refuse('unauthorized', `wrong token for agent "${state.agentId}"`, 'agent_token'), state];
  const problem = tokenProblem(accessOf(ctx, state.agentId), ctx.now());
  if (problem !== null)
    return [refuse('unauthorized', tokenProblemMessage(problem, state.agentId), 'agent_token'), state];
  return [{ ok: true, value: agent }, state];
}

/** The agent was heard from: a heartbeat (maybe with status and task) or a status update. */
export function heardFrom(
  state: AgentState,
  change: { readonly status?: SettableStatus; readonly currentTask?: string | null },
  ctx: Ctx,
): Turn<Agent> {
  const before = recordOf(state, ctx);
  if (!before) return unknown(state);
  const silenced = before.status === 'unresponsive' || before.status === 'offline';
  const status = change.status ?? (silenced ? 'available' : before.status);
  const agent: Agent = {
    ...before,
    status: status === 'offline' ? before.status : status,
    currentTask: change.currentTask === undefined ? before.currentTask : change.currentTask,
    lastHeartbeat: ctx.now(),
  };
  writeSummary(ctx, state.generation, before, agent);
  announceAgent(state, ctx);
  // Saying "offline" is going offline: the presence news is pushed as if by silence.
  let next: AgentState = state;
  if (status === 'offline') next = before.status === 'offline' ? state : goOffline(state, agent, ctx);
  else next = armLiveness(state, agent, ctx);
  return [{ ok: true, value: recordOf(next, ctx) as Agent }, next];
}

export function deregister(state: AgentState, ctx: Ctx): Turn<Agent> {
  const agent = recordOf(state, ctx);
  if (!agent) return unknown(state);
  removeSummary(ctx, agent);
  ctx.table(AGENT_ACCESS_TABLE).remove([agent.id]);
  ctx.table(EVALUATION_TOTALS_TABLE).remove([agent.id]);
  let next = removeOwnSubscriptions(state, ctx);
  next = disarmLiveness({ ...next, tokenHash: null }, ctx);
  if (next.inbox.expiryDueAt !== null) {
    ctx.cancelSchedule(EXPIRY_TIMER);
    next = { ...next, inbox: { ...next.inbox, expiryDueAt: null } };
  }
  next = startPush(next, 'deregistered', ctx);
  next = startPurge(next, ctx);
  announceAgent(next, ctx);
  return [{ ok: true, value: agent }, next];
}

/** A lock actor granted this agent a lease: if the agent is not there to hold it, hand it back at once. */
export function leaseGranted(state: AgentState, lockId: string, ctx: Ctx): AgentState {
  const agent = recordOf(state, ctx);
  if (agent && agent.status !== 'offline') return state;
  // No environment yet: the actor has not had its first registration, so it cannot have
  // asked for a lease either; nobody to tell.
  if (!state.env) return state;
  const news: HolderGone = {
    type: 'holder-gone',
    agentId: state.agentId,
    reason: agent ? 'offline' : 'deregistered',
  };
  ctx.tell(refById<HolderGone>(state.env, lockId), news);
  return state;
}
