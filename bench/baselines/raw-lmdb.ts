/**
 * Baselines: raw lmdb-js writes with no runtime in between, in a temporary directory.
 *
 * - puts: `count` async `db.put`s of one value (encoded by lmdb's msgpack, like the
 *   runtime's records), keyed `[lane, seq]` like an inbox; the round ends when the last
 *   is committed (`commit`) or also flushed to disk (`flush`). lmdb-js batches every put
 *   queued in one event turn into one transaction: the best case for raw puts.
 * - latency: sequential puts, µs from each `put` to its commit (and, for `flush`, to
 *   `db.flushed`).
 *
 * The environment options mirror the store's durability modes: `commit` is `noSync`
 * (committed, survives kill -9), `flush` keeps lmdb-js's default (overlapping) sync.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { microsSince } from '../harness/latency.js';
import { nowMs, type Throughput, toThroughput } from '../harness/measure.js';
import type { MeasureSession } from '../harness/session.js';

export type RawDurability = 'commit' | 'flush';

export interface RawLmdbOptions {
  readonly durability: RawDurability;
  /** Puts per throughput round. */
  readonly puts: number;
  /** Sequential puts timed per round. */
  readonly latencySamples: number;
  /** What every put writes. */
  readonly value: unknown;
}

export interface RawLmdbSample {
  readonly puts: Throughput;
  /** µs per sequential put. */
  readonly latency: number[];
}

export async function openRawLmdbPuts(options: RawLmdbOptions): Promise<MeasureSession<RawLmdbSample>> {
  const directory = await mkdtemp(join(tmpdir(), 'troupe-bench-raw-lmdb-'));
  const db = open({ path: directory, ...(options.durability === 'commit' ? { noSync: true } : {}) });
  let seq = 0;
  const settle = async (last: Promise<boolean> | undefined) => {
    await last;
    if (options.durability === 'flush') await db.flushed;
  };
  return {
    measureRound: async () => {
      const start = nowMs();
      let last: Promise<boolean> | undefined;
      for (let index = 0; index < options.puts; index++) last = db.put(['lane', seq++], options.value);
      await settle(last);
      const puts = toThroughput(options.puts, nowMs() - start);
      const latency: number[] = [];
      for (let index = 0; index < options.latencySamples; index++) {
        const begin = process.hrtime.bigint();
        await settle(db.put(['single', seq++], options.value));
        latency.push(microsSince(begin));
      }
      return { puts, latency };
    },
    close: async () => {
      await db.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
