/**
 * The collaboration session over MCP: `coordinator_id`, `participant_ids`, `invited_ids`,
 * `open`, `created_by`, `created_at`, `updated_at` — and, for participants only, its shared
 * `state`: key → `{ value, version, updated_by, updated_at, expires_at }`. Keys and values are
 * the agents' own, passed through untouched (keys in a null-prototype record: `__proto__` stays
 * a key). The domain's records are `actors/coordination/sessions/`.
 */
import { z } from 'zod';
import type { SessionContents } from '../../../actors/coordination/sessions/session-actor.js';
import type {
  SessionRecord as DomainSession,
  SessionValue,
} from '../../../actors/coordination/sessions/session-record.js';
import { IsoTimeSchema, isoTime, isoTimeOrNull } from './time.js';

export const SharedValueRecordSchema = z.object({
  value: z.unknown(),
  version: z.number(),
  updated_by: z.string().nullable(),
  updated_at: IsoTimeSchema,
  expires_at: IsoTimeSchema.nullable(),
});

export const SessionRecordSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  coordinator_id: z.string().nullable(),
  participant_ids: z.array(z.string()),
  invited_ids: z.array(z.string()),
  open: z.boolean(),
  created_by: z.string().nullable(),
  created_at: IsoTimeSchema,
  updated_at: IsoTimeSchema,
});

export type SessionRecord = z.infer<typeof SessionRecordSchema>;
export type SharedValueRecord = z.infer<typeof SharedValueRecordSchema>;

/** `get_session_state`: the session, how many keys it holds, and the live values read. */
export const SessionStateShape = {
  session: SessionRecordSchema,
  key_count: z.number(),
  state: z.record(z.string(), SharedValueRecordSchema),
};

/** `set_session_state`: the value as written, with its key. */
export const WrittenValueShape = {
  session_id: z.string(),
  key: z.string(),
  written: SharedValueRecordSchema,
};

export function sessionRecordOf(session: DomainSession): SessionRecord {
  return {
    id: session.id,
    title: session.title,
    description: session.description,
    coordinator_id: session.coordinatorId,
    participant_ids: [...session.participantIds],
    invited_ids: [...session.invitedIds],
    open: session.open,
    created_by: session.createdBy,
    created_at: isoTime(session.createdAt),
    updated_at: isoTime(session.updatedAt),
  };
}

export function sharedValueRecord(shared: SessionValue): SharedValueRecord {
  return {
    value: shared.value ?? null,
    version: shared.version,
    updated_by: shared.updatedBy,
    updated_at: isoTime(shared.updatedAt),
    expires_at: isoTimeOrNull(shared.expiresAt),
  };
}

export function sessionStateRecord(contents: SessionContents) {
  const state: Record<string, SharedValueRecord> = Object.create(null);
  for (const value of contents.values)
    Object.defineProperty(state, value.key, {
      value: sharedValueRecord(value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return { session: sessionRecordOf(contents.session), key_count: contents.keyCount, state };
}
