/**
 * The shape actor and timer records take on disk (`stored-actor.ts`, `stored-timer.ts`,
 * `kinds.ts`): a spec reads back exactly as written whatever its options, the kind is kept
 * once, a kind interned by a rolled-back function is not trusted, and records in the shape
 * older versions wrote (the whole spec, the whole timer) read the same.
 */
import { open } from 'lmdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpawnSpec } from '../../../src/kernel/actor/spawn-spec.js';
import { StateDecodeError } from '../../../src/kernel/errors.js';
import { STRUCTURES_KEY } from '../../../src/kernel/persistence/databases.js';
import type { ActorRecord } from '../../../src/kernel/persistence/records.js';
import { openStore, type Store } from '../../../src/kernel/persistence/store.js';
import { lmdbOptionsFor } from '../../../src/kernel/persistence/store-options.js';
import { actorRecord, scratchDir, specOf, timer } from '../../fixtures/persistence/records.js';

let dir: ReturnType<typeof scratchDir>;
let store: Store;

beforeEach(() => {
  dir = scratchDir();
  store = openStore({ path: dir.path, durability: 'commit' });
});

afterEach(async () => {
  await store.close();
  dir.remove();
});

async function reopen(): Promise<Store> {
  await store.close();
  store = openStore({ path: dir.path, durability: 'commit' });
  return store;
}

/** The raw bytes and entries of a database, read with lmdb-js directly (the store closed). */
async function rawDatabase(name: string): Promise<{ key: unknown; bytes: Buffer }[]> {
  await store.close();
  const root = open({ ...lmdbOptionsFor({ path: dir.path, durability: 'commit' }), encoding: 'binary' });
  try {
    const db = root.openDB(name, { encoding: 'binary' });
    return [...db.getRange({})].map(({ key, value }) => ({ key, bytes: value as Buffer }));
  } finally {
    await root.close();
    store = openStore({ path: dir.path, durability: 'commit' });
  }
}

const OTHER_KIND = { module: 'file:///actors/other.js', name: 'Other' } as const;

function withOptions(id: string, change: Partial<SpawnSpec>): SpawnSpec {
  return { ...specOf(id), ...change };
}

const specs: readonly SpawnSpec[] = [
  specOf('plain'),
  specOf('child', 'plain', 1),
  withOptions('no-args', { args: undefined }),
  withOptions('deep-args', { args: { list: [1, 'two', { three: null }], when: new Date(5), n: -0.5 } }),
  withOptions('temporary', { restart: 'temporary' }),
  withOptions('strict-supervisor', {
    supervision: {
      ...specOf('x').supervision,
      strategy: 'one-for-all',
      backoff: { initialMs: 1, maxMs: 2, factor: 1 },
    },
  }),
  withOptions('rated', {
    mailbox: {
      capacity: 10,
      overflow: 'drop-oldest',
      rate: { perSecond: 2, burst: 3, policy: 'delay', maxDelayMs: 9 },
    },
  }),
  withOptions('transient-other', { kind: OTHER_KIND, restart: 'transient', persistent: false }),
  withOptions('other-plain', { kind: OTHER_KIND }),
];

