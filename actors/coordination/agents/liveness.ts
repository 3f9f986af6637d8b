/**
 * Liveness: each agent actor keeps one durable timer at its agent's next deadline. Silent
 * for `UNRESPONSIVE_AFTER` heartbeat intervals → `unresponsive`; for `OFFLINE_AFTER` →
 * `offline` (and the presence news is pushed, `departure.ts`). A heartbeat does not move the
 * timer: when it fires, the deadline is worked out again from the last heartbeat, and the
 * timer set again if it is not yet due — so a heartbeat costs no timer write.
 *
 * A timer that fires much later than it was due (troupe itself was down, or stalled) does not
 * judge the agent: silence is counted afresh from now (`judgedFrom`), the agent keeps its
 * status and gets its intervals again.
 *
 * ```
 *   heard ──2 intervals──▶ unresponsive ──(5 in all)──▶ offline ──heartbeat──▶ available
 * ```
 */
import type { ActorContext } from '../../../src/kernel/index.js';
import type { AgentMsg } from './agent-messages.js';
import { type Agent, OFFLINE_AFTER, UNRESPONSIVE_AFTER } from './agent-record.js';
import { type AgentState, announceAgent, recordOf, writeSummary } from './agent-state.js';
import { startPush } from './departure.js';

/** A timer later than this (and than one interval) is taken for troupe's own downtime. */
export const LATE_TIMER_MS = 2_000;
const LIVENESS_TIMER = 'liveness';

type Ctx = ActorContext<AgentMsg>;

const intervalMs = (agent: Agent) => Math.round(agent.heartbeatIntervalS * 1000);

/** Silence counts from the last heartbeat, or from a grace the actor gave after a late timer. */
const silentFrom = (state: AgentState, agent: Agent) =>
  Math.max(agent.lastHeartbeat, state.liveness.judgedFrom);

/** The next deadline: offline for an unresponsive agent, unresponsive otherwise. */
function nextDeadline(state: AgentState, agent: Agent): number {
  const intervals = agent.status === 'unresponsive' ? OFFLINE_AFTER : UNRESPONSIVE_AFTER;
  return silentFrom(state, agent) + intervals * intervalMs(agent);
}

function scheduleAt(state: AgentState, ctx: Ctx, dueAt: number): AgentState {
  ctx.schedule({ at: dueAt }, { type: 'liveness', dueAt }, { key: LIVENESS_TIMER });
  return { ...state, liveness: { ...state.liveness, dueAt } };
}

/** After the agent (its record as of now: `agent`) was heard from or registered: make sure a timer watches it. */
export function armLiveness(state: AgentState, agent: Agent, ctx: Ctx): AgentState {
  if (agent.status === 'offline' || state.liveness.dueAt !== null) return state;
  return scheduleAt(state, ctx, nextDeadline(state, agent));
}

/** The agent left: no timer. */
export function disarmLiveness(state: AgentState, ctx: Ctx): AgentState {
  if (state.liveness.dueAt === null) return state;
  ctx.cancelSchedule(LIVENESS_TIMER);
  return { ...state, liveness: { ...state.liveness, dueAt: null } };
}

/** The liveness timer fired: judge the silence (or grant a fresh interval when the timer is late). */
export function onLivenessTimer(state: AgentState, dueAt: number, ctx: Ctx): AgentState {
  if (dueAt !== state.liveness.dueAt) return state;
  const cleared: AgentState = { ...state, liveness: { ...state.liveness, dueAt: null } };
  const agent = recordOf(state, ctx);
  if (!agent || agent.status === 'offline') return cleared;
  const now = ctx.now();
  if (now - dueAt > Math.max(LATE_TIMER_MS, intervalMs(agent))) {
    const granted = { ...cleared, liveness: { dueAt: null, judgedFrom: now } };
    return scheduleAt(granted, ctx, nextDeadline(granted, agent));
  }
  const silence = now - silentFrom(state, agent);
  if (silence >= OFFLINE_AFTER * intervalMs(agent)) return goOffline(cleared, agent, ctx);
  if (silence >= UNRESPONSIVE_AFTER * intervalMs(agent) && agent.status !== 'unresponsive') {
    const silent = { ...agent, status: 'unresponsive' as const };
    writeSummary(ctx, state.generation, agent, silent);
    announceAgent(cleared, ctx);
    return scheduleAt(cleared, ctx, nextDeadline(cleared, silent));
  }
  return scheduleAt(cleared, ctx, nextDeadline(cleared, agent));
}

/** The agent (its record as of now: `agent`) is offline now, by silence or by its own word: its records stay, the news is pushed. */
export function goOffline(state: AgentState, agent: Agent, ctx: Ctx): AgentState {
  const offline = { ...agent, status: 'offline' as const };
  writeSummary(ctx, state.generation, agent, offline);
  const next = disarmLiveness(state, ctx);
  announceAgent(next, ctx);
  return startPush(next, 'offline', ctx);
}
