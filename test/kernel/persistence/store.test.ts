/**
 * What only the LMDB store does: a reopened store (in either durability mode) or another
 * thread sees every commit, and records written after a rolled-back function stay readable.
 * The contract it shares with the in-memory store is in `store-contract.test.ts`.
 */
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Durability, openStore, type Store } from '../../../src/kernel/persistence/store.js';
import { actorRecord, scratchDir, timer } from '../../fixtures/persistence/records.js';

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

async function reopen(durability: Durability = 'commit'): Promise<Store> {
  await store.close();
  store = openStore({ path: dir.path, durability });
  return store;
}

const mail = (message: unknown) => ({ message, replyTo: null, messageId: null, missed: 0 });

describe('commit', () => {
  it('keeps records written after a rolled-back function readable after a reopen', async () => {
    // The rolled-back function is the first to write this record shape; the next one reuses it.
    const outcome = await store.commit([
      (w) => {
        w.putActor(actorRecord('b', { brandNew: 1, shape: 'x' }));
        throw new Error('rolled back');
      },
      (w) => w.putActor(actorRecord('c', { brandNew: 2, shape: 'y' })),
      (w) => w.putInbox(['c', 1], mail({ brandNew: 3, shape: 'z' })),
    ]);
    expect(outcome.failed.size).toBe(1);

    await reopen();
    expect(store.getActor('c')?.state).toEqual({ brandNew: 2, shape: 'y' });
    expect(store.inboxOf('c')[0]?.value.message).toEqual({ brandNew: 3, shape: 'z' });
  });

  it('acknowledges in flush mode too', async () => {
    await reopen('flush');
    const outcome = await store.commit([(w) => w.putActor(actorRecord('durable'))]);
    expect(outcome.failed.size).toBe(0);
    expect(store.getActor('durable')).toEqual(actorRecord('durable'));
  });
});

describe('persistence', () => {
  it('sees everything after close and open again', async () => {
    await store.commit([
      (w) => w.putActor(actorRecord('a', { count: 5 })),
      (w) => w.setEpoch('a', 3),
      (w) => w.putInbox(['a', 2], mail('two')),
      (w) => w.putInbox(['a', 1], mail('one')),
      (w) => w.putChild('', 1, 'a'),
      (w) => w.putTimer(timer('a', 'tick', 100)),
      (w) => w.markSeen('a', 'm', 1),
      (w) => w.putMeta('seq-high-water', 12345),
    ]);
    await reopen('flush');

    expect(store.getActor('a')?.state).toEqual({ count: 5 });
    expect(store.getEpoch('a')).toBe(3);
    expect(store.inboxOf('a').map((entry) => entry.value.message)).toEqual(['one', 'two']);
    expect(store.actorsWithMail()).toEqual(['a']);
    expect(store.childrenOf('')).toEqual(['a']);
    expect(store.nextTimerDue(0)).toBe(100);
    expect(store.seenMessage('a', 'm')).toBe(1);
    expect(store.getMeta('seq-high-water')).toBe(12345);
  });

  it('takes writes from worker threads and the main thread on the same path', async () => {
    const workers = ['w1', 'w2', 'w3'].map(
      (actorId, i) =>
        new Worker(new URL('../../fixtures/persistence/store-writer-worker.js', import.meta.url), {
          workerData: { path: dir.path, actorId, batches: 20, perBatch: 50, shape: `shape${i}` },
        }),
    );
    const done = workers.map(
      (worker) =>
        new Promise((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    );
    for (let b = 0; b < 20; b++) {
      await store.commit([(w) => w.putInbox(['main', b], mail({ fromMain: b, mainShape: true }))]);
    }
    await Promise.all(done);

    await reopen();
    expect(store.actorsWithMail()).toEqual(['main', 'w1', 'w2', 'w3']);
    for (const [i, id] of ['w1', 'w2', 'w3'].entries()) {
      const inbox = store.inboxOf(id);
      expect(inbox).toHaveLength(1_000);
      expect(inbox.map((entry) => entry.key[1])).toEqual(Array.from({ length: 1_000 }, (_, n) => n + 1));
      expect(inbox[9]?.value.message).toEqual({ [`shape${i}`]: 10, [`shape${i}-1`]: true });
    }
    expect(store.inboxOf('main')).toHaveLength(20);
  });
});
