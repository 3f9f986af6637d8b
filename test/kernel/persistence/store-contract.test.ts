/**
 * The \`Store\` contract, checked on \`LmdbStore\` and on the in-memory \`MemoryStore\` alike: every
 * record type round-trips, ranges come back in LMDB's key order, a batch commits with each
 * function rolled back alone, and a function reads what was written before it. What only LMDB
 * does (reopening, flush mode, other threads) is in \`store.test.ts\`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/kernel/errors.js';
import { openStore, type Store, type StoreWriter } from '../../../src/kernel/persistence/store.js';
import { MemoryStore } from '../../fixtures/persistence/memory-store.js';
import { actorRecord, scratchDir, timer } from '../../fixtures/persistence/records.js';

const STORES = [
  {
    name: 'LmdbStore',
    open() {
      const dir = scratchDir();
      const store = openStore({ path: dir.path, durability: 'commit' });
      return { store, dispose: () => store.close().then(() => dir.remove()) };
    },
  },
  {
    name: 'MemoryStore',
    open() {
      const store = new MemoryStore();
      return { store, dispose: () => store.close() };
    },
  },
];

const mail = (message: unknown) => ({ message, replyTo: null, messageId: null, missed: 0 });

describe.each(STORES)('$name', ({ open }) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeEach(() => {
    ({ store, dispose } = open());
  });

  afterEach(async () => {
    await dispose();
  });

  describe('records', () => {
    it('round-trips every record type', async () => {
      const record = actorRecord('a', { count: 3, names: ['x', 'y'], nested: { deep: [1, 2] } }, 7);
      const inbox = {
        message: { type: 'add', n: 2 },
        replyTo: { thread: -1, askId: 9 },
        messageId: 'm-1',
        missed: 2,
      };
      const tick = { ...timer('a', 'tick', 1_000), every: 500 };
      const outcome = await store.commit([
        (w) => w.putActor(record),
        (w) => w.setEpoch('a', 4),
        (w) => w.putInbox(['a', 11], inbox),
        (w) => w.putChild('', 7, 'a'),
        (w) => w.putTimer(tick),
        (w) => w.markSeen('a', 'm-1', 11),
        (w) => w.putMeta('config', { threads: 4 }),
      ]);

      expect(outcome.failed.size).toBe(0);
      expect(store.getActor('a')).toEqual(record);
      expect(store.hasActor('a')).toBe(true);
      expect(store.getEpoch('a')).toBe(4);
      expect(store.inboxOf('a')).toEqual([{ key: ['a', 11], value: inbox }]);
      expect(store.childrenOf('')).toEqual(['a']);
      expect(store.timerOf('a', 'tick')).toEqual(tick);
      expect(store.seenMessage('a', 'm-1')).toBe(11);
      expect(store.getMeta('config')).toEqual({ threads: 4 });
    });

    it('keeps Maps and Dates, and hands out copies', async () => {
      const state = { seen: new Map([['k', 1]]), at: new Date(1_700_000_000_000), list: [1, 2] };
      await store.commit([(w) => w.putActor(actorRecord('a', state)), (w) => w.putMeta('m', { n: 1 })]);
      state.list.push(3);

      const read = store.getActor('a')?.state as typeof state;
      expect(read).toEqual({ seen: new Map([['k', 1]]), at: new Date(1_700_000_000_000), list: [1, 2] });
      read.list.push(4);
      (store.getMeta('m') as { n: number }).n = 2;
      expect(store.getActor('a')?.state).toMatchObject({ list: [1, 2] });
      expect(store.getMeta('m')).toEqual({ n: 1 });
    });

    it('fails the function whose value cannot be encoded, alone', async () => {
      const outcome = await store.commit([(w) => w.putMeta('ok', 1), (w) => w.putMeta('huge', 2n ** 70n)]);
      expect([...outcome.failed.keys()]).toEqual([1]);
      expect(store.getMeta('ok')).toBe(1);
      expect(store.getMeta('huge')).toBeUndefined();
    });

    it('answers undefined / empty for what is not there', () => {
      expect(store.getActor('nobody')).toBeUndefined();
      expect(store.hasActor('nobody')).toBe(false);
      expect(store.getEpoch('nobody')).toBeUndefined();
      expect(store.inboxOf('nobody')).toEqual([]);
      expect(store.actorsWithMail()).toEqual([]);
      expect(store.childrenOf('')).toEqual([]);
      expect(store.dueTimers(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
      expect(store.nextTimerDue(0)).toBeUndefined();
      expect(store.timerOf('nobody', 'k')).toBeUndefined();
      expect(store.seenMessage('nobody', 'm')).toBeUndefined();
      expect(store.getMeta('nothing')).toBeUndefined();
    });

    it('removes an actor with its epoch, its whole inbox, a child entry', async () => {
      await store.commit([
        (w) => w.putActor(actorRecord('a')),
        (w) => w.setEpoch('a', 1),
        (w) => {
          for (const seq of [1, 2, 3]) w.putInbox(['a', seq], mail(seq));
        },
        (w) => w.putInbox(['ab', 1], mail('other actor')),
        (w) => w.putChild('', 1, 'a'),
      ]);
      await store.commit([
        (w) => w.removeActor('a'),
        (w) => w.removeInboxOf('a'),
        (w) => w.removeChild('', 1),
      ]);

      expect(store.getActor('a')).toBeUndefined();
      expect(store.getEpoch('a')).toBeUndefined();
      expect(store.inboxOf('a')).toEqual([]);
      expect(store.inboxOf('ab')).toHaveLength(1);
      expect(store.childrenOf('')).toEqual([]);
    });
  });

  describe('ordered ranges', () => {
    it('iterates an inbox in numeric seq order, apart from actors whose ids share a prefix', async () => {
      const seqs = [100, 9, 1_700_000_000_000_001, 10, 1];
      await store.commit([
        (w) => {
          for (const seq of seqs) w.putInbox(['a', seq], mail(seq));
        },
        (w) => w.putInbox(['ab', 5], mail('ab')),
        (w) => w.putInbox(['a b', 5], mail('a b')),
        (w) => w.putInbox(['', 5], mail('empty id')),
      ]);

      expect(store.inboxOf('a').map((entry) => entry.key[1])).toEqual([1, 9, 10, 100, 1_700_000_000_000_001]);
      expect(store.inboxOf('a', 2).map((entry) => entry.value.message)).toEqual([1, 9]);
      expect(store.inboxOf('ab').map((entry) => entry.key)).toEqual([['ab', 5]]);
    });

    it('lists the actors with mail once each, in id order', async () => {
      await store.commit([
        (w) => {
          for (const seq of [3, 1, 2]) w.putInbox(['b', seq], mail(seq));
        },
        (w) => w.putInbox(['a', 7], mail(7)),
        (w) => {
          for (const seq of [1, 2]) w.putInbox(['ab', seq], mail(seq));
        },
        (w) => w.putActor(actorRecord('no-mail')),
      ]);
      expect(store.actorsWithMail()).toEqual(['a', 'ab', 'b']);

      await store.commit([(w) => w.removeInboxOf('ab')]);
      expect(store.actorsWithMail()).toEqual(['a', 'b']);
    });

    it('orders ids as LMDB does: by UTF-8 bytes, a prefix first', async () => {
      const ids = ['😀', 'é', 'z', 'a', 'A', '\uE000', 'ab', 'a b', '10', '9'];
      await store.commit([
        (w) => {
          for (const [seq, id] of ids.entries()) w.putInbox([id, seq], mail(id));
        },
      ]);
      expect(store.actorsWithMail()).toEqual(['10', '9', 'A', 'a', 'a b', 'ab', 'z', 'é', '\uE000', '😀']);
    });

    it('lists children in spawn order, per parent', async () => {
      await store.commit([
        (w) => w.putChild('p', 30, 'third'),
        (w) => w.putChild('p', 2, 'first'),
        (w) => w.putChild('p', 10, 'second'),
        (w) => w.putChild('', 1, 'p'),
        (w) => w.putChild('pp', 1, 'cousin'),
      ]);
      expect(store.childrenOf('p')).toEqual(['first', 'second', 'third']);
      expect(store.childrenOf('')).toEqual(['p']);

      await store.commit([(w) => w.removeChild('p', 10)]);
      expect(store.childrenOf('p')).toEqual(['first', 'third']);
    });
  });

  describe('timers', () => {
    it('returns the due timers of one thread, earliest first, up to and including upTo', async () => {
      await store.commit([
        (w) => w.putTimer(timer('a', 'late', 300)),
        (w) => w.putTimer(timer('a', 'early', 100)),
        (w) => w.putTimer(timer('b', 'same-time', 200)),
        (w) => w.putTimer(timer('a', 'same-time', 200)),
        (w) => w.putTimer(timer('m', 'main', 50, -1)),
        (w) => w.putTimer(timer('c', 'other-thread', 10, 1)),
      ]);

      expect(store.dueTimers(0, 200).map((t) => `${t.actorId}/${t.key}`)).toEqual([
        'a/early',
        'a/same-time',
        'b/same-time',
      ]);
      expect(store.dueTimers(0, 99)).toEqual([]);
      expect(store.dueTimers(-1, 1_000).map((t) => t.key)).toEqual(['main']);
      expect(store.nextTimerDue(0)).toBe(100);
      expect(store.nextTimerDue(-1)).toBe(50);
      expect(store.nextTimerDue(1)).toBe(10);
      expect(store.nextTimerDue(2)).toBeUndefined();
    });

    it('replaces a timer of the same actor and key, keeping the index right', async () => {
      await store.commit([
        (w) => w.putTimer(timer('a', 'tick', 100)),
        (w) => w.putTimer(timer('a', 'other', 500)),
      ]);
      await store.commit([(w) => w.putTimer({ ...timer('a', 'tick', 400), message: 'moved' })]);

      expect(store.dueTimers(0, 1_000).map((t) => [t.key, t.dueAt])).toEqual([
        ['tick', 400],
        ['other', 500],
      ]);
      expect(store.timerOf('a', 'tick')).toMatchObject({ dueAt: 400, message: 'moved' });
      expect(store.nextTimerDue(0)).toBe(400);

      await store.commit([(w) => w.putTimer(timer('a', 'tick', 50, 1))]); // moves to another thread too
      expect(store.dueTimers(0, 1_000).map((t) => t.key)).toEqual(['other']);
      expect(store.dueTimers(1, 1_000).map((t) => t.key)).toEqual(['tick']);

      await store.commit([(w) => w.removeTimer('a', 'tick'), (w) => w.removeTimer('a', 'never-set')]);
      expect(store.timerOf('a', 'tick')).toBeUndefined();
      expect(store.nextTimerDue(1)).toBeUndefined();
    });

    it('removes every timer of one actor', async () => {
      await store.commit([
        (w) => {
          for (const [i, key] of ['x', 'y', 'z'].entries()) w.putTimer(timer('a', key, 100 + i));
        },
        (w) => w.putTimer(timer('ab', 'x', 100)),
      ]);
      await store.commit([(w) => w.removeTimersOf('a')]);

      expect(store.dueTimers(0, 1_000).map((t) => t.actorId)).toEqual(['ab']);
      expect(store.timerOf('a', 'x')).toBeUndefined();
      expect(store.timerOf('ab', 'x')).toBeDefined();
    });
  });

  describe('dedup', () => {
    it('remembers the seq an external message id was given, per actor', async () => {
      await store.commit([(w) => w.markSeen('a', 'order-1', 42)]);
      expect(store.seenMessage('a', 'order-1')).toBe(42);
      expect(store.seenMessage('a', 'order-2')).toBeUndefined();
      expect(store.seenMessage('b', 'order-1')).toBeUndefined();
    });

    it('checks and marks inside one transaction', async () => {
      const accepted: boolean[] = [];
      const acceptOnce = (messageId: string, seq: number) => (w: StoreWriter) => {
        if (w.seenMessage('a', messageId) !== undefined) return accepted.push(false);
        w.putInbox(['a', seq], mail(messageId));
        w.markSeen('a', messageId, seq);
        accepted.push(true);
      };
      await store.commit([acceptOnce('m', 1), acceptOnce('m', 2), acceptOnce('n', 3)]);

      expect(accepted).toEqual([true, false, true]);
      expect(store.inboxOf('a').map((entry) => entry.key[1])).toEqual([1, 3]);
    });
  });

  describe('commit', () => {
    it('rolls back a failing function alone and reports it; the others commit', async () => {
      const boom = new Error('boom');
      const outcome = await store.commit([
        (w) => w.putActor(actorRecord('a')),
        (w) => {
          w.putActor(actorRecord('b'));
          w.putInbox(['b', 1], mail('half'));
          throw boom;
        },
        (w) => w.putActor(actorRecord('c')),
      ]);

      expect([...outcome.failed]).toEqual([[1, boom]]);
      expect(store.hasActor('a')).toBe(true);
      expect(store.hasActor('b')).toBe(false);
      expect(store.inboxOf('b')).toEqual([]);
      expect(store.hasActor('c')).toBe(true);
    });

    it('lets a function read what was written before it in the same transaction', async () => {
      await store.commit([(w) => w.setEpoch('a', 1)]);
      // Functions may run twice (a batch is re-run when one throws): record by position.
      const seen: (number | undefined)[] = [];
      const present: boolean[] = [];
      const outcome = await store.commit([
        (w) => {
          w.setEpoch('a', 2);
          seen[0] = w.getEpoch('a');
        },
        (w) => {
          seen[1] = w.getEpoch('a');
        },
        (w) => {
          w.setEpoch('a', 99);
          throw new Error('fenced');
        },
        (w) => {
          seen[2] = w.getEpoch('a');
        },
        (w) => {
          seen[3] = w.getEpoch('b');
        },
        (w) => {
          w.putActor(actorRecord('new'));
          present[0] = w.hasActor('new');
          present[1] = w.hasActor('absent');
        },
      ]);

      expect(outcome.failed.size).toBe(1);
      expect(seen).toEqual([2, 2, 2, undefined]);
      expect(present).toEqual([true, false]);
      expect(store.getEpoch('a')).toBe(2);
    });

    it('refuses a write function that returns a promise, and a writer used after its batch', async () => {
      let kept: StoreWriter | undefined;
      const outcome = await store.commit([
        async (w) => w.putActor(actorRecord('async')),
        (w) => {
          kept = w;
        },
      ]);

      expect(outcome.failed.get(0)).toBeInstanceOf(InvalidArgumentError);
      expect(outcome.failed.get(0)?.message).toMatch(/batch\[0\] returned a promise/);
      expect(store.hasActor('async')).toBe(false);
      expect(() => kept?.putMeta('late', 1)).toThrow(/only valid inside its commit batch/);
    });

    it('commits batches queued in the same turn, in order', async () => {
      const commits = Array.from({ length: 20 }, (_, i) => store.commit([(w) => w.putMeta('last', i)]));
      const outcomes = await Promise.all(commits);
      expect(outcomes.every((outcome) => outcome.failed.size === 0)).toBe(true);
      expect(store.getMeta('last')).toBe(19);
    });
  });
});
