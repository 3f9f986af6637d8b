/**
 * `LmdbStore`: the `Store` (`store.ts`) on lmdb-js — durable actors, inboxes, supervision tree,
 * timers and idempotency keys in one LMDB environment (layout in `databases.ts`).
 *
 * Every thread of a process opens the same path with `openStore` (lmdb-js shares one
 * environment per process); any thread may read and write. Reads are synchronous and see
 * the read snapshot lmdb-js keeps for this thread, renewed after this thread's own commits
 * but not when another thread commits. The reads that must see another thread's
 * acknowledged commit — records, inboxes, the tree, suspensions, dead letters, tables —
 * renew it first; the per-message checks (`hasActor`, `getEpoch`, `seenMessage`) need not.
 * Writes go through `commit`:
 *
 *   commit([f0, f1, f2])  ──▶  one LMDB write transaction ('commit': on the calling thread;
 *                              │   'flush': on lmdb-js's write thread, with the batches queued
 *                              │   while the previous one was written)
 *                              ├─ child txn: f0(w)  ✓
 *                              ├─ child txn: f1(w)  ✗ threw → rolled back alone, outcome.failed
 *                              └─ child txn: f2(w)  ✓
 *   resolves when acknowledged in the store's durability mode; rejects with StoreWriteError /
 *   StoreFullError when the transaction itself fails, and then nothing of the batch is written.
 *
 * Not here: what the records mean (the worker runtime decides), the sequence counter (`sequence.ts`),
 * the shape records take on disk (`stored-actor.ts`, `stored-timer.ts`, `kinds.ts`).
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Key, open, type RootDatabase } from 'lmdb';
import {
  compareTableKeys,
  type ResolvedRange,
  type TableEntry,
  type TableKey,
  type TableKeyPart,
} from '../actor/table.js';
import { asError, InvalidArgumentError, StateDecodeError, StoreOpenError } from '../errors.js';
import {
  asKey,
  type Databases,
  forgetSharedStructures,
  keyValueToBuffer,
  openDatabases,
  prefixRange,
  STRUCTURES_KEY,
} from './databases.js';
import { KindTable } from './kinds.js';
import {
  type ActorRecord,
  type DeadLetterEntry,
  type DeadLetterKey,
  type InboxEntry,
  type InboxKey,
  isActorRecord,
  type SuspensionRecord,
  type TimerRecord,
} from './records.js';
import { commitFailure } from './store-failure.js';
import { assertStoreOptions, type Durability, lmdbOptionsFor, type StoreOptions } from './store-options.js';
import { readStoredActor } from './stored-actor.js';
import { fromStoredTimer, type TimerKey, timerKeyAt } from './stored-timer.js';
import { type CommitOutcome, type StoreWriter, TransactionWriter, type WriteFunction } from './writer.js';

/** Durability of the stores this thread holds open, by absolute path. */
const openModes = new Map<string, { readonly durability: Durability; readonly count: number }>();

/** A `Store` (checked where `openStore` returns one: importing `store.ts` here would be a cycle). */
export class LmdbStore {
  private closing: Promise<void> | null = null;
  private readonly kinds: KindTable;

  private constructor(
    readonly path: string,
    readonly durability: Durability,
    private readonly dbs: Databases,
  ) {
    this.kinds = new KindTable(dbs.kinds);
  }

  /** Open (creating if needed) the store at `options.path`; throws `StoreOpenError`. */
  static open(options: StoreOptions): LmdbStore {
    assertStoreOptions(options);
    // One LMDB environment per path and process: its sync flags are those of the first opener,
    // so a second durability mode would silently get the first one's. Refuse it instead.
    const key = resolve(options.path);
    const held = openModes.get(key);
    if (held && held.durability !== options.durability) {
      throw new StoreOpenError(
        options.path,
        `it is already open in this thread with durability "${held.durability}"`,
      );
    }
    let root: RootDatabase | undefined;
    try {
      root = open(lmdbOptionsFor(options));
      const store = new LmdbStore(options.path, options.durability, openDatabases(root));
      openModes.set(key, { durability: options.durability, count: (held?.count ?? 0) + 1 });
      return store;
    } catch (error) {
      root?.close().catch(() => {});
      throw new StoreOpenError(options.path, error);
    }
  }

  // ── Reads ──────────────────────────────────────────────────────────────────

  /** Throws `StateDecodeError` when the stored bytes are not a readable actor record. */
  getActor(id: string): ActorRecord | undefined {
    this.dbs.actors.resetReadTxn();
    let stored: unknown;
    let current: unknown;
    try {
      stored = this.dbs.actors.get(id);
      if (stored === undefined) return undefined;
      current = this.dbs.states.get(id);
    } catch (error) {
      throw new StateDecodeError(id, error);
    }
    const { spec, spawnSeq } = readStoredActor(id, stored, (kindId) => this.kinds.entry(kindId));
    const { version, state } = (current ?? {}) as { version?: unknown; state?: unknown };
    const record = {
      spec,
      spawnSeq,
      state,
      version: current === undefined ? 0 : version,
      initialized: current !== undefined,
    };
    if (!isActorRecord(record)) throw new StateDecodeError(id, 'the stored value is not an actor record');
    return record;
  }

