/**
 * The process-wide sequence: unique and increasing across threads drawing at once, and
 * never below what a previous process persisted, even when the clock went back.
 */
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/kernel/errors.js';
import { HIGH_WATER_KEY, Sequence } from '../../../src/kernel/persistence/sequence.js';
import { openStore } from '../../../src/kernel/persistence/store.js';
import { scratchDir } from '../../fixtures/persistence/records.js';

let dir: ReturnType<typeof scratchDir>;

beforeEach(() => {
  dir = scratchDir();
});

afterEach(() => {
  dir.remove();
});

function drawIn(worker: Worker): Promise<number[]> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('Sequence', () => {
  it('hands out unique, increasing values to two workers drawing at the same time', async () => {
    const sequence = Sequence.startingAt(1_000);
    const start = new Int32Array(new SharedArrayBuffer(4));
    const count = 50_000;
    const workers = [0, 1].map(
      () =>
        new Worker(new URL('../../fixtures/persistence/sequence-worker.js', import.meta.url), {
          workerData: { buffer: sequence.buffer, start, count },
        }),
    );
    const drawn = workers.map(drawIn);
    await new Promise((resolve) => setTimeout(resolve, 50)); // both workers are waiting on `start`
    Atomics.store(start, 0, 1);
    Atomics.notify(start, 0);
    const [first = [], second = []] = await Promise.all(drawn);

    for (const values of [first, second]) {
      expect(values).toHaveLength(count);
      expect(values.every((value, i) => i === 0 || value > (values[i - 1] ?? 0))).toBe(true);
    }
    const all = [...first, ...second].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 2 * count }, (_, i) => 1_000 + i));
    expect(sequence.next()).toBe(1_000 + 2 * count);
  });

  it('starts above the persisted high-water on a reopened store, even with the clock behind', async () => {
    let store = openStore({ path: dir.path, durability: 'commit' });
    const before = Sequence.create(store);
    const used = [before.next(), before.next(), before.next()];
    await store.commit([
      (w) => w.putInbox(['a', used[2] ?? 0], { message: 1, replyTo: null, messageId: null, missed: 0 }),
      (w) => before.highWaterWrite(w),
    ]);
    expect(store.getMeta(HIGH_WATER_KEY)).toBe(used[2]);
    await store.close();

    store = openStore({ path: dir.path, durability: 'commit' });
    try {
      const anHourAgo = Date.now() - 3_600_000;
      const after = Sequence.create(store, anHourAgo);
      expect(after.next()).toBe((used[2] ?? 0) + 1);
    } finally {
      await store.close();
    }
  });

  it('seeds from the clock in microseconds when it is ahead of the high-water', () => {
    expect(Sequence.firstValue(undefined, 1_700_000_000_000)).toBe(1_700_000_000_000_000);
    expect(Sequence.firstValue(5, 1_700_000_000_000)).toBe(1_700_000_000_000_000);
    expect(Sequence.firstValue(1_800_000_000_000_000, 1_700_000_000_000)).toBe(1_800_000_000_000_001);
    expect(Sequence.startingAt(Sequence.firstValue(undefined, Date.now())).next()).toBeLessThan(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it('attaches only to a shared buffer', () => {
    expect(() => new Sequence(new ArrayBuffer(8) as unknown as SharedArrayBuffer)).toThrow(
      InvalidArgumentError,
    );
    const shared = Sequence.startingAt(7);
    const attached = new Sequence(shared.buffer);
    expect(attached.next()).toBe(7);
    expect(shared.next()).toBe(8);
    expect(attached.last()).toBe(8);
  });
});
