/**
 * The options of a store and what each durability mode means for LMDB.
 *
 *   durability   acknowledged when…                      survives
 *   ──────────   ──────────────────────────────────────   ─────────────────────────────
 *   'commit'     the LMDB transaction has committed       kill -9 of the process
 *                (no fsync: `noSync`)                     (not an OS crash / power loss)
 *   'flush'      … and the OS reports it synced to disk   OS crash and power loss
 *                (fdatasync inside the commit: no `overlappingSync`,
 *                whose `flushed` promise can belong to another batch)
 *
 * Both modes group-commit: a thread's commit pipeline hands the store one batch at a time,
 * with everything its turns wrote meanwhile. A 'commit' batch commits on the calling thread
 * (`transactionSync`: ~20 µs, where the hand-overs to lmdb-js's write thread and back cost
 * ~100 µs of CPU and a few hundred µs of latency); a 'flush' batch commits on lmdb-js's write
 * thread, so the thread's turns go on while the disk syncs. All threads of one process share
 * one LMDB environment per path, so they must open it with the same durability (LMDB refuses
 * otherwise).
 */
import type { RootDatabaseOptionsWithPath } from 'lmdb';
import { InvalidOptionError } from '../errors.js';

export type Durability = 'commit' | 'flush';

export interface StoreOptions {
  /** Directory of the LMDB environment (created if missing). Always a directory, even with a dot in its name. */
  readonly path: string;
  readonly durability: Durability;
  /**
   * Initial size of the memory map. lmdb-js grows the map on demand, so this is a starting
   * reservation, not a cap: the store is only ever full when the disk is.
   */
  readonly mapSizeBytes?: number;
}

export function isDurability(value: unknown): value is Durability {
  return value === 'commit' || value === 'flush';
}

/** Throw `InvalidOptionError` naming the first bad option. */
export function assertStoreOptions(options: StoreOptions): void {
  if (typeof options.path !== 'string' || options.path.length === 0)
    throw new InvalidOptionError('options.path', 'must be a non-empty string');
  if (!isDurability(options.durability))
    throw new InvalidOptionError('options.durability', 'must be "commit" or "flush"');
  const mapSize = options.mapSizeBytes;
  if (mapSize !== undefined && !(Number.isSafeInteger(mapSize) && mapSize > 0))
    throw new InvalidOptionError('options.mapSizeBytes', 'must be a positive integer');
}

/** The environment options for a store. */
export function lmdbOptionsFor(options: StoreOptions): RootDatabaseOptionsWithPath {
  return {
    path: options.path,
    noSubdir: false,
    // A failed commit must reject only the transactions it contained. With event-turn batching,
    // lmdb-js also creates a batch promise no one holds, whose rejection would be unhandled and
    // take the process down; our batches are single `transaction` calls anyway.
    eventTurnBatching: false,
    // Room for the named databases of `databases.ts` (lmdb-js allows 12 by default) and a few more.
    maxDbs: 32,
    // Asked for explicitly, so that lmdb-js refuses (rather than silently downgrades) a 'flush'
    // store on a path this process already holds open in 'commit' mode, and vice versa.
    ...(options.durability === 'commit' ? { noSync: true } : { overlappingSync: false }),
    ...(options.mapSizeBytes === undefined ? {} : { mapSize: options.mapSizeBytes }),
  };
}
