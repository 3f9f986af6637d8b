/**
 * The value the `actors` database keeps for an actor, and how a `SpawnSpec` goes to and
 * comes back from it.
 *
 *   written now   { kind: 3, args, thread, parent, spawnSeq [, restart] [, supervision] [, mailbox] [, persistent] }
 *   written before  { spec: SpawnSpec, spawnSeq }     (still read: stores made by older versions)
 *
 * The id is the record's key and is not repeated; the kind is its number in `kinds`
 * (`kinds.ts`), and an option is kept only when it differs from that kind's entry. Reading
 * puts the spec back field for field, so the runtime sees what was written. Not here: the
 * actor's state (`states`, written by every turn), the kinds table itself.
 */
import type { Address, SpawnSpec } from '../actor/spawn-spec.js';
import { StateDecodeError } from '../errors.js';
import type { KindEntry } from './kinds.js';

/** What `actors` holds for an actor, in the current shape. */
export interface StoredActor {
  readonly kind: number;
  readonly args: unknown;
  readonly thread: number;
  readonly parent: Address | null;
  readonly spawnSeq: number;
  readonly restart?: SpawnSpec['restart'];
  readonly supervision?: SpawnSpec['supervision'];
  readonly mailbox?: SpawnSpec['mailbox'];
  readonly persistent?: boolean;
}

/** What older versions wrote: the whole spec. */
interface LegacyStoredActor {
  readonly spec: unknown;
  readonly spawnSeq: unknown;
}

/** The options an actor record keeps only when they differ from its kind's. */
const KIND_OPTIONS = ['restart', 'supervision', 'mailbox', 'persistent'] as const;

/** Same plain data: equal primitives, or objects / arrays with the same own keys holding the same data. */
export function isSamePlainData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every(
    (key) =>
      Object.hasOwn(b, key) &&
      isSamePlainData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/** The value to store for `spec`, whose kind is `kindId` in `kinds`. */
export function toStoredActor(
  spec: SpawnSpec,
  spawnSeq: number,
  kindId: number,
  kind: KindEntry,
): StoredActor {
  const stored: Record<string, unknown> = {
    kind: kindId,
    args: spec.args,
    thread: spec.thread,
    parent: spec.parent,
    spawnSeq,
  };
  for (const option of KIND_OPTIONS)
    if (!isSamePlainData(spec[option], kind[option])) stored[option] = spec[option];
  return stored as unknown as StoredActor;
}

/**
 * The spec and spawn seq of the value under key `id`, in either shape, as far as it can be read
 * (`isActorRecord` judges the result); throws `StateDecodeError` when it names a kind `kindOf`
 * does not know.
 */
export function readStoredActor(
  id: string,
  stored: unknown,
  kindOf: (kindId: number) => KindEntry | undefined,
): { readonly spec: unknown; readonly spawnSeq: unknown } {
  if (typeof stored !== 'object' || stored === null) return { spec: undefined, spawnSeq: undefined };
  if (Object.hasOwn(stored, 'spec')) {
    const legacy = stored as LegacyStoredActor;
    return { spec: legacy.spec, spawnSeq: legacy.spawnSeq };
  }
  const kindId = (stored as { kind?: unknown }).kind;
  let kind: KindEntry | undefined;
  try {
    kind = typeof kindId === 'number' ? kindOf(kindId) : undefined;
  } catch (error) {
    throw new StateDecodeError(id, error);
  }
  if (kind === undefined)
    throw new StateDecodeError(
      id,
      `its kind (${String(kindId)}) is not in the store, or does not read back as a kind`,
    );
  const current = stored as StoredActor;
  return { spec: fromStoredActor(id, current, kind), spawnSeq: current.spawnSeq };
}

/** The spec `stored` (the current shape, under key `id`) was written from. */
export function fromStoredActor(id: string, stored: StoredActor, kind: KindEntry): SpawnSpec {
  return {
    id,
    kind: kind.kind,
    args: stored.args,
    thread: stored.thread,
    parent: stored.parent,
    restart: Object.hasOwn(stored, 'restart') ? (stored.restart as SpawnSpec['restart']) : kind.restart,
    supervision: Object.hasOwn(stored, 'supervision')
      ? (stored.supervision as SpawnSpec['supervision'])
      : kind.supervision,
    mailbox: Object.hasOwn(stored, 'mailbox') ? (stored.mailbox as SpawnSpec['mailbox']) : kind.mailbox,
    persistent: Object.hasOwn(stored, 'persistent') ? (stored.persistent as boolean) : kind.persistent,
  };
}
