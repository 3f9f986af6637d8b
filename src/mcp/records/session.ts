/**
 * The collaboration session over MCP: `coordinator_id`, `participant_ids`, `created_at`, and
 * its shared `state` — key → `{ value, version, updated_by, updated_at, expires_at }`. The
 * keys and values are the agents' own, passed through untouched.
 */
import { z } from 'zod';
import type { Session, SharedValue } from '../../../actors/coordination/sessions.js';
import { IsoTimeSchema, isoTime, isoTimeOrNull } from './time.js';

export const SharedValueRecordSchema = z.object({
  value: z.unknown(),
  version: z.number(),
  updated_by: z.string(),
  updated_at: IsoTimeSchema,
  expires_at: IsoTimeSchema.nullable(),
});

export const SessionRecordSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  coordinator_id: z.string(),
  participant_ids: z.array(z.string()),
  created_at: IsoTimeSchema,
  state: z.record(z.string(), SharedValueRecordSchema),
});

export type SessionRecord = z.infer<typeof SessionRecordSchema>;

function sharedValueRecord(shared: SharedValue): z.infer<typeof SharedValueRecordSchema> {
  return {
    value: shared.value ?? null,
    version: shared.version,
    updated_by: shared.updatedBy,
    updated_at: isoTime(shared.updatedAt),
    expires_at: isoTimeOrNull(shared.expiresAt),
  };
}

export function sessionRecord(session: Session): SessionRecord {
  // A null-prototype record: a key named `__proto__` stays a key.
  const state: Record<string, z.infer<typeof SharedValueRecordSchema>> = Object.create(null);
  for (const [key, shared] of Object.entries(session.state)) state[key] = sharedValueRecord(shared);
  return {
    id: session.id,
    title: session.title,
    description: session.description,
    coordinator_id: session.coordinatorId,
    participant_ids: [...session.participantIds],
    created_at: isoTime(session.createdAt),
    state,
  };
}
