/**
 * The commit pipeline on a store that fails on demand: one batch in flight while the next
 * one fills; effects released only once their batch is acknowledged, in order; a function
 * that throws fails alone; a failed batch abandons its entries and the open batch built on
 * it, and the pipeline goes on with the next; a batch holds at most MAX_BATCH_ENTRIES entries;
 * its watch learns when the thread is inside a batch's write functions (the watchdog never ends
 * a thread there) and when a batch settled.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { StoreFullError, StoreWriteError } from '../../../../src/kernel/errors.js';
import { HIGH_WATER_KEY, Sequence } from '../../../../src/kernel/persistence/sequence.js';
import type { StoreWriter } from '../../../../src/kernel/persistence/store.js';
import {
  type CommitEntry,
  CommitPipeline,
  MAX_BATCH_ENTRIES,
} from '../../../../src/kernel/worker/durable/commit-pipeline.js';
import { FaultyStore } from '../../../fixtures/persistence/faulty-store.js';

let store: FaultyStore;
let pipeline: CommitPipeline;
/** What happened, in order: `write x`, `after x`, `fail x: <message>`. */
let log: string[];

beforeEach(() => {
  store = new FaultyStore();
  pipeline = new CommitPipeline(store);
  log = [];
});

afterEach(async () => {
  await store.close();
});

/** An entry that writes meta `name` (and whatever `write` adds) and logs what the pipeline did with it. */
function entry(name: string, write: (w: StoreWriter) => void = () => {}): CommitEntry {
  return {
    write: (w) => {
      log.push(`write ${name}`);
      w.putMeta(name, true);
      write(w);
    },
    after: () => log.push(`after ${name}`),
    onFail: (error) => log.push(`fail ${name}: ${error.message}`),
  };
}

/** Let the pipeline submit what was added in this turn (it submits from `setImmediate`). */
const submitted = () => new Promise<void>((resolve) => setImmediate(resolve));

it('keeps one batch in flight; what is added meanwhile goes into the next one', async () => {
  store.holdAcknowledgements();
  pipeline.add(entry('a'));
  await submitted();
  pipeline.add(entry('b'));
  pipeline.add(entry('c'));
  await submitted();
  expect(store.pending).toBe(1);
  expect(pipeline.pending).toBe(3); // b and c open, one batch in flight

  await store.acknowledge();
  expect(store.pending).toBe(1); // b and c, together
  await store.acknowledge();

  expect(log).toEqual(['write a', 'after a', 'write b', 'write c', 'after b', 'after c']);
  expect([pipeline.committedBatches, pipeline.committedEntries]).toEqual([2, 3]);
  expect(pipeline.pending).toBe(0);
});

it('releases effects only once the batch is acknowledged', async () => {
  store.holdAcknowledgements();
  pipeline.add(entry('a'));
  pipeline.add(entry('b'));
  await submitted();
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(log).toEqual([]);
  expect(store.getMeta('a')).toBeUndefined();

  await store.acknowledge();
  expect(log).toEqual(['write a', 'write b', 'after a', 'after b']);
  expect(store.getMeta('a')).toBe(true);
});

it('fails a function that throws alone: its writes are rolled back, its siblings commit', async () => {
  const boom = new Error('boom');
  pipeline.add(entry('a'));
  pipeline.add(
    entry('b', (w) => {
      w.putMeta('b-extra', 1);
      throw boom;
    }),
  );
  pipeline.add(entry('c'));
  await pipeline.idle();

  expect(log).toEqual(['write a', 'write b', 'write c', 'after a', 'fail b: boom', 'after c']);
  expect([store.getMeta('a'), store.getMeta('b'), store.getMeta('b-extra'), store.getMeta('c')]).toEqual([
    true,
    undefined,
    undefined,
    true,
  ]);
  expect([pipeline.committedBatches, pipeline.committedEntries]).toEqual([1, 2]);
});

it('fails the entry whose write the store refuses, alone', async () => {
  store.failWrites((call) => call.method === 'putState' && call.subject === 'b');
  pipeline.add(entry('a', (w) => w.putState('a', 1, 1)));
  pipeline.add(entry('b', (w) => w.putState('b', 1, 1)));
  await pipeline.idle();

  expect(log).toEqual(['write a', 'write b', 'after a', 'fail b: injected: putState for "b" failed']);
  expect(store.getMeta('b')).toBeUndefined();
});

