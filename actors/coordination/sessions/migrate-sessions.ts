/**
 * Migrating the previous version's `SessionBoard` (one actor, id `session-board`, every
 * session in `{ sessions: { [id]: { id, title, description, coordinatorId, participantIds,
 * createdAt, state: { [key]: { value, version, updatedBy, updatedAt, expiresAt } } } } }`) to a
 * `session:<id>` actor per session: `convertSessionBoard` is the pure converter,
 * `migrateSessionBoard` applies it — restores each session into its actor, then removes the
 * old state. Safe to run again after a crash midway: a session actor already made ignores a
 * second restore. The old coordinator created its session: it is kept as its creator.
 *
 * Dropped and reported: sessions whose id is no longer a valid id, participant ids that are
 * not, keys longer than `MAX_KEY_CHARS`, expired values, keys past `limits.sessionKeys`.
 */
import { type ActorSystem, ensureActor } from '../../../src/kernel/index.js';
import { isId, sessionActorId } from '../ids.js';
import { type CoordinationLimits, DEFAULT_LIMITS } from '../limits.js';
import {
  asObject,
  type MigrationReport,
  readOld,
  recordsOf,
  type StoredStates,
  shown,
  text,
  timeOf,
  validIds,
} from '../tasks/old-states.js';
import { MAX_KEY_CHARS } from './api.js';
import { SessionActor } from './session-actor.js';
import type { SessionRecord, SessionValue } from './session-record.js';

export const OLD_SESSION_BOARD_ID = 'session-board';

export interface SessionSeed {
  readonly session: SessionRecord;
  readonly values: readonly SessionValue[];
}

export interface SessionConversion {
  readonly seeds: readonly SessionSeed[];
  readonly dropped: readonly string[];
}

function valuesOf(
  sessionId: string,
  state: unknown,
  now: number,
  limits: CoordinationLimits,
  dropped: string[],
): SessionValue[] {
  const values: SessionValue[] = [];
  for (const [key, raw] of Object.entries(asObject(state) ?? {})) {
    const entry = asObject(raw);
    if (!entry) continue;
    const where = `session "${sessionId}" key "${shown(key)}"`;
    if (key.length === 0 || key.length > MAX_KEY_CHARS) {
      dropped.push(`${where}: the key is not 1 to ${MAX_KEY_CHARS} characters`);
      continue;
    }
    const expiresAt = typeof entry.expiresAt === 'number' ? entry.expiresAt : null;
    if (expiresAt !== null && expiresAt <= now) continue;
    if (values.length >= limits.sessionKeys) {
      dropped.push(`${where}: past the ${limits.sessionKeys} keys a session holds`);
      continue;
    }
    const updatedBy = text(entry.updatedBy, '');
    values.push({
      key,
      value: entry.value ?? null,
      version: Math.max(1, Math.trunc(timeOf(entry.version, 1))),
      updatedBy: isId(updatedBy) ? updatedBy : null,
      updatedAt: timeOf(entry.updatedAt, now),
      expiresAt,
    });
  }
  return values;
}

/** The sessions of an old `SessionBoard` state, as seeds for their actors. */
export function convertSessionBoard(
  state: unknown,
  now: number,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): SessionConversion {
  const dropped: string[] = [];
  const seeds: SessionSeed[] = [];
  for (const old of recordsOf(asObject(state)?.sessions)) {
    const id = text(old.id);
    if (!isId(id)) {
      dropped.push(`session "${shown(id)}": its id is not a valid id`);
      continue;
    }
    const participantIds = validIds(old.participantIds, (bad) =>
      dropped.push(`session "${id}": participant "${shown(bad)}" is not a valid id`),
    ).slice(0, limits.sessionParticipants);
    const coordinator = text(old.coordinatorId);
    const coordinatorId = isId(coordinator) ? coordinator : null;
    const createdAt = timeOf(old.createdAt, now);
    seeds.push({
      session: {
        id,
        title: text(old.title, id),
        description: text(old.description),
        coordinatorId,
        participantIds: [...new Set(participantIds)],
        invitedIds: [],
        open: false,
        createdBy: coordinatorId,
        createdAt,
        updatedAt: createdAt,
      },
      values: valuesOf(id, old.state, now, limits, dropped),
    });
  }
  return { seeds, dropped };
}

/** Move the old `session-board`'s sessions into their actors, then remove it; `null` when there is none. */
export async function migrateSessionBoard(
  system: ActorSystem,
  stored: StoredStates,
  now: number,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<MigrationReport | null> {
  const old = await readOld(stored, OLD_SESSION_BOARD_ID, 'SessionBoard');
  if (!old) return null;
  const { seeds, dropped } = convertSessionBoard(old.state, now, limits);
  let migrated = 0;
  for (const seed of seeds) {
    const ref = await ensureActor(system, SessionActor, sessionActorId(seed.session.id));
    if (await ref.ask<boolean>({ type: 'restore', session: seed.session, values: seed.values })) migrated++;
  }
  const removed = await stored.removeStored(OLD_SESSION_BOARD_ID);
  return { from: OLD_SESSION_BOARD_ID, migrated, existing: seeds.length - migrated, dropped, removed };
}
