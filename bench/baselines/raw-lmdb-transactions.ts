/**
 * Baseline: raw lmdb-js transactions of `batch` puts each, one in flight at a time (each awaited
 * before the next starts), for `durationMs` — the hardware's durable writes/s at a given commit
 * batch size, with no runtime in between. `commit` durability (noSync), in a temporary directory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { nowMs, type Throughput, toThroughput } from '../harness/measure.js';
import type { MeasureSession } from '../harness/session.js';

export interface RawLmdbTransactionOptions {
  readonly batch: number;
  readonly durationMs: number;
  readonly value: unknown;
}

export async function openRawLmdbTransactions(
  options: RawLmdbTransactionOptions,
): Promise<MeasureSession<Throughput>> {
  const directory = await mkdtemp(join(tmpdir(), 'troupe-bench-raw-lmdb-tx-'));
  const db = open({ path: directory, noSync: true });
  let seq = 0;
  return {
    measureRound: async () => {
      const start = nowMs();
      let puts = 0;
      while (nowMs() - start < options.durationMs) {
        await db.transaction(() => {
          for (let index = 0; index < options.batch; index++) db.put(['lane', seq++], options.value);
        });
        puts += options.batch;
      }
      return toThroughput(puts, nowMs() - start);
    },
    close: async () => {
      await db.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