  /** Without decoding the record. */
  hasActor(id: string): boolean {
    return this.dbs.actors.doesExist(id);
  }

  /** The activation epoch, `undefined` if none was ever set. */
  getEpoch(id: string): number | undefined {
    return this.dbs.epochs.get(id);
  }

  /** The actor's inbox in sequence order (the first `limit` entries); `StateDecodeError` if one is unreadable. */
  /** Read fresh (see `getEntry`): an activation or a resync must see every acknowledged commit. */
  inboxOf(actorId: string, limit?: number): InboxEntry[] {
    this.dbs.inbox.resetReadTxn();
    const range = prefixRange([actorId]);
    const entries: InboxEntry[] = [];
    try {
      for (const { key, value } of this.dbs.inbox.getRange(limit === undefined ? range : { ...range, limit }))
        entries.push({ key: key as unknown as InboxKey, value });
    } catch (error) {
      throw new StateDecodeError(actorId, error);
    }
    return entries;
  }

  /** Ids of the actors with at least one inbox entry, in order: one seek per actor, nothing when empty. */
  actorsWithMail(): string[] {
    this.dbs.inbox.resetReadTxn();
    const ids: string[] = [];
    for (let key = firstKey(this.dbs.inbox); key !== undefined; ) {
      const id = (key as unknown as InboxKey)[0];
      ids.push(id);
      key = firstKey(this.dbs.inbox, prefixRange([id]).end);
    }
    return ids;
  }

  /** Child ids of `parentId` ('' for the root) in spawn order. */
  childrenOf(parentId: string): string[] {
    this.dbs.tree.resetReadTxn();
    return [...this.dbs.tree.getRange(prefixRange([parentId]))].map((entry) => entry.value);
  }

  /** Timers of `thread` due at or before `upTo`, earliest first. */
  dueTimers(thread: number, upTo: number): TimerRecord[] {
    const range = { start: prefixRange([thread]).start, end: prefixRange([thread, upTo]).end };
    return [...this.dbs.timers.getRange(range)].map(({ key, value }) =>
      fromStoredTimer(key as unknown as TimerKey, value),
    );
  }

  /** When the earliest timer of `thread` is due, `undefined` if it has none. */
  nextTimerDue(thread: number): number | undefined {
    const key = firstKey(this.dbs.timers, prefixRange([thread]).start);
    if (key === undefined) return undefined;
    const [keyThread, dueAt] = key as unknown as readonly [number, number];
    return keyThread === thread ? dueAt : undefined;
  }

  timerOf(actorId: string, key: string): TimerRecord | undefined {
    const slot = this.dbs.timerIndex.get(asKey([actorId, key]));
    if (!slot) return undefined;
    const timerKey = timerKeyAt(actorId, key, slot);
    const stored = this.dbs.timers.get(asKey(timerKey));
    return stored && fromStoredTimer(timerKey, stored);
  }

  /** The inbox seq an external tell with this idempotency key was given, if it was seen. */
  seenMessage(actorId: string, messageId: string): number | undefined {
    return this.dbs.dedup.get(asKey([actorId, messageId]));
  }

  /**
   * Table reads see the latest commit of any thread: lmdb-js keeps one read snapshot per event
   * turn, so a read made right after another thread's acknowledged commit would miss it.
   */
  getEntry(table: string, key: TableKey): unknown {
    this.dbs.entries.resetReadTxn();
    return this.dbs.entries.get(asKey([table, ...key]));
  }

  rangeEntries(table: string, range: ResolvedRange): TableEntry<unknown>[] {
    this.dbs.entries.resetReadTxn();
    const bounds = prefixRange([table, ...range.prefix]);
    let low: Key = bounds.start;
    let high: Key = bounds.end;
    // The cursor is exclusive: start (or end, reading backwards) at it and skip it if it is there.
    const after = range.after === null ? null : keyValueToBuffer(asKey([table, ...range.after]));
    if (after && !range.reverse && Buffer.compare(after, bounds.start) > 0) low = after;
    if (after && range.reverse && Buffer.compare(after, bounds.end) < 0) high = after;
    const entries: TableEntry<unknown>[] = [];
    const options = range.reverse
      ? { start: high, end: low, reverse: true, limit: range.limit + 1 }
      : { start: low, end: high, limit: range.limit + 1 };
    for (const { key, value } of this.dbs.entries.getRange(options)) {
      const parts = (key as unknown as TableKeyPart[]).slice(1);
      if (range.after !== null && compareTableKeys(parts, range.after) === 0) continue;
      if (entries.length === range.limit) break;
      entries.push({ key: parts, value });
    }
    return entries;
  }

