/**
 * Reading what the previous version stored — the board actors' raw states (`session-board`,
 * `task-board`, `project-board`, `router`), read with the kernel's `readStored` and removed
 * with `removeStored` once their records live in entity actors. The old data is untyped: these
 * readers take what fits (a string, a finite number, a list of valid ids) and the converters
 * report what they had to drop. Objects are walked with `Object.entries`, never indexed.
 */
import { isId } from '../ids.js';

import type { StoredActor, StoredStates } from '../stored-states.js';

export type { StoredActor, StoredStates };

/** What a migration did: how many records it wrote into entity actors, what it dropped and why. */
export interface MigrationReport {
  /** The old actor it read (`session-board`, …). */
  readonly from: string;
  /** Records written into their entity actors (those already there are counted as `existing`). */
  readonly migrated: number;
  readonly existing: number;
  /** What could not be kept, each with its reason. */
  readonly dropped: readonly string[];
  /** The old state was removed from the store. */
  readonly removed: boolean;
}

export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** The values of an old id → record map (`{ [id]: record }`). */
export function recordsOf(map: unknown): Record<string, unknown>[] {
  const object = asObject(map);
  if (!object) return [];
  return Object.entries(object).flatMap(([, value]) => {
    const record = asObject(value);
    return record ? [record] : [];
  });
}

export function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

export function timeOf(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The valid ids of a list; each invalid one is reported through `drop`. */
export function validIds(value: unknown, drop: (id: string) => void): string[] {
  return strings(value).filter((id) => {
    if (isId(id)) return true;
    drop(id);
    return false;
  });
}

/** The old state stored under `id` if its kind is `kindName` (an entity actor with that id is not migrated again). */
export async function readOld(
  stored: StoredStates,
  id: string,
  kindName: string,
): Promise<StoredActor | undefined> {
  const old = await stored.readStored(id);
  return old?.kind.name === kindName ? old : undefined;
}

/** An old id as a report shows it (at most 64 characters). */
export function shown(id: string): string {
  return id.length > 64 ? `${id.slice(0, 64)}…` : id;
}
