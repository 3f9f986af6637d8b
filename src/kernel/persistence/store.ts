/**
 * `Store`: what the runtime asks of durable storage — reads of actor records, inboxes,
 * the supervision tree, timers, idempotency keys, suspensions and dead letters, and atomic
 * batches of writes.
 *
 * `openStore` opens the LMDB store (`lmdb-store.ts`), the one troupe runs on. The interface
 * exists so that the runtime's error paths can be driven by a store that fails on demand
 * (`test/fixtures/persistence/faulty-store.ts`) instead of by corrupting real bytes.
 */
import type { ResolvedRange, TableEntry, TableKey } from '../actor/table.js';
import { LmdbStore } from './lmdb-store.js';
import type { ActorRecord, DeadLetterEntry, InboxEntry, SuspensionRecord, TimerRecord } from './records.js';
import type { Durability, StoreOptions } from './store-options.js';
import type { CommitOutcome, WriteFunction } from './writer.js';

export type { Durability, StoreOptions } from './store-options.js';
export type { CommitOutcome, StoreWriter, WriteFunction } from './writer.js';

export interface Store {
  readonly path: string;
  readonly durability: Durability;
  /** The actor's record; throws `StateDecodeError` when its stored bytes cannot be read. */
  getActor(id: string): ActorRecord | undefined;
  /** Without decoding the record. */
  hasActor(id: string): boolean;
  /** The activation epoch, `undefined` if none was ever set. */
  getEpoch(id: string): number | undefined;
  /** The actor's inbox in sequence order (the first `limit` entries); `StateDecodeError` if one is unreadable. */
  inboxOf(actorId: string, limit?: number): InboxEntry[];
  /** Ids of the actors with at least one inbox entry, in order. */
  actorsWithMail(): string[];
  /** Child ids of `parentId` ('' for the root) in spawn order. */
  childrenOf(parentId: string): string[];
  /** Timers of `thread` due at or before `upTo`, earliest first. */
  dueTimers(thread: number, upTo: number): TimerRecord[];
  /** When the earliest timer of `thread` is due, `undefined` if it has none. */
  nextTimerDue(thread: number): number | undefined;
  timerOf(actorId: string, key: string): TimerRecord | undefined;
  /** The inbox seq an external tell with this idempotency key was given, if it was seen. */
  seenMessage(actorId: string, messageId: string): number | undefined;
  getMeta(key: string): unknown;
  /** An entry of an actor's table, committed. */
  getEntry(table: string, key: TableKey): unknown;
  /** Committed entries of a table in key order (`actor/table.ts` for the range's meaning). */
  rangeEntries(table: string, range: ResolvedRange): TableEntry<unknown>[];
  /** The record of a suspended actor, `undefined` when it is not suspended. */
  getSuspension(id: string): SuspensionRecord | undefined;
  /** Every suspended actor. */
  suspensions(): { readonly id: string; readonly record: SuspensionRecord }[];
  /** Quarantined messages in (actor, seq) order — of `actorId` only, when given — the first `limit`. */
  deadLetters(actorId: string | undefined, limit: number): DeadLetterEntry[];
  /** How many quarantined messages are kept. */
  deadLetterCount(): number;
  /** Bytes the store takes on disk (0 when it has no file). */
  sizeOnDisk(): number;
  /**
   * Run the batch in one write transaction; a function that throws is rolled back alone.
   * Resolves once acknowledged in the durability mode; rejects with `StoreWriteError` /
   * `StoreFullError` when the transaction fails, and then nothing of the batch is written.
   */
  commit(batch: readonly WriteFunction[]): Promise<CommitOutcome>;
  /** Close this thread's handle (other threads keep theirs); waits for pending commits. */
  close(): Promise<void>;
}

/**
 * Open (creating if needed) the store at `options.path`; throws `StoreOpenError`. (This return
 * type is what checks that `LmdbStore` is a `Store`: `lmdb-store.ts` does not import this file,
 * which imports it.)
 */
export function openStore(options: StoreOptions): Store {
  return LmdbStore.open(options);
}
