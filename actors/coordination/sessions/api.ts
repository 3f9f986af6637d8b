/**
 * The session facade: what the MCP tools (and embedding services) call. Each function
 * validates its input (refusals name the field as seed 003 does: `participant_model_ids`,
 * `coordinator_model_id`), answers `unknown_session` for an id no session has (read from the
 * `sessions` table, nothing stored), checks that the agents it names are registered (the
 * `agents` table), then asks the `session:<id>` actor, which checks who may do what.
 * `getSession` and `listSessions` read the tables only and show records, never values.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type ActorSystem, ensureActor, type Outcome, refuse } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import { IdSchema, sessionActorId } from '../ids.js';
import { type CoordinationLimits, DEFAULT_LIMITS } from '../limits.js';
import type { Page } from '../page.js';
import { AgentDirectory } from '../tasks/agent-view.js';
import { type FieldNames, parseInput, perLimits, sizedValue, writerOf } from '../tasks/facade-input.js';
import { scanPage } from '../tasks/table-scan.js';
import { pageSchema } from '../tasks/task-schemas.js';
import { creationTenant, isInScope, isVisibleTo, tenantScopeOf } from '../tenancy.js';
import { SessionActor, type SessionContents, type SessionMsg } from './session-actor.js';
import { SESSIONS_BY_PARTICIPANT_TABLE, SESSIONS_TABLE } from './session-indexes.js';
import type { Membership, SessionRecord, SessionValue } from './session-record.js';

/** Characters of a shared value's key. */
export const MAX_KEY_CHARS = 256;
/** The longest TTL a value may be given (ten years, in seconds). */
export const MAX_TTL_SECONDS = 10 * 365 * 24 * 3600;

const NAMES: FieldNames = new Map([
  ['participantIds', 'participant_model_ids'],
  ['coordinatorId', 'coordinator_model_id'],
]);

const KeySchema = z.string().min(1).max(MAX_KEY_CHARS);
const SessionIdInput = z.object({ sessionId: IdSchema }).strict();

const schemas = perLimits((limits) => ({
  create: z
    .object({
      sessionId: IdSchema.optional(),
      title: z.string().min(1).max(512),
      description: z.string().max(limits.textChars).default(''),
      participantIds: z.array(IdSchema).max(limits.sessionParticipants).default([]),
      coordinatorId: IdSchema.optional(),
      open: z.boolean().default(false),
    })
    .strict(),
  invite: z
    .object({ sessionId: IdSchema, agentIds: z.array(IdSchema).min(1).max(limits.sessionParticipants) })
    .strict(),
  read: z
    .object({ sessionId: IdSchema, keys: z.array(KeySchema).max(limits.sessionKeys).optional() })
    .strict(),
  write: z
    .object({
      sessionId: IdSchema,
      key: KeySchema,
      value: z.unknown(),
      expectedVersion: z.number().int().nonnegative().optional(),
      ttlSeconds: z.number().positive().max(MAX_TTL_SECONDS).optional(),
    })
    .strict(),
  filter: z.object({ participantId: IdSchema.optional() }).strict(),
}));

function readSession(system: ActorSystem, sessionId: string): SessionRecord | undefined {
  return system.table<SessionRecord>(SESSIONS_TABLE).get([sessionId]);
}

function unknownSession(sessionId: string): Outcome<never> {
  return refuse('unknown_session', `no session "${sessionId}"`, 'session_id');
}

/** Ask an existing session's actor, or answer `unknown_session`. */
async function askSession<T>(
  system: ActorSystem,
  sessionId: string,
  message: SessionMsg,
): Promise<Outcome<T>> {
  const session = readSession(system, sessionId);
  // Another tenant's session is answered as one that does not exist.
  if (!session || ('caller' in message && !isVisibleTo(system, session, message.caller)))
    return unknownSession(sessionId);
  return system.refOf<SessionMsg>(sessionActorId(sessionId)).ask<Outcome<T>>(message);
}

/**
 * Open a session (seed 003's `create_collaboration_session`). The coordinator (default: the
 * caller) invites; participants — the coordinator, the caller and `participantIds` — must be
 * registered agents. `open: true` lets any agent join without an invitation.
 */
export async function createSession(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<SessionRecord>> {
  const parsed = parseInput(schemas(limits).create, input, NAMES);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'creating a session');
  if (!writer.ok) return writer;
  const given = parsed.value;
  const coordinatorId = given.coordinatorId ?? writer.value;
  const agents = new AgentDirectory(system, tenantScopeOf(system, caller));
  if (coordinatorId !== null && !agents.get(coordinatorId))
    return refuse('unknown_agent', `no agent "${coordinatorId}" is registered`, 'coordinator_model_id');
  const unknown = agents.unknown(given.participantIds);
  if (unknown.length > 0)
    return refuse(
      'unknown_agent',
      `no agent ${unknown.map((id) => `"${id}"`).join(', ')} is registered`,
      'participant_model_ids',
    );
  const everyone = new Set(
    [coordinatorId, writer.value, ...given.participantIds].filter((id) => id !== null),
  );
  if (everyone.size > limits.sessionParticipants)
    return refuse(
      'limit_exceeded',
      `a session holds at most ${limits.sessionParticipants} participants`,
      'participant_model_ids',
    );
  const sessionId = given.sessionId ?? `session-${randomUUID()}`;
  if (readSession(system, sessionId))
    return refuse('already_exists', `session "${sessionId}" exists`, 'session_id');
  const ref = await ensureActor(system, SessionActor, sessionActorId(sessionId));
  return ref.ask<Outcome<SessionRecord>>({
    type: 'create',
    caller,
    session: {
      title: given.title,
      description: given.description,
      coordinatorId,
      participantIds: given.participantIds,
      open: given.open,
      tenantId: creationTenant(system, caller),
    },
  });
}