describe('actor records', () => {
  it('read back the spec they were written with, for varied specs and kinds, before and after a reopen', async () => {
    await store.commit(specs.map((spec, index) => (w) => w.putActor(recordOf(spec, index + 1))));
    for (const [index, spec] of specs.entries())
      expect(store.getActor(spec.id)).toStrictEqual(recordOf(spec, index + 1));
    await reopen();
    for (const [index, spec] of specs.entries())
      expect(store.getActor(spec.id)).toStrictEqual(recordOf(spec, index + 1));
  });

  it('keep each kind once, and in a record only the options that differ from it', async () => {
    await store.commit(specs.map((spec, index) => (w) => w.putActor(recordOf(spec, index + 1))));
    const kinds = await rawDatabase('kinds');
    expect(kinds.map((kind) => kind.key)).toEqual([1, 2]);
    const actors = await rawDatabase('actors');
    const plain = actors.find((actor) => actor.key === 'plain');
    const temporary = actors.find((actor) => actor.key === 'temporary');
    expect(plain?.bytes.includes('counter.js')).toBe(false);
    expect(plain?.bytes.includes('one-for-one')).toBe(false);
    expect(temporary?.bytes.includes('temporary')).toBe(true);
  });

  it('do not name a kind that only a rolled-back function interned', async () => {
    const outcome = await store.commit([
      (w) => {
        w.putActor(recordOf(withOptions('lost', { kind: OTHER_KIND }), 1));
        throw new Error('rolled back');
      },
      (w) => w.putActor(recordOf(specOf('kept'), 2)),
    ]);
    expect(outcome.failed.size).toBe(1);
    const other = withOptions('other', { kind: OTHER_KIND, restart: 'temporary' });
    await store.commit([(w) => w.putActor(recordOf(other, 3))]);

    await reopen();
    expect(store.getActor('lost')).toBeUndefined();
    expect(store.getActor('kept')).toStrictEqual(recordOf(specOf('kept'), 2));
    expect(store.getActor('other')).toStrictEqual(recordOf(other, 3));
  });

  it('are refused, not read with wrong options, when their kind entry does not read back as a kind', async () => {
    await store.commit([(w) => w.putActor(recordOf(specOf('plain'), 1))]);
    await store.close();
    const root = open(lmdbOptionsFor({ path: dir.path, durability: 'commit' }));
    const kinds = root.openDB('kinds', {});
    const entry = kinds.get(1) as { mailbox: object };
    await kinds.put(1, { ...entry, mailbox: { ...entry.mailbox, overflow: '\ufffdreje' } });
    await root.close();
    store = openStore({ path: dir.path, durability: 'commit' });

    expect(() => store.getActor('plain')).toThrow(StateDecodeError);
    expect(() => store.getActor('plain')).toThrow(/"plain".*its kind \(1\) is not in the store/);
  });

  it('in the shape older versions wrote (the whole spec) read the same, next to new ones', async () => {
    const old = actorRecord('old', { count: 7 }, 4);
    await store.commit([(w) => w.putState('old', { count: 7 }, 1)]);
    await store.close();
    const root = open(lmdbOptionsFor({ path: dir.path, durability: 'commit' }));
    await root
      .openDB('actors', { sharedStructuresKey: STRUCTURES_KEY })
      .put('old', { spec: old.spec, spawnSeq: 4 });
    await root.close();
    store = openStore({ path: dir.path, durability: 'commit' });
    await store.commit([(w) => w.putActor(actorRecord('new', { count: 8 }, 5))]);

    expect(store.getActor('old')).toStrictEqual(old);
    expect(store.getActor('new')).toStrictEqual(actorRecord('new', { count: 8 }, 5));
  });
});

describe('timer records', () => {
  it('keep in the value only what the key does not hold', async () => {
    await store.commit([(w) => w.putTimer({ ...timer('actor-with-a-long-id', 'a-key', 100), every: 50 })]);
    expect(store.timerOf('actor-with-a-long-id', 'a-key')).toEqual({
      ...timer('actor-with-a-long-id', 'a-key', 100),
      every: 50,
    });
    const [stored] = await rawDatabase('timers');
    const [slot] = await rawDatabase('timerIndex');
    expect(stored?.bytes.includes('actor-with-a-long-id')).toBe(false);
    expect(slot?.bytes.includes('actor-with-a-long-id')).toBe(false);
  });

  it('in the shape older versions wrote (the whole record, the whole key) read, move and go the same', async () => {
    const early = timer('a', 'early', 100);
    const late = timer('a', 'late', 300, 1);
    await store.close();
    const root = open(lmdbOptionsFor({ path: dir.path, durability: 'commit' }));
    const timers = root.openDB('timers', { sharedStructuresKey: STRUCTURES_KEY });
    const timerIndex = root.openDB('timerIndex', {});
    for (const record of [early, late]) {
      const key = [record.thread, record.dueAt, record.actorId, record.key];
      await timers.put(key, record);
      await timerIndex.put([record.actorId, record.key], key);
    }
    await root.close();
    store = openStore({ path: dir.path, durability: 'commit' });

    expect(store.dueTimers(0, 1_000)).toStrictEqual([early]);
    expect(store.timerOf('a', 'late')).toStrictEqual(late);
    expect(store.nextTimerDue(1)).toBe(300);

    await store.commit([(w) => w.putTimer({ ...early, dueAt: 200 }), (w) => w.removeTimer('a', 'late')]);
    expect(store.dueTimers(0, 1_000)).toStrictEqual([{ ...early, dueAt: 200 }]);
    expect(store.timerOf('a', 'late')).toBeUndefined();
    expect(store.nextTimerDue(1)).toBeUndefined();
  });
});

function recordOf(spec: SpawnSpec, spawnSeq: number): ActorRecord {
  return { spec, state: { of: spec.id }, initialized: true, version: 2, spawnSeq };
}
