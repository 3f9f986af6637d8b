/**
 * From the old `LockTable` (one actor `lock-table` holding every lease, state versions 1
 * and 2: `{ leases: {path: Lease}, forced: {path: ForcedRelease}, waiters, … }`) to a lock
 * actor per path. {@link migrateLockTable} is the pure converter: it keeps the leases still
 * live at `now` and the last forced release of each path, under the normalized path; waiters
 * are not kept (they named asks of the process that wrote them). {@link migrateLocks} applies
 * it to a system: it reads the old state raw (`readStored`, no old code needed), spawns the
 * lock actors with their seed, then removes the old state. Running it again after a crash
 * half-way spawns the rest: a lock actor that exists already keeps what it has.
 */
import { z } from 'zod';
import { type ActorSystem, ensureActor } from '../../../src/kernel/index.js';
import { agentActorId, isId, lockActorId, MAX_PATH_LENGTH, normalizeLockPath } from '../ids.js';
import type { StoredStates } from '../stored-states.js';
import type { FileLease, ForcedRelease } from './lease.js';
import { LockActor } from './lock-actor.js';
import type { AgentNews } from './lock-messages.js';

/** The id of the old lock table's stored actor. */
export const OLD_LOCK_TABLE_ID = 'lock-table';

/** What a lock actor starts with. */
export interface LockMigrationSeed {
  /** Normalized. */
  readonly path: string;
  readonly lease: FileLease | null;
  readonly lastForced: ForcedRelease | null;
}

export interface LockTableMigration {
  readonly seeds: readonly LockMigrationSeed[];
  /** What was left behind, and why (one line each). */
  readonly skipped: readonly string[];
}

const OldLeaseSchema = z.object({
  path: z.string(),
  holder: z.string(),
  acquiredAt: z.number(),
  expiresAt: z.number(),
});

const OldForcedSchema = z.object({
  lease: OldLeaseSchema,
  by: z.string(),
  reason: z.string(),
  at: z.number(),
});

/** A record of the old state, as it was decoded (its own entries: a `__proto__` key is an entry too). */
function entriesOf(record: unknown): [string, unknown][] | null {
  return typeof record === 'object' && record !== null && !Array.isArray(record)
    ? Object.entries(record)
    : null;
}

/** The old lock table's state → a seed per path (live leases, last forced releases). */
export function migrateLockTable(oldState: unknown, now: number): LockTableMigration {
  const { leases, forced } = (typeof oldState === 'object' && oldState !== null ? oldState : {}) as {
    leases?: unknown;
    forced?: unknown;
  };
  const leaseEntries = entriesOf(leases);
  const forcedEntries = forced === undefined ? [] : entriesOf(forced);
  if (!leaseEntries || !forcedEntries)
    return { seeds: [], skipped: ['the state is not a lock table: nothing migrated'] };
  const skipped: string[] = [];
  const seeds = new Map<string, { lease: FileLease | null; lastForced: ForcedRelease | null }>();
  const seedOf = (path: string) => {
    const found = seeds.get(path);
    if (found) return found;
    const fresh = { lease: null, lastForced: null };
    seeds.set(path, fresh);
    return fresh;
  };
  for (const [key, value] of leaseEntries) {
    const lease = OldLeaseSchema.safeParse(value);
    if (!lease.success) {
      skipped.push(`lease ${JSON.stringify(key)}: not a lease`);
      continue;
    }
    const { holder, acquiredAt, expiresAt } = lease.data;
    const path = validPath(lease.data.path);
    if (path === null) skipped.push(`lease ${JSON.stringify(key)}: the path is empty or too long`);
    else if (!isId(holder))
      skipped.push(`lease on "${path}": holder ${JSON.stringify(holder)} is not a valid id`);
    else if (expiresAt <= now) skipped.push(`lease on "${path}": expired`);
    else {
      const seed = seedOf(path);
      if (seed.lease) skipped.push(`lease on "${path}" by "${holder}": the path is leased already`);
      else seed.lease = { path, holder, acquiredAt, expiresAt };
    }
  }
  for (const [key, value] of forcedEntries) {
    const forced = OldForcedSchema.safeParse(value);
    const path = forced.success ? validPath(forced.data.lease.path) : null;
    if (!forced.success || path === null) {
      skipped.push(`forced release ${JSON.stringify(key)}: not a forced release of a valid path`);
      continue;
    }
    const seed = seedOf(path);
    if (!seed.lastForced || seed.lastForced.at < forced.data.at)
      seed.lastForced = { ...forced.data, lease: { ...forced.data.lease, path } };
  }
  return { seeds: [...seeds].map(([path, seed]) => ({ path, ...seed })), skipped };
}

function validPath(path: string): string | null {
  if (path.length === 0 || path.length > MAX_PATH_LENGTH) return null;
  return normalizeLockPath(path);
}

export interface LockMigrationReport {
  /** Whether there was an old lock table to migrate. */
  readonly found: boolean;
  readonly locks: number;
  readonly leases: number;
  readonly skipped: readonly string[];
}

/** Move the old lock table's leases into lock actors, then remove it. */
export async function migrateLocks(
  system: ActorSystem,
  stored: StoredStates,
  now: number,
): Promise<LockMigrationReport> {
  const old = await stored.readStored(OLD_LOCK_TABLE_ID);
  if (!old) return { found: false, locks: 0, leases: 0, skipped: [] };
  if (old.kind.name !== 'LockTable')
    return {
      found: true,
      locks: 0,
      leases: 0,
      skipped: [`"${OLD_LOCK_TABLE_ID}" is a ${old.kind.name}: left alone`],
    };
  const { seeds, skipped } = migrateLockTable(old.state, now);
  for (const { path, lease, lastForced } of seeds) {
    const agent = lease ? system.refOf<AgentNews>(agentActorId(lease.holder)) : null;
    await ensureActor(system, LockActor, lockActorId(path), {
      path,
      seed: { lease: lease && agent ? { ...lease, agent } : null, lastForced },
    });
  }
  await stored.removeStored(OLD_LOCK_TABLE_ID);
  return { found: true, locks: seeds.length, leases: seeds.filter((s) => s.lease).length, skipped };
}