it.each([
  ['write', StoreWriteError, 'store_write_failed'],
  ['full', StoreFullError, 'store_full'],
] as const)(
  'abandons a failed batch (%s) and the open batch built on it, then goes on',
  async (kind, type, code) => {
    const failures: Error[] = [];
    const failing = (name: string): CommitEntry => ({
      ...entry(name),
      onFail: (error) => {
        failures.push(error);
        log.push(`fail ${name}`);
      },
    });
    store.holdAcknowledgements();
    pipeline.add(failing('a'));
    await submitted();
    pipeline.add(failing('b')); // computed on top of a: must not be written if a is not
    store.failNextCommits(1, kind);
    await store.acknowledge();

    expect(log).toEqual(['write a', 'fail a', 'fail b']);
    expect(failures.every((error) => error instanceof type && error.code === code)).toBe(true);
    expect(failures[0]).toBe(failures[1]);
    expect([store.getMeta('a'), store.getMeta('b')]).toEqual([undefined, undefined]);
    expect([pipeline.pending, store.pending]).toEqual([0, 0]);

    pipeline.add(entry('c'));
    await submitted();
    await store.acknowledge();
    expect(log.slice(3)).toEqual(['write c', 'after c']);
    expect([pipeline.committedBatches, pipeline.committedEntries]).toEqual([1, 1]);
  },
);

it('writes the sequence high-water with every committed batch, never with a failed one', async () => {
  const sequence = Sequence.startingAt(100);
  pipeline = new CommitPipeline(store, (w) => sequence.highWaterWrite(w));
  const drawn = sequence.next();
  pipeline.add(
    entry('a', (w) => w.putInbox(['x', drawn], { message: 1, replyTo: null, messageId: null, missed: 0 })),
  );
  await pipeline.idle();
  expect(store.getMeta(HIGH_WATER_KEY)).toBe(100);

  sequence.next();
  store.failNextCommits();
  pipeline.add(entry('b'));
  await pipeline.idle();
  expect(store.getMeta(HIGH_WATER_KEY)).toBe(100);

  sequence.next();
  pipeline.add(
    entry('c', () => {
      throw new Error('c fails alone');
    }),
  );
  await pipeline.idle();
  expect(store.getMeta(HIGH_WATER_KEY)).toBe(102);
});

it('is idle once everything added is acknowledged or failed', async () => {
  store.holdAcknowledgements();
  pipeline.add(entry('a'));
  let idle = false;
  const waiting = pipeline.idle().then(() => {
    idle = true;
  });
  await submitted();
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(idle).toBe(false);
  await store.releaseAcknowledgements();
  await waiting;
  expect(log).toEqual(['write a', 'after a']);
});

it('takes at most MAX_BATCH_ENTRIES entries into one batch; the rest follow in order', async () => {
  const total = MAX_BATCH_ENTRIES * 2 + 1;
  for (let i = 0; i < total; i++) pipeline.add(entry(`e${i}`));
  await pipeline.idle();

  expect([pipeline.committedBatches, pipeline.committedEntries]).toEqual([3, total]);
  const afters = log.filter((line) => line.startsWith('after '));
  expect(afters).toEqual(Array.from({ length: total }, (_, i) => `after e${i}`));
});

it('tells its watch the thread is inside the write functions from the first to the last, even if the last throws', async () => {
  const seen: string[] = [];
  const watched = new CommitPipeline(store, null, {
    settled: () => seen.push('settled'),
    writing: (inside) => seen.push(inside ? 'in' : 'out'),
  });
  const logged = (name: string, fail = false): CommitEntry => ({
    write: () => {
      seen.push(`write ${name}`);
      if (fail) throw new Error(`${name} fails`);
    },
    after: () => {},
    onFail: () => {},
  });
  watched.add(logged('a'));
  watched.add(logged('b', true));
  await watched.idle();
  expect(seen[0]).toBe('in');
  expect(seen.at(-2)).toBe('out');
  expect(seen.at(-1)).toBe('settled');
  // Every write ran inside: between an `in` and the next `out`.
  let inside = false;
  for (const event of seen) {
    if (event === 'in') inside = true;
    else if (event === 'out') inside = false;
    else if (event.startsWith('write')) expect(inside).toBe(true);
  }
});
