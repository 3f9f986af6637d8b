/**
 * A session's shared values, kept in the `session-values` table by the session actor: reading
 * the live ones, writing one (with the optimistic version check, the key cap and the expiry),
 * and sweeping expired ones with one durable timer set at the earliest expiry. Turn helpers of
 * session-actor.ts; they own no state of their own.
 */
import { type ActorContext, type Outcome, refuse, reply } from '../../../src/kernel/index.js';
import { SESSION_VALUES_TABLE } from './session-indexes.js';
import type { SessionMsg, SessionState } from './session-messages.js';
import { isLive, type SessionRecord, type SessionValue } from './session-record.js';

const EXPIRY_TIMER = 'expire';
/** Keys read at most in one turn (above any `sessionKeys` limit a deployment would set). */
const MAX_KEYS_READ = 10_000;

export type Ctx = ActorContext<SessionMsg>;

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function valuesOf(id: string, ctx: Ctx): SessionValue[] {
  return ctx
    .table<SessionValue>(SESSION_VALUES_TABLE)
    .range({ prefix: [id], limit: MAX_KEYS_READ })
    .map((entry) => entry.value);
}

/** Drop expired values; set the timer at the next expiry. */
export function sweep(state: SessionState, id: string, ctx: Ctx): SessionState {
  const now = ctx.now();
  const table = ctx.table<SessionValue>(SESSION_VALUES_TABLE);
  let keyCount = 0;
  let nextExpiry: number | null = null;
  for (const value of valuesOf(id, ctx)) {
    if (!isLive(value, now)) {
      table.remove([id, value.key]);
      continue;
    }
    keyCount++;
    if (value.expiresAt !== null && (nextExpiry === null || value.expiresAt < nextExpiry))
      nextExpiry = value.expiresAt;
  }
  if (nextExpiry === null) ctx.cancelSchedule(EXPIRY_TIMER);
  else ctx.schedule({ at: nextExpiry }, { type: 'expire' }, { key: EXPIRY_TIMER });
  return { ...state, keyCount, nextExpiry };
}

/** Write one value: participants only (checked by the actor), with its version check and the key cap. */
export function write(
  state: SessionState,
  session: SessionRecord,
  msg: Extract<SessionMsg, { type: 'write' }>,
  ctx: Ctx,
) {
  const now = ctx.now();
  const table = ctx.table<SessionValue>(SESSION_VALUES_TABLE);
  const stored = table.get([session.id, msg.key]);
  const previous = stored && isLive(stored, now) ? stored : undefined;
  const version = previous?.version ?? 0;
  if (msg.expectedVersion !== undefined && msg.expectedVersion !== version)
    return reply(
      refuse(
        'version_conflict',
        `"${msg.key}" is at version ${version}, not ${msg.expectedVersion}`,
        'expected_version',
      ),
      state,
    );
  let next = state;
  if (!stored && next.keyCount >= msg.maxKeys) next = sweep(next, session.id, ctx);
  if (!stored && next.keyCount >= msg.maxKeys)
    return reply(
      refuse('limit_exceeded', `session "${session.id}" holds ${msg.maxKeys} keys, its limit`, 'key'),
      next,
    );
  const entry: SessionValue = {
    key: msg.key,
    value: msg.value,
    version: version + 1,
    updatedBy: msg.caller.kind === 'agent' ? msg.caller.agentId : null,
    updatedAt: now,
    expiresAt: msg.ttlMs === undefined ? null : now + msg.ttlMs,
  };
  table.put([session.id, msg.key], entry);
  next = { ...next, keyCount: stored ? next.keyCount : next.keyCount + 1 };
  if (entry.expiresAt !== null && (next.nextExpiry === null || entry.expiresAt < next.nextExpiry)) {
    ctx.schedule({ at: entry.expiresAt }, { type: 'expire' }, { key: EXPIRY_TIMER });
    next = { ...next, nextExpiry: entry.expiresAt };
  }
  return reply(ok(entry), next);
}
