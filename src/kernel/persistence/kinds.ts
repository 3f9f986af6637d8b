/**
 * The `kinds` table: each actor kind the store holds records of, once, under a small number
 * — with the options (restart, supervision, mailbox, persistent) of the first actor of that
 * kind it recorded. An actor record (`stored-actor.ts`) names its kind by that number and
 * keeps only the options that differ from its kind's, so the module URL, the export name and
 * the usual options are not repeated per actor.
 *
 * Why the options of the first actor and not the system's or the kind's defaults of today:
 * a record must read back as written even when the defaults change between runs. Those first
 * options are in practice the kind's resolved defaults (most actors are spawned without
 * options); an actor whose options differ still reads back exactly, at the cost of keeping
 * the differing ones. Entries are never changed or removed, so the table cannot grow past
 * the number of kinds.
 *
 *   kinds   1 → { module, name, restart, supervision, mailbox, persistent }
 *           2 → …
 *
 * Interning runs inside the write transaction (a kind first written by a child transaction
 * that is rolled back must not be remembered as stored): it reads its guess of the id there
 * every time, and only skips decoding and checking it again when the bytes are the ones it
 * checked before. Reads go through a per-thread cache, filled only from committed reads.
 * Not here: the actor record's shape (`stored-actor.ts`).
 */
import type { Database } from 'lmdb';
import { z } from 'zod';
import type { ActorKindRef } from '../actor/behaviour.js';
import type { MailboxSpec } from '../actor/mailbox.js';
import { BackoffSchema, MailboxSchema, RestartSchema, SupervisionSchema } from '../actor/spawn-options.js';
import type { SpawnSpec } from '../actor/spawn-spec.js';
import { StateDecodeError } from '../errors.js';
import type { RestartType, SupervisionSpec } from '../supervision/spec.js';

/** A kind and the options its actors are compared with. */
export interface KindEntry {
  readonly kind: ActorKindRef;
  readonly restart: RestartType;
  readonly supervision: SupervisionSpec;
  readonly mailbox: MailboxSpec;
  readonly persistent: boolean;
}

/** What `kinds` holds under each id (the kind ref flattened: one object less per entry). */
interface StoredKind {
  readonly module: string;
  readonly name: string;
  readonly restart: RestartType;
  readonly supervision: SupervisionSpec;
  readonly mailbox: MailboxSpec;
  readonly persistent: boolean;
}

export type KindsDatabase = Database<StoredKind, number>;

/**
 * A whole kind entry, every option one the kernel can have written (the option schemas of
 * `spawn-options.ts`, each field required). The check is exact because an entry is cached for
 * the life of the thread: a value that reads back wrong must not become every later record's
 * options.
 */
const StoredKindSchema = z.object({
  module: z.string(),
  name: z.string(),
  restart: RestartSchema,
  supervision: SupervisionSchema.required().extend({ backoff: BackoffSchema }),
  mailbox: MailboxSchema.required({ capacity: true, overflow: true }),
  persistent: z.boolean(),
});

function isStoredKind(value: unknown): value is StoredKind {
  return StoredKindSchema.safeParse(value).success;
}

/** The kind a stored value names (module and export), whether or not the rest of it reads back. */
function namedKind(value: unknown): string | undefined {
  const named = value as Partial<Record<'module' | 'name', unknown>> | null | undefined;
  return typeof named?.module === 'string' && typeof named.name === 'string'
    ? kindName({ module: named.module, name: named.name })
    : undefined;
}

function entryOf(stored: StoredKind): KindEntry {
  return {
    kind: Object.freeze({ module: stored.module, name: stored.name }),
    restart: stored.restart,
    supervision: stored.supervision,
    mailbox: stored.mailbox,
    persistent: stored.persistent,
  };
}

function kindName(kind: ActorKindRef): string {
  return `${kind.module}\n${kind.name}`;
}

/** One store handle's view of `kinds`: interning (in a write transaction) and cached reads. */
export class KindTable {
  /** Committed entries, by id (never change once committed). */
  private readonly entries = new Map<number, KindEntry>();
  /** A guess of the id of a kind, checked against the transaction before it is used. */
  private readonly idHints = new Map<string, number>();
  /**
   * Entries this handle has read and checked, with their bytes: a hint whose bytes in the
   * transaction are the same is the same entry, without decoding and checking it again.
   */
  private readonly checked = new Map<
    number,
    { readonly bytes: Buffer; readonly entry: KindEntry; readonly name: string }
  >();

  constructor(private readonly db: KindsDatabase) {}

  /** The committed entry `id`, `undefined` if there is none (a record naming it is corrupt). */
  entry(id: number): KindEntry | undefined {
    let entry = this.entries.get(id);
    if (entry === undefined) {
      const stored = this.read(id);
      if (stored === undefined) return undefined;
      entry = entryOf(stored);
      this.entries.set(id, entry);
    }
    return entry;
  }

  /**
   * Entry `id` as stored, `undefined` when there is none or it does not read back as a kind.
   * A value that does not is decoded once more before it is called unreadable: one wrong
   * decode of a sound record (seen once, under load, in the concurrent-kinds test, its cause
   * not found) must not become every later record's options through the cache.
   */
  private read(id: number): StoredKind | undefined {
    const first: unknown = this.db.get(id);
    if (first === undefined || isStoredKind(first)) return first;
    const again: unknown = this.db.get(id);
    return isStoredKind(again) ? again : undefined;
  }

  /** Inside a write transaction: the id and entry of `spec`'s kind, written now if it is new. */
  intern(spec: SpawnSpec): { readonly id: number; readonly entry: KindEntry } {
    const name = kindName(spec.kind);
    const hint = this.idHints.get(name);
    if (hint !== undefined) {
      const known = this.checked.get(hint);
      const bytes = this.db.getBinary(hint);
      if (known !== undefined && bytes !== undefined && known.name === name && known.bytes.equals(bytes))
        return { id: hint, entry: known.entry };
      const stored = this.read(hint);
      if (stored !== undefined && kindName(stored) === name) {
        const entry = entryOf(stored);
        if (bytes !== undefined) this.checked.set(hint, { bytes, entry, name });
        return { id: hint, entry };
      }
    }
    let last = 0;
    for (const { key, value } of this.db.getRange()) {
      if (namedKind(value) === name) {
        const stored = isStoredKind(value) ? value : this.read(key);
        if (stored === undefined)
          throw new StateDecodeError(
            spec.id,
            `its kind's entry ${key} in the kinds table does not read back as a kind`,
          );
        this.idHints.set(name, key);
        return { id: key, entry: entryOf(stored) };
      }
      last = Math.max(last, key);
    }
    const id = last + 1;
    const stored: StoredKind = {
      module: spec.kind.module,
      name: spec.kind.name,
      restart: spec.restart,
      supervision: spec.supervision,
      mailbox: spec.mailbox,
      persistent: spec.persistent,
    };
    this.db.putSync(id, stored);
    this.idHints.set(name, id);
    return { id, entry: entryOf(stored) };
  }
}
