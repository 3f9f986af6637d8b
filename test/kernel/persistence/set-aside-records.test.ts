/**
 * What the store keeps of what failure sets aside, checked on `LmdbStore` and `MemoryStore`
 * alike: suspensions (by actor), dead letters (by actor and inbox seq, listed in that order,
 * counted), the failed attempts recorded on a stored message, and the store's size on disk.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeadLetterRecord, SuspensionRecord } from '../../../src/kernel/persistence/records.js';
import { openStore, type Store } from '../../../src/kernel/persistence/store.js';
import { MemoryStore } from '../../fixtures/persistence/memory-store.js';
import { scratchDir } from '../../fixtures/persistence/records.js';

const STORES = [
  {
    name: 'LmdbStore',
    onDisk: true,
    open() {
      const dir = scratchDir();
      const store = openStore({ path: dir.path, durability: 'commit' });
      return { store, dispose: () => store.close().then(() => dir.remove()) };
    },
  },
  {
    name: 'MemoryStore',
    onDisk: false,
    open() {
      const store = new MemoryStore();
      return { store, dispose: () => store.close() };
    },
  },
];

const boom = { code: 'error', name: 'Error', message: 'boom' } as const;

function suspension(since: number): SuspensionRecord {
  return { since, reason: boom, failures: 4, resumeAt: since + 30_000, streak: 1 };
}

function letter(n: number): DeadLetterRecord {
  return { message: { type: 'poison', n }, error: boom, attempts: 3, at: 1_000 + n };
}

describe.each(STORES)('$name', ({ open, onDisk }) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeEach(() => {
    ({ store, dispose } = open());
  });

  afterEach(async () => {
    await dispose();
  });

  it('keeps a suspension per actor until it is removed', async () => {
    await store.commit([
      (w) => w.putSuspension('b', suspension(2)),
      (w) => w.putSuspension('a', suspension(1)),
    ]);

    expect(store.getSuspension('a')).toEqual(suspension(1));
    expect(store.getSuspension('nobody')).toBeUndefined();
    expect(store.suspensions()).toEqual([
      { id: 'a', record: suspension(1) },
      { id: 'b', record: suspension(2) },
    ]);
    await store.commit([
      (w) => {
        expect(w.getSuspension('a')).toEqual(suspension(1));
        w.removeSuspension('a');
        expect(w.getSuspension('a')).toBeUndefined();
      },
    ]);
    expect(store.suspensions().map((entry) => entry.id)).toEqual(['b']);
  });

  it('lists dead letters by actor, then inbox seq, counts them, and removes one by its key', async () => {
    await store.commit([
      (w) => w.putDeadLetter(['b', 5], letter(1)),
      (w) => w.putDeadLetter(['a', 20], letter(2)),
      (w) => w.putDeadLetter(['a', 3], letter(3)),
    ]);

    expect(store.deadLetters(undefined, 10).map((entry) => entry.key)).toEqual([
      ['a', 3],
      ['a', 20],
      ['b', 5],
    ]);
    expect(store.deadLetters('a', 10)).toEqual([
      { key: ['a', 3], value: letter(3) },
      { key: ['a', 20], value: letter(2) },
    ]);
    expect(store.deadLetters(undefined, 1)).toHaveLength(1);
    expect(store.deadLetters('nobody', 10)).toEqual([]);
    expect(store.deadLetterCount()).toBe(3);

    await store.commit([
      (w) => {
        expect(w.getDeadLetter(['a', 20])).toEqual(letter(2));
        w.removeDeadLetter(['a', 20]);
      },
    ]);
    expect(store.deadLetterCount()).toBe(2);
    expect(store.deadLetters('a', 10).map((entry) => entry.key)).toEqual([['a', 3]]);
  });

  it('records the failed attempts on a stored message, and nothing for one that is gone', async () => {
    const mail = { message: { type: 'add' }, replyTo: null, messageId: 'm', missed: 0 };
    await store.commit([(w) => w.putInbox(['a', 7], mail)]);

    await store.commit([(w) => w.noteAttempts(['a', 7], 2), (w) => w.noteAttempts(['a', 8], 5)]);

    expect(store.inboxOf('a')).toEqual([{ key: ['a', 7], value: { ...mail, attempts: 2 } }]);
  });

  it(`reports its size on disk (${onDisk ? 'the data file' : 'none'})`, async () => {
    await store.commit([(w) => w.putMeta('filler', 'x'.repeat(10_000))]);
    if (onDisk) expect(store.sizeOnDisk()).toBeGreaterThan(10_000);
    else expect(store.sizeOnDisk()).toBe(0);
  });
});
