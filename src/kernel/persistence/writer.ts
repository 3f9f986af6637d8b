/**
 * `StoreWriter`: the writes one function of a commit batch can make, inside its transaction;
 * the batch's types (`WriteFunction`, `CommitOutcome`).
 *
 * Every call goes straight into the open LMDB write transaction, so reads through the
 * writer (`hasActor`, `getEpoch`, `seenMessage`) see the writes made before them in the
 * same transaction, and a check-then-write is atomic across threads. A writer is
 * only valid while its batch runs; using it later throws instead of writing outside any
 * transaction. The writer keeps `timerIndex` in step with `timers` and interns an actor's kind
 * in `kinds` (`kinds.ts`) in the transaction that first writes an actor of it; nothing else is
 * cascaded (removing an actor does not remove its inbox, timers, tree entry, suspension or
 * dead letters).
 */
import type { Key } from 'lmdb';
import type { TableKey } from '../actor/table.js';
import { InvalidArgumentError } from '../errors.js';
import { asKey, type Databases, keysUnder } from './databases.js';
import type { KindTable } from './kinds.js';
import type {
  ActorRecord,
  DeadLetterKey,
  DeadLetterRecord,
  InboxKey,
  InboxRecord,
  SuspensionRecord,
  TimerRecord,
} from './records.js';
import { toStoredActor } from './stored-actor.js';
import { type TimerKey, timerKeyAt, timerKeyOf, toStoredTimer, toTimerSlot } from './stored-timer.js';

/** One function of a batch: synchronous writes through `w`, inside its own child transaction. */
export type WriteFunction = (w: StoreWriter) => void;

/** What a committed batch reports. */
export interface CommitOutcome {
  /** The functions that threw, by index in the batch; each was rolled back alone. */
  readonly failed: ReadonlyMap<number, Error>;
}

export interface StoreWriter {
  /** Insert or replace the record of `record.spec.id`. */
  putActor(record: ActorRecord): void;
  /** The state of an actor whose record exists (a turn's commit writes only this). */
  putState(id: string, state: unknown, version: number): void;
  /** Remove the actor's record and its epoch. */
  removeActor(id: string): void;
  /** Without decoding the record. */
  hasActor(id: string): boolean;
  getEpoch(id: string): number | undefined;
  setEpoch(id: string, epoch: number): void;
  putInbox(key: InboxKey, record: InboxRecord): void;
  removeInbox(key: InboxKey): void;
  /** Record the failed attempts at a stored message (nothing if it is gone). */
  noteAttempts(key: InboxKey, attempts: number): void;
  removeInboxOf(actorId: string): void;
  /** `parentId` '' is the root. */
  putChild(parentId: string, spawnSeq: number, childId: string): void;
  removeChild(parentId: string, spawnSeq: number): void;
  /** Insert, or replace the timer of the same actor and key. */
  putTimer(record: TimerRecord): void;
  removeTimer(actorId: string, key: string): void;
  removeTimersOf(actorId: string): void;
  /** The inbox seq the external tell `messageId` was given, if it was seen (check and mark in one transaction). */
  seenMessage(actorId: string, messageId: string): number | undefined;
  /** Remember that the external tell `messageId` was accepted as inbox entry `seq`. */
  markSeen(actorId: string, messageId: string, seq: number): void;
  putMeta(key: string, value: unknown): void;
  /** An entry of an actor's table (`actor/table.ts`): insert or replace. */
  putEntry(table: string, key: TableKey, value: unknown): void;
  removeEntry(table: string, key: TableKey): void;
  /** An entry as this transaction sees it. */
  getEntry(table: string, key: TableKey): unknown;
  /** A suspended actor's record: insert or replace. */
  putSuspension(id: string, record: SuspensionRecord): void;
  removeSuspension(id: string): void;
  /** As this transaction sees it (a check-then-write is atomic). */
  getSuspension(id: string): SuspensionRecord | undefined;
  /** A quarantined message, set aside. */
  putDeadLetter(key: DeadLetterKey, record: DeadLetterRecord): void;
  removeDeadLetter(key: DeadLetterKey): void;
  /** As this transaction sees it (replay reads and removes it in one transaction). */
  getDeadLetter(key: DeadLetterKey): DeadLetterRecord | undefined;
}

/** The writer of one batch; `end()` when the batch's transaction callback returns. */
export class TransactionWriter implements StoreWriter {
  private open = true;

  constructor(
    private readonly dbs: Databases,
    private readonly kinds: KindTable,
  ) {}

  end(): void {
    this.open = false;
  }

  putActor(record: ActorRecord): void {
    this.check();
    const { spec, spawnSeq } = record;
    const id = spec.id;
    const kind = this.kinds.intern(spec);
    this.dbs.actors.putSync(id, toStoredActor(spec, spawnSeq, kind.id, kind.entry));
    if (record.initialized) this.dbs.states.putSync(id, { version: record.version, state: record.state });
    else this.dbs.states.removeSync(id);
  }

