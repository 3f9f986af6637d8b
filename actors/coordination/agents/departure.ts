/**
 * When an agent goes — offline, or deregistered — its actor pushes the news to every lock,
 * task and session actor that names it (`presence-news.ts`), and after a deregistration it
 * removes the records of the closed registration (inbox, expiry entries, evaluations). Both
 * are done a bounded batch per turn: the first batch in the turn the agent goes, the rest in
 * `continue` turns the actor tells itself (durable tells, so a crash resumes the work).
 *
 * A new registration stops a push still under way (the news was about the registration that
 * went) but not a purge: the purge removes only what is below the generation and evaluation
 * seq the deregistration left, so the new registration's records are never touched.
 */
import type { ActorContext, TableKey } from '../../../src/kernel/index.js';
import {
  EVALUATIONS_BY_EVALUATOR_TABLE,
  EVALUATIONS_TABLE,
  type Evaluation,
} from '../evaluations/evaluation.js';
import { lockActorId, sessionActorId, taskActorId } from '../ids.js';
import { INBOX_EXPIRY_TABLE, INBOX_TABLE } from '../messaging/message.js';
import type { AgentMsg } from './agent-messages.js';
import { type AgentState, refById } from './agent-state.js';
import {
  type GoneReason,
  LEASES_BY_HOLDER_TABLE,
  type PresenceNews,
  SESSIONS_BY_PARTICIPANT_TABLE,
  TASKS_BY_ASSIGNEE_TABLE,
} from './presence-news.js';

/** Actors told per turn, and records removed per turn. */
export const PUSH_BATCH = 256;
export const PURGE_BATCH = 1_000;

type Ctx = ActorContext<AgentMsg>;

interface Stage {
  readonly table: string;
  /** The actor told, from the index key ([agentId, path | taskId | sessionId, …]). */
  readonly actorOf: (key: TableKey) => string | null;
  readonly news: PresenceNews['type'];
}

const STAGES: readonly Stage[] = [
  // [holder, path head, lockId]: the lock's id is in the key (a tenant's is not derived from the path).
  {
    table: LEASES_BY_HOLDER_TABLE,
    actorOf: (key) => stringAt(key, 2) ?? idAt(key, lockActorId),
    news: 'holder-gone',
  },
  { table: TASKS_BY_ASSIGNEE_TABLE, actorOf: (key) => idAt(key, taskActorId), news: 'assignee-gone' },
  {
    table: SESSIONS_BY_PARTICIPANT_TABLE,
    actorOf: (key) => idAt(key, sessionActorId),
    news: 'participant-gone',
  },
];

/** Start telling the lock, task and session actors that the agent is gone. */
export function startPush(state: AgentState, reason: GoneReason, ctx: Ctx): AgentState {
  return begin(state, { ...state, push: { reason, stage: 0, after: null } }, ctx);
}

/** Start removing the closed registration's records (after a deregistration). */
export function startPurge(state: AgentState, ctx: Ctx): AgentState {
  const purge = {
    belowGeneration: state.generation + 1,
    evaluationsBelowSeq: state.evaluations.nextSeq,
  };
  return begin(state, { ...state, purge }, ctx);
}

/** The `continue` turn: another batch, and another `continue` while work is left. */
export function continueWork(state: AgentState, ctx: Ctx): AgentState {
  const next = doWork(state, ctx);
  if (isBusy(next)) ctx.tell(ctx.self, { type: 'continue' });
  return next;
}

const isBusy = (state: AgentState) => state.push !== null || state.purge !== null;

/** A first batch now; a `continue` follows when work is left and none was under way already. */
function begin(before: AgentState, started: AgentState, ctx: Ctx): AgentState {
  const next = doWork(started, ctx);
  if (isBusy(next) && !isBusy(before)) ctx.tell(ctx.self, { type: 'continue' });
  return next;
}

function doWork(state: AgentState, ctx: Ctx): AgentState {
  const pushed = state.push ? pushSome(state, ctx) : state;
  return pushed.purge ? purgeSome(pushed, ctx) : pushed;
}

function pushSome(state: AgentState, ctx: Ctx): AgentState {
  const { push, env, agentId } = state;
  if (!push) return state;
  // Pushed only after a registration, which gave the environment; without one there is no one to tell.
  if (!env) return { ...state, push: null };
  let { stage, after } = push;
  let budget = PUSH_BATCH;
  while (stage < STAGES.length && budget > 0) {
    const { table, actorOf, news } = STAGES[stage] as Stage;
    const range = { prefix: [agentId], limit: budget, ...(after ? { after } : {}) };
    const entries = ctx.table(table).range(range);
    for (const { key } of entries) {
      const actorId = actorOf(key);
      if (actorId === null) continue;
      ctx.tell(refById<PresenceNews>(env, actorId), {
        type: news,
        agentId,
        reason: push.reason,
        ...(news === 'assignee-gone' && env.watch ? { watch: env.watch } : {}),
      } as PresenceNews);
    }
    budget -= entries.length;
    if (entries.length < range.limit) {
      stage++;
      after = null;
    } else after = (entries[entries.length - 1] as { key: TableKey }).key;
  }
  return { ...state, push: stage >= STAGES.length ? null : { reason: push.reason, stage, after } };
}

/** Remove entries under `prefix` while `closed(key)` holds (they come first in key order); true when none is left. */
function removeClosed(
  ctx: Ctx,
  table: string,
  prefix: TableKey,
  budget: { left: number },
  closed: (key: TableKey, value: unknown) => boolean,
  also: (key: TableKey, value: unknown) => void = () => {},
): boolean {
  const limit = budget.left;
  if (limit <= 0) return false;
  const entries = ctx.table(table).range({ prefix, limit });
  for (const { key, value } of entries) {
    if (!closed(key, value)) return true;
    ctx.table(table).remove(key);
    also(key, value);
    budget.left--;
  }
  return entries.length < limit;
}

function purgeSome(state: AgentState, ctx: Ctx): AgentState {
  const purge = state.purge;
  if (!purge) return state;
  const prefix = [state.agentId];
  const budget = { left: PURGE_BATCH };
  const olderGeneration = (key: TableKey) => (key[1] as number) < purge.belowGeneration;
  const inboxDone = removeClosed(ctx, INBOX_TABLE, prefix, budget, olderGeneration);
  const expiryDone = removeClosed(ctx, INBOX_EXPIRY_TABLE, prefix, budget, olderGeneration);
  const evaluationsDone = removeClosed(
    ctx,
    EVALUATIONS_TABLE,
    prefix,
    budget,
    (key) => (key[1] as number) < purge.evaluationsBelowSeq,
    (key, value) =>
      ctx
        .table(EVALUATIONS_BY_EVALUATOR_TABLE)
        .remove([(value as Evaluation).evaluatorId, state.agentId, key[1] as number]),
  );
  return inboxDone && expiryDone && evaluationsDone ? { ...state, purge: null } : state;
}

function stringAt(key: TableKey, index: number): string | null {
  const part = key[index];
  return typeof part === 'string' ? part : null;
}

function idAt(key: TableKey, actorId: (id: string) => string): string | null {
  const named = stringAt(key, 1);
  return named === null ? null : actorId(named);
}
