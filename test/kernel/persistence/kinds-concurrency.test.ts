/**
 * The `kinds` table under concurrent writers (`kinds.ts`): worker threads on one data directory
 * intern the same kinds at once, each with options of its own and with child transactions
 * rolled back between, and every actor record — its own and the others' — reads back as it was
 * written, during the race and after it; each kind is kept once. (Threads, not processes: one
 * process at a time writes a store — `writer-lock.test.ts` shows why and that a second is refused.)
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore } from '../../../src/kernel/persistence/store.js';
import { expectedSpec, type KindWriterJob } from '../../fixtures/persistence/kind-writer.js';
import { scratchDir } from '../../fixtures/persistence/records.js';

const WRITER = fileURLToPath(new URL('../../fixtures/persistence/kind-writer.js', import.meta.url));
const KINDS = 24;
const ROUNDS = 3;
const THREADS = 4;

let dir: ReturnType<typeof scratchDir>;
beforeEach(() => {
  dir = scratchDir();
});
afterEach(() => dir.remove());

function inThread(job: KindWriterJob): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WRITER, { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

it('reads every actor back with its own kind and options while threads intern kinds at once', async () => {
  const writers = THREADS;
  const job = (writer: number): KindWriterJob => ({
    path: dir.path,
    writer,
    writers,
    kinds: KINDS,
    rounds: ROUNDS,
  });
  const mismatches = await Promise.all(Array.from({ length: THREADS }, (_, writer) => inThread(job(writer))));
  expect(mismatches.flat()).toEqual([]);

  const store = openStore({ path: dir.path, durability: 'commit' });
  try {
    for (let writer = 0; writer < writers; writer++)
      for (let kind = 0; kind < KINDS; kind++)
        for (let round = 0; round < ROUNDS; round++) {
          const want = expectedSpec(writer, kind, round);
          expect(store.getActor(want.id)?.spec, want.id).toEqual(want);
          // What the rolled-back functions wrote is not there.
          expect(store.hasActor(expectedSpec(writer + writers, kind + KINDS, round).id)).toBe(false);
        }
  } finally {
    await store.close();
  }
}, 120_000);