  putState(id: string, state: unknown, version: number): void {
    this.check();
    this.dbs.states.putSync(id, { version, state });
  }

  removeActor(id: string): void {
    this.check();
    this.dbs.actors.removeSync(id);
    this.dbs.states.removeSync(id);
    this.dbs.epochs.removeSync(id);
  }

  hasActor(id: string): boolean {
    this.check();
    return this.dbs.actors.doesExist(id);
  }

  getEpoch(id: string): number | undefined {
    this.check();
    return this.dbs.epochs.get(id);
  }

  setEpoch(id: string, epoch: number): void {
    this.check();
    this.dbs.epochs.putSync(id, epoch);
  }

  putInbox(key: InboxKey, record: InboxRecord): void {
    this.check();
    this.dbs.inbox.putSync(asKey(key), record);
  }

  removeInbox(key: InboxKey): void {
    this.check();
    this.dbs.inbox.removeSync(asKey(key));
  }

  noteAttempts(key: InboxKey, attempts: number): void {
    this.check();
    const record = this.dbs.inbox.get(asKey(key));
    if (record) this.dbs.inbox.putSync(asKey(key), { ...record, attempts });
  }

  removeInboxOf(actorId: string): void {
    this.check();
    for (const key of keysUnder(this.dbs.inbox, [actorId])) this.dbs.inbox.removeSync(key);
  }

  putChild(parentId: string, spawnSeq: number, childId: string): void {
    this.check();
    this.dbs.tree.putSync(asKey([parentId, spawnSeq]), childId);
  }

  removeChild(parentId: string, spawnSeq: number): void {
    this.check();
    this.dbs.tree.removeSync(asKey([parentId, spawnSeq]));
  }

  putTimer(record: TimerRecord): void {
    this.check();
    const indexKey = asKey([record.actorId, record.key]);
    const previous = this.dbs.timerIndex.get(indexKey);
    if (previous) this.dbs.timers.removeSync(asKey(timerKeyAt(record.actorId, record.key, previous)));
    const timerKey = timerKeyOf(record);
    this.dbs.timers.putSync(asKey(timerKey), toStoredTimer(record));
    this.dbs.timerIndex.putSync(indexKey, toTimerSlot(timerKey));
  }

  removeTimer(actorId: string, key: string): void {
    this.check();
    this.removeIndexed(asKey([actorId, key]));
  }

  removeTimersOf(actorId: string): void {
    this.check();
    for (const indexKey of keysUnder(this.dbs.timerIndex, [actorId])) this.removeIndexed(indexKey);
  }

  seenMessage(actorId: string, messageId: string): number | undefined {
    this.check();
    return this.dbs.dedup.get(asKey([actorId, messageId]));
  }

  markSeen(actorId: string, messageId: string, seq: number): void {
    this.check();
    this.dbs.dedup.putSync(asKey([actorId, messageId]), seq);
  }

  putMeta(key: string, value: unknown): void {
    this.check();
    this.dbs.meta.putSync(key, value);
  }

  putEntry(table: string, key: TableKey, value: unknown): void {
    this.check();
    this.dbs.entries.putSync(asKey([table, ...key]), value);
  }

  removeEntry(table: string, key: TableKey): void {
    this.check();
    this.dbs.entries.removeSync(asKey([table, ...key]));
  }

  getEntry(table: string, key: TableKey): unknown {
    this.check();
    return this.dbs.entries.get(asKey([table, ...key]));
  }

  putSuspension(id: string, record: SuspensionRecord): void {
    this.check();
    this.dbs.suspensions.putSync(id, record);
  }

  removeSuspension(id: string): void {
    this.check();
    this.dbs.suspensions.removeSync(id);
  }

  getSuspension(id: string): SuspensionRecord | undefined {
    this.check();
    return this.dbs.suspensions.get(id);
  }

  putDeadLetter(key: DeadLetterKey, record: DeadLetterRecord): void {
    this.check();
    this.dbs.deadLetters.putSync(asKey(key), record);
  }

  removeDeadLetter(key: DeadLetterKey): void {
    this.check();
    this.dbs.deadLetters.removeSync(asKey(key));
  }

  getDeadLetter(key: DeadLetterKey): DeadLetterRecord | undefined {
    this.check();
    return this.dbs.deadLetters.get(asKey(key));
  }

  private removeIndexed(indexKey: Key): void {
    const slot = this.dbs.timerIndex.get(indexKey);
    if (!slot) return;
    const [actorId, key] = indexKey as unknown as readonly [string, string];
    const timerKey: TimerKey = timerKeyAt(actorId, key, slot);
    this.dbs.timers.removeSync(asKey(timerKey));
    this.dbs.timerIndex.removeSync(indexKey);
  }

  private check(): void {
    if (!this.open) throw new InvalidArgumentError('writer', 'is only valid inside its commit batch');
  }
}
