/**
 * The layout of the store: one LMDB environment, its named databases and their keys.
 *
 *   database     key                                  value
 *   ──────────   ──────────────────────────────────   ──────────────────────────────
 *   actors       id                                   StoredActor         (structures; stored-actor.ts)
 *   kinds        kind number                          KindEntry           (kinds.ts)
 *   states       id                                   { version, state }  (structures; only once init ran)
 *   epochs       id                                   activation epoch    (number)
 *   inbox        [actorId, seq]                       InboxRecord         (structures)
 *   tree         [parentId, spawnSeq]                 childId ('' parent: the root)
 *   timers       [thread, dueAt, actorId, key]        { every, message }  (structures; stored-timer.ts)
 *   timerIndex   [actorId, key]                       [thread, dueAt]: its key in `timers`
 *   dedup        [actorId, messageId]                 inbox seq it was given
 *   meta         string                               anything
 *   entries      [table, ...key]                      an actor's table entry (structures)
 *   suspensions  id                                   SuspensionRecord    (a suspended actor)
 *   deadLetters  [actorId, seq]                       DeadLetterRecord    (quarantined messages; structures)
 *
 * Keys use lmdb's ordered-binary encoding, so tuples sort element by element (numbers
 * before strings) and a tuple prefix selects a contiguous range ({@link prefixRange}).
 * This module owns the layout and the key helpers; reads live in `lmdb-store.ts`, writes in
 * `writer.ts`.
 */

import type { Database, Key, RootDatabase } from 'lmdb';
import * as lmdb from 'lmdb';
import type { KindsDatabase } from './kinds.js';
import type { DeadLetterRecord, InboxRecord, SuspensionRecord } from './records.js';
import type { StoredTimer, TimerSlot } from './stored-timer.js';

export type KeyPart = string | number;

export interface Databases {
  readonly root: RootDatabase;
  readonly actors: Database<unknown, string>;
  readonly kinds: KindsDatabase;
  readonly states: Database<unknown, string>;
  readonly epochs: Database<number, string>;
  readonly inbox: Database<InboxRecord, Key>;
  readonly tree: Database<string, Key>;
  readonly timers: Database<StoredTimer, Key>;
  readonly timerIndex: Database<TimerSlot, Key>;
  readonly dedup: Database<number, Key>;
  readonly meta: Database<unknown, string>;
  readonly entries: Database<unknown, Key>;
  readonly suspensions: Database<SuspensionRecord, string>;
  readonly deadLetters: Database<DeadLetterRecord, Key>;
}

/** Where msgpackr keeps the shared record structures of a database (a symbol sorts before all keys). */
export const STRUCTURES_KEY = Symbol.for('structures');
const structured = { sharedStructuresKey: STRUCTURES_KEY } as const;

export function openDatabases(root: RootDatabase): Databases {
  return {
    root,
    actors: root.openDB('actors', structured),
    kinds: root.openDB('kinds', {}),
    states: root.openDB('states', structured),
    epochs: root.openDB('epochs', {}),
    inbox: root.openDB('inbox', structured),
    tree: root.openDB('tree', {}),
    timers: root.openDB('timers', structured),
    timerIndex: root.openDB('timerIndex', {}),
    dedup: root.openDB('dedup', {}),
    meta: root.openDB('meta', {}),
    entries: root.openDB('entries', structured),
    suspensions: root.openDB('suspensions', {}),
    deadLetters: root.openDB('deadLetters', structured),
  };
}

/** A tuple as an lmdb key (lmdb's `Key` type wants a mutable array). */
export function asKey(parts: readonly KeyPart[]): Key {
  return parts as KeyPart[];
}

/** lmdb-js's ordered-binary encoding of a key (what LMDB compares). */
export const { keyValueToBuffer } = lmdb as unknown as { keyValueToBuffer(key: Key): Buffer };
const BELOW_NEXT_PART = Buffer.from([0]);
const ABOVE_NEXT_PART = Buffer.from([1]);

/**
 * Every key that extends `prefix` by at least one part: `[a, b]` is encoded as
 * `enc(a) 0x00 enc(b)`, so they all lie between `enc(prefix) 0x00` and `enc(prefix) 0x01`.
 */
export function prefixRange(prefix: readonly KeyPart[]): { start: Buffer; end: Buffer } {
  const encoded = keyValueToBuffer(asKey(prefix));
  return { start: Buffer.concat([encoded, BELOW_NEXT_PART]), end: Buffer.concat([encoded, ABOVE_NEXT_PART]) };
}

/** The keys of `db` under `prefix`, in order, read into an array. */
export function keysUnder(db: Database<unknown, Key>, prefix: readonly KeyPart[]): Key[] {
  return [...db.getKeys(prefixRange(prefix))];
}

interface SharedStructuresCodec {
  structures?: unknown[];
}

/**
 * Make the structured databases reload their shared structures from the store on next use.
 *
 * msgpackr saves a new record structure inside the transaction that first writes it, but
 * remembers it in memory at once. When that (child) transaction is rolled back, the memory
 * still has the structure and a later record would be written against an id that was never
 * stored — unreadable after a restart. Forgetting them makes the encoder re-read (and if
 * needed re-save) the structures inside the current transaction.
 */
export function forgetSharedStructures(dbs: Databases): void {
  for (const db of [dbs.actors, dbs.states, dbs.inbox, dbs.timers, dbs.entries, dbs.deadLetters]) {
    const codec = (db as unknown as { encoder?: SharedStructuresCodec }).encoder;
    if (codec) codec.structures = Object.assign([], { uninitialized: true, sharedLength: 0 });
  }
}
