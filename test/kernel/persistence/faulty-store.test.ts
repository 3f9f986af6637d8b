/**
 * The failures of the `Store` interface, asked of `FaultyStore` (the store that error-path
 * tests use): each fails as the interface says LMDB fails — a failed transaction writes none
 * of its batch and the store goes on, a failed function is rolled back alone, an unreadable
 * record throws `StateDecodeError` for that actor only, a held commit is neither written nor
 * acknowledged until released, in order. (The LMDB side of the same failures, with real bytes
 * and a real full disk, is in `errors.test.ts`.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  StateDecodeError,
  StoreFullError,
  StoreWriteError,
} from '../../../src/kernel/errors.js';
import type { CommitOutcome } from '../../../src/kernel/persistence/store.js';
import { FaultyStore } from '../../fixtures/persistence/faulty-store.js';
import { actorRecord } from '../../fixtures/persistence/records.js';

let store: FaultyStore;

beforeEach(() => {
  store = new FaultyStore({ path: 'faulty-test' });
});

afterEach(async () => {
  await store.close();
});

const mail = (message: unknown) => ({ message, replyTo: null, messageId: null, missed: 0 });

describe('a failed transaction', () => {
  it.each([
    ['write', StoreWriteError, 'store_write_failed'],
    ['full', StoreFullError, 'store_full'],
  ] as const)(
    '(%s) rejects, names the path, writes nothing of its batch, and the next one commits',
    async (kind, type, code) => {
      await store.commit([(w) => w.putMeta('before', 1)]);
      store.failNextCommits(1, kind);

      const failed = store.commit([(w) => w.putMeta('before', 2), (w) => w.putActor(actorRecord('a'))]);
      await expect(failed).rejects.toBeInstanceOf(type);
      await expect(failed).rejects.toMatchObject({ code, path: 'faulty-test' });
      expect(store.getMeta('before')).toBe(1);
      expect(store.hasActor('a')).toBe(false);

      await store.commit([(w) => w.putMeta('after', 1)]);
      expect(store.getMeta('after')).toBe(1);
    },
  );

  it('fails exactly the next n transactions', async () => {
    store.failNextCommits(2);
    const settled = await Promise.allSettled(
      [1, 2, 3].map((n) => store.commit([(w) => w.putMeta(`m${n}`, n)])),
    );
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect([store.getMeta('m1'), store.getMeta('m2'), store.getMeta('m3')]).toEqual([
      undefined,
      undefined,
      3,
    ]);
  });
});

describe('a failed write', () => {
  it('fails the function it runs in, alone, with the error asked for', async () => {
    const refusal = new Error('cannot encode the state');
    store.failWrites((call) => call.method === 'putState' && call.subject === 'b', { error: refusal });

    const outcome = await store.commit([
      (w) => w.putActor(actorRecord('a')),
      (w) => {
        w.putInbox(['b', 1], mail('written before the failing write'));
        w.putState('b', { count: 2 }, 1);
      },
      (w) => w.putState('a', { count: 5 }, 1),
    ]);

    expect([...outcome.failed]).toEqual([[1, refusal]]);
    expect(store.getActor('a')?.state).toEqual({ count: 5 });
    expect(store.inboxOf('b')).toEqual([]);
  });

  it('matches as many calls as it was told to, then no more', async () => {
    store.failWrites((call) => call.method === 'putMeta', { times: 2 });
    const outcome = await store.commit([1, 2, 3].map((n) => (w) => w.putMeta(`m${n}`, n)));
    expect([...outcome.failed.keys()]).toEqual([0, 1]);
    expect(outcome.failed.get(0)?.message).toBe('injected: putMeta for "m1" failed');
    expect(store.getMeta('m3')).toBe(3);
  });
});

describe('an unreadable record', () => {
  it('throws StateDecodeError naming the actor; the others read; writing it over repairs it', async () => {
    await store.commit([(w) => w.putActor(actorRecord('broken')), (w) => w.putActor(actorRecord('healthy'))]);
    store.corruptActor('broken');

    expect(() => store.getActor('broken')).toThrow(StateDecodeError);
    expect(() => store.getActor('broken')).toThrow(/actor "broken" cannot be decoded/);
    expect(store.hasActor('broken')).toBe(true);
    expect(store.getActor('healthy')).toEqual(actorRecord('healthy'));

    await store.commit([(w) => w.putState('broken', { still: 'unreadable record' }, 1)]);
    expect(() => store.getActor('broken')).toThrow(StateDecodeError);
    await store.commit([(w) => w.putActor(actorRecord('broken', { repaired: true }))]);
    expect(store.getActor('broken')?.state).toEqual({ repaired: true });
  });

  it('stays unreadable when the write over it is rolled back', async () => {
    await store.commit([(w) => w.putActor(actorRecord('broken'))]);
    store.corruptActor('broken');
    store.failNextCommits();
    await expect(store.commit([(w) => w.putActor(actorRecord('broken'))])).rejects.toThrow(StoreWriteError);
    expect(() => store.getActor('broken')).toThrow(StateDecodeError);
  });

  it('makes an inbox unreadable until its entries are gone', async () => {
    await store.commit([(w) => w.putInbox(['a', 1], mail(1)), (w) => w.putInbox(['ab', 1], mail(1))]);
    store.corruptInbox('a');

    expect(() => store.inboxOf('a')).toThrow(
      new StateDecodeError('a', 'injected: an inbox entry is unreadable'),
    );
    expect(store.inboxOf('ab')).toHaveLength(1);
    await store.commit([(w) => w.removeInboxOf('a'), (w) => w.putInbox(['a', 2], mail(2))]);
    expect(store.inboxOf('a').map((entry) => entry.key)).toEqual([['a', 2]]);
  });

  it('refuses to corrupt what is not stored', () => {
    expect(() => store.corruptActor('nobody')).toThrow(InvalidArgumentError);
    expect(() => store.corruptInbox('nobody')).toThrow(InvalidArgumentError);
  });
});

describe('held acknowledgements', () => {
  it('keeps commits unwritten and unacknowledged until acknowledged, one by one, in order', async () => {
    store.holdAcknowledgements();
    const acknowledged: number[] = [];
    const commits = [1, 2].map((n) =>
      store.commit([(w) => w.putMeta('last', n)]).then((outcome: CommitOutcome) => {
        acknowledged.push(n);
        return outcome;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.pending).toBe(2);
    expect(acknowledged).toEqual([]);
    expect(store.getMeta('last')).toBeUndefined();

    await store.acknowledge();
    expect(acknowledged).toEqual([1]);
    expect(store.getMeta('last')).toBe(1);
    expect(store.pending).toBe(1);

    await store.releaseAcknowledgements();
    expect(acknowledged).toEqual([1, 2]);
    expect(store.getMeta('last')).toBe(2);
    await Promise.all(commits);
  });

  it('refuses to acknowledge more commits than are waiting', async () => {
    store.holdAcknowledgements();
    const waiting = store.commit([(w) => w.putMeta('m', 1)]);
    await expect(store.acknowledge(2)).rejects.toThrow(/is 2, but 1 commit\(s\) are waiting/);
    await store.acknowledge(1);
    await waiting;
  });

  it('writes the held commits when closed', async () => {
    store.holdAcknowledgements();
    const waiting = store.commit([(w) => w.putMeta('m', 1)]);
    await store.close();
    await expect(waiting).resolves.toEqual({ failed: new Map() });
    await expect(store.commit([(w) => w.putMeta('late', 1)])).rejects.toThrow(/the store is closed/);
  });
});