/** The coordinator invites registered agents; each may then join. */
export async function inviteToSession(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<SessionRecord>> {
  const parsed = parseInput(schemas(limits).invite, input, NAMES);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'inviting to a session');
  if (!writer.ok) return writer;
  const unknown = new AgentDirectory(system, tenantScopeOf(system, caller)).unknown(parsed.value.agentIds);
  if (unknown.length > 0)
    return refuse(
      'unknown_agent',
      `no agent ${unknown.map((id) => `"${id}"`).join(', ')} is registered`,
      'agent_ids',
    );
  return askSession(system, parsed.value.sessionId, {
    type: 'invite',
    caller,
    agentIds: parsed.value.agentIds,
    max: limits.sessionParticipants,
  });
}

/** Join a session the caller was invited to, or an open one (`forbidden` otherwise). */
export async function joinSession(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<SessionRecord>> {
  const parsed = parseInput(SessionIdInput, input);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'joining a session');
  if (!writer.ok) return writer;
  return askSession(system, parsed.value.sessionId, {
    type: 'join',
    caller,
    max: limits.sessionParticipants,
  });
}

/** Leave a session (its values stay; leaving one the caller is not in changes nothing). */
export async function leaveSession(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
): Promise<Outcome<SessionRecord>> {
  const parsed = parseInput(SessionIdInput, input);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'leaving a session');
  if (!writer.ok) return writer;
  return askSession(system, parsed.value.sessionId, { type: 'leave', caller });
}

/** The session and its live values (all, or the `keys` asked for): participants only. */
export async function getSessionState(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<SessionContents>> {
  const parsed = parseInput(schemas(limits).read, input);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'reading a session’s state');
  if (!writer.ok) return writer;
  const { sessionId, keys } = parsed.value;
  return askSession(system, sessionId, { type: 'read', caller, ...(keys ? { keys } : {}) });
}

/**
 * Write a shared value: participants only; with `expectedVersion` the write succeeds only on
 * that version (0: the key must not exist), with `ttlSeconds` the value expires. Bounded:
 * `too_large` over `valueBytes`, `limit_exceeded` past `sessionKeys` keys.
 */
export async function setSessionState(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<SessionValue>> {
  const parsed = parseInput(schemas(limits).write, input);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'writing a session’s state');
  if (!writer.ok) return writer;
  const { sessionId, key, value, expectedVersion, ttlSeconds } = parsed.value;
  if (value === undefined) return refuse('invalid_argument', 'value is required', 'value');
  const sized = sizedValue(value, limits.valueBytes, 'value');
  if (!sized.ok) return sized;
  return askSession(system, sessionId, {
    type: 'write',
    caller,
    key,
    value: JSON.parse(JSON.stringify(value)),
    maxKeys: limits.sessionKeys,
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    ...(ttlSeconds !== undefined ? { ttlMs: Math.round(ttlSeconds * 1000) } : {}),
  });
}

/** A session's record (public: no values). */
export async function getSession(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
): Promise<Outcome<SessionRecord>> {
  const parsed = parseInput(SessionIdInput, input);
  if (!parsed.ok) return parsed;
  const session = readSession(system, parsed.value.sessionId);
  return session && isVisibleTo(system, session, caller)
    ? { ok: true, value: session }
    : unknownSession(parsed.value.sessionId);
}

/** Sessions (all, or those `participantId` takes part in), a page at a time: records, never values. */
export async function listSessions(
  system: ActorSystem,
  caller: Caller,
  filter: unknown = {},
  page: unknown = {},
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<Page<SessionRecord>>> {
  const parsedFilter = parseInput(schemas(limits).filter, filter);
  if (!parsedFilter.ok) return parsedFilter;
  const parsedPage = parseInput(pageSchema(limits), page);
  if (!parsedPage.ok) return parsedPage;
  const { cursor, limit } = parsedPage.value;
  const sessions = system.table<SessionRecord>(SESSIONS_TABLE);
  const { participantId } = parsedFilter.value;
  const scope = tenantScopeOf(system, caller);
  const shown = (session: SessionRecord | undefined) =>
    session !== undefined && isInScope(scope, session.tenantId) ? session : null;
  if (participantId === undefined)
    return scanPage({ table: sessions, cursor, limit, pick: (entry) => shown(entry.value) });
  return scanPage({
    table: system.table<Membership>(SESSIONS_BY_PARTICIPANT_TABLE),
    prefix: [participantId],
    cursor,
    limit,
    pick: (entry) => {
      const id = entry.key[1];
      if (!entry.value.roles.includes('participant') || typeof id !== 'string') return null;
      return shown(sessions.get([id]));
    },
  });
}
