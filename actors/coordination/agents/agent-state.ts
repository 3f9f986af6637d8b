/**
 * The state of one agent actor (`agent:<id>`) — small and of fixed size whatever the agent's
 * inbox, evaluations or subscriptions hold (those are table entries) — and the helpers every
 * part of its turn shares: reading the agent's record, addressing other actors by id, writing
 * the agent's summary and indexes, and telling the change watch.
 *
 * Each fact is kept once: the agent's record lives only in its `agents` entry (written by this
 * actor's turns, read back by them: `recordOf`), the token's SHA-256 as its 32 bytes, the
 * environment only in the state (not in the spawn arguments). States written before (version
 * 1: the record copied into the state, the hash in hex) are upgraded as they are read
 * (`migrateAgentState`).
 */
import { type ActorContext, ActorRef, homeThread } from '../../../src/kernel/index.js';
import type { ChangeWatchMsg } from '../change-watch.js';
import type { MessageRecord, MessageVia } from '../messaging/message.js';
import {
  AGENTS_BY_CAPABILITY_TABLE,
  AGENTS_BY_ROLE_TABLE,
  AGENTS_TABLE,
  type Agent,
  type AgentSummary,
  publicAgent,
} from './agent-record.js';
import type { GoneReason } from './presence-news.js';

/** What an agent actor needs of its surroundings: refreshed by every registration. */
export interface AgentEnv {
  /** The system's thread count: an actor id's home thread follows from it. */
  readonly threads: number;
  /** The change watch to tell of new mail and record changes (none in a system without one). */
  readonly watch: ActorRef<ChangeWatchMsg> | null;
}

export interface InboxCounters {
  /** The next message's seq (never reset: ids stay unique across registrations). */
  readonly nextSeq: number;
  /** Messages of this generation kept (expired ones until purged). */
  readonly count: number;
  readonly bytes: number;
  /** When the expiry timer is due, if one is set. */
  readonly expiryDueAt: number | null;
}

export interface EvaluationCounters {
  /** Never reset: a purge removes what is below the seq the deregistration left. */
  readonly nextSeq: number;
  readonly count: number;
  readonly scored: number;
  readonly meanSum: number;
}

/** Work left after the agent went: telling the lock, task and session actors (in stages). */
export interface PushWork {
  readonly reason: GoneReason;
  /** 0: leases, 1: tasks, 2: sessions. */
  readonly stage: number;
  /** The last index key told in this stage. */
  readonly after: readonly (string | number)[] | null;
}

/** Records of closed registrations still to remove, a bounded batch per turn. */
export interface PurgeWork {
  /** Inbox entries of generations below this. */
  readonly belowGeneration: number;
  /** Evaluations with a seq below this. */
  readonly evaluationsBelowSeq: number;
}

/** The version of `AgentState` this code writes (see `migrateAgentState`). */
export const AGENT_STATE_VERSION = 2;

export interface AgentState {
  readonly agentId: string;
  /** Given by every registration; null until the first (a fresh actor's first turn is its registration). */
  readonly env: AgentEnv | null;
  /** Registrations so far: 0 = never registered. */
  readonly generation: number;
  /**
   * SHA-256 of the secret token (32 bytes) while registered; null before the first registration
   * and after deregistration — the agent is registered exactly while it is set.
   */
  readonly tokenHash: Uint8Array | null;
  readonly inbox: InboxCounters;
  readonly evaluations: EvaluationCounters;
  /** The agent's own event subscriptions (this generation). */
  readonly subscriptions: number;
  /** When the liveness timer is due (null: none set), and since when silence is counted at the latest. */
  readonly liveness: { readonly dueAt: number | null; readonly judgedFrom: number };
  readonly push: PushWork | null;
  readonly purge: PurgeWork | null;
}

export function initialAgentState(agentId: string): AgentState {
  return {
    agentId,
    env: null,
    generation: 0,
    tokenHash: null,
    inbox: { nextSeq: 1, count: 0, bytes: 0, expiryDueAt: null },
    evaluations: { nextSeq: 1, count: 0, scored: 0, meanSum: 0 },
    subscriptions: 0,
    liveness: { dueAt: null, judgedFrom: 0 },
    push: null,
    purge: null,
  };
}