  getMeta(key: string): unknown {
    return this.dbs.meta.get(key);
  }

  getSuspension(id: string): SuspensionRecord | undefined {
    this.dbs.suspensions.resetReadTxn();
    return this.dbs.suspensions.get(id);
  }

  suspensions(): { readonly id: string; readonly record: SuspensionRecord }[] {
    this.dbs.suspensions.resetReadTxn();
    return [...this.dbs.suspensions.getRange()].map(({ key, value }) => ({ id: key, record: value }));
  }

  /** Quarantined messages in (actor, seq) order: those of `actorId` when given; the first `limit`. */
  deadLetters(actorId: string | undefined, limit: number): DeadLetterEntry[] {
    this.dbs.deadLetters.resetReadTxn();
    const range = actorId === undefined ? { limit } : { ...prefixRange([actorId]), limit };
    return [...this.dbs.deadLetters.getRange(range)].map(({ key, value }) => ({
      key: key as unknown as DeadLetterKey,
      value,
    }));
  }

  /** From the database's stats (no scan); its msgpackr structures are one entry that is not a letter. */
  deadLetterCount(): number {
    this.dbs.deadLetters.resetReadTxn();
    const entries = (this.dbs.deadLetters.getStats() as { entryCount: number }).entryCount;
    return this.dbs.deadLetters.doesExist(STRUCTURES_KEY) ? entries - 1 : entries;
  }

  /** Bytes of the store's data file. */
  sizeOnDisk(): number {
    try {
      return statSync(join(this.path, 'data.mdb')).size;
    } catch {
      return 0;
    }
  }

  // ── Writes ─────────────────────────────────────────────────────────────────

  /**
   * Run the batch in one write transaction; a function that throws is rolled back alone
   * (the batch is then re-run with one child transaction per function, so a function may
   * run twice: it must only write, and read through the writer). Resolves
   * once acknowledged ('commit': committed; 'flush': also synced). Never call it from inside
   * a write function.
   */
  async commit(batch: readonly WriteFunction[]): Promise<CommitOutcome> {
    const failed = new Map<number, Error>();
    if (batch.length === 0) return { failed };
    try {
      if (this.durability === 'commit') {
        // No fsync to wait for: committing on this thread costs ~20 µs where lmdb-js's write
        // thread takes ~100 µs of hand-overs (store-options.ts).
        this.dbs.root.transactionSync(() => this.run(batch, failed));
      } else {
        // In 'flush' mode the commit itself syncs: off this thread, so its turns go on meanwhile.
        await this.dbs.root.transaction(() => this.run(batch, failed));
      }
    } catch (error) {
      forgetSharedStructures(this.dbs);
      throw await commitFailure(this.path, error);
    }
    return { failed };
  }

  /** Close this thread's handle (other threads keep theirs); waits for pending commits. */
  close(): Promise<void> {
    if (!this.closing) {
      const key = resolve(this.path);
      const held = openModes.get(key);
      if (held && held.count > 1) openModes.set(key, { ...held, count: held.count - 1 });
      else openModes.delete(key);
      this.closing = this.dbs.root.close();
    }
    return this.closing;
  }

  private run(batch: readonly WriteFunction[], failed: Map<number, Error>): void {
    const writer = new TransactionWriter(this.dbs, this.kinds);
    try {
      // The common case: every function succeeds, and one child transaction covers them all.
      this.dbs.root.transactionSync(() => {
        for (let index = 0; index < batch.length; index++)
          runSynchronously(batch[index] as WriteFunction, writer, index);
      });
    } catch {
      // Something threw and the whole attempt was rolled back: run each function in its own
      // child transaction, so only the ones that throw are left out.
      forgetSharedStructures(this.dbs);
      batch.forEach((write, index) => {
        try {
          this.dbs.root.transactionSync(() => runSynchronously(write, writer, index));
        } catch (error) {
          failed.set(index, asError(error));
          forgetSharedStructures(this.dbs);
        }
      });
    }
    writer.end();
  }
}

function runSynchronously(write: WriteFunction, writer: StoreWriter, index: number): void {
  const result: unknown = write(writer);
  if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
    (result as Promise<unknown>).catch(() => {});
    throw new InvalidArgumentError(
      `batch[${index}]`,
      'returned a promise; write functions must be synchronous',
    );
  }
}

function firstKey(db: Databases['inbox'] | Databases['timers'], start?: Key): Key | undefined {
  for (const key of db.getKeys(start === undefined ? { limit: 1 } : { start, limit: 1 })) return key;
  return undefined;
}