/** Is the agent registered (its current generation open)? */
export function isRegistered(state: AgentState): boolean {
  return state.tokenHash !== null;
}

/** The agent's record while it is registered: its `agents` entry, as this turn sees it. */
export function recordOf<M>(state: AgentState, ctx: ActorContext<M>): Agent | null {
  if (!isRegistered(state)) return null;
  const summary = ctx.table<AgentSummary>(AGENTS_TABLE).get([state.agentId]);
  return summary ? publicAgent(summary) : null;
}

/**
 * A state as stored by `fromVersion`, in the current shape. Version 1 kept a copy of the
 * record (its `agents` entry, written in the same commits, is the one kept now) and the
 * token hash in hex.
 */
export function migrateAgentState(stored: unknown, fromVersion: number): AgentState {
  if (fromVersion !== 1) throw new Error(`no migration from agent state version ${fromVersion}`);
  const {
    agent: _record,
    tokenHash,
    ...rest
  } = stored as Omit<AgentState, 'tokenHash'> & {
    readonly agent?: unknown;
    readonly tokenHash: string | null;
  };
  return { ...rest, tokenHash: tokenHash === null ? null : Buffer.from(tokenHash, 'hex') };
}

/** A ref to the actor with this id (its home thread follows from the id). */
export function refById<M>(env: AgentEnv, id: string): ActorRef<M> {
  return new ActorRef<M>(id, homeThread(id, env.threads));
}

/** Write the agent's summary and its role and capability index entries (after a change of record). */
export function writeSummary<M>(
  ctx: ActorContext<M>,
  generation: number,
  before: Agent | null,
  agent: Agent,
): void {
  ctx.table<AgentSummary>(AGENTS_TABLE).put([agent.id], { ...agent, generation });
  if (before?.role !== agent.role) {
    if (before) ctx.table(AGENTS_BY_ROLE_TABLE).remove([before.role, agent.id]);
    ctx.table(AGENTS_BY_ROLE_TABLE).put([agent.role, agent.id], 0);
  }
  const byCapability = ctx.table(AGENTS_BY_CAPABILITY_TABLE);
  for (const capability of before?.capabilities ?? [])
    if (!agent.capabilities.includes(capability)) byCapability.remove([capability, agent.id]);
  for (const capability of agent.capabilities)
    if (!before?.capabilities.includes(capability)) byCapability.put([capability, agent.id], 0);
}

/** Remove the agent's summary and index entries (deregistration). */
export function removeSummary<M>(ctx: ActorContext<M>, agent: Agent): void {
  ctx.table(AGENTS_TABLE).remove([agent.id]);
  ctx.table(AGENTS_BY_ROLE_TABLE).remove([agent.role, agent.id]);
  for (const capability of agent.capabilities)
    ctx.table(AGENTS_BY_CAPABILITY_TABLE).remove([capability, agent.id]);
}

/** Tell the change watch that the agent's record changed (topic `agent`). */
export function announceAgent<M>(state: AgentState, ctx: ActorContext<M>): void {
  if (state.env?.watch) ctx.tell(state.env.watch, { type: 'agent-changed', agentId: state.agentId });
}

/** Tell the change watch that the inbox got a message (topic `inbox`; the content stays here). */
export function announceMail<M>(
  state: AgentState,
  ctx: ActorContext<M>,
  message: MessageRecord,
  via: MessageVia,
): void {
  if (state.env?.watch)
    ctx.tell(state.env.watch, { type: 'posted', via, message: { ...message, content: null } });
}

/** Tell the change watch that `count` messages expired in the inbox (it keeps the process's total). */
export function announceExpired<M>(state: AgentState, ctx: ActorContext<M>, count: number): void {
  if (count > 0 && state.env?.watch)
    ctx.tell(state.env.watch, { type: 'mail-expired', agentId: state.agentId, count });
}
