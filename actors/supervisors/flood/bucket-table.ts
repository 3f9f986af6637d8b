/**
 * One token bucket per id (per sender, or per recipient), created on first use and
 * bounded in number: the table is what keeps a rate limiter's memory flat however
 * many ids pass through it.
 *
 * Two rules keep it small:
 * - a bucket that has refilled to capacity is dropped, because a new bucket starts full
 *   and so behaves exactly the same: dropping it changes no decision;
 * - past `maxIds`, the least recently used bucket is dropped even if it is not full.
 *   Only that rule can forget a limit, and only when more ids than `maxIds` are active.
 *
 * The order of use is kept by `lru-map.ts`.
 */
import type { Clock } from './clock.js';
import { LruMap } from './lru-map.js';
import { createTokenBucketFactory, type TokenBucket } from './token-bucket.js';

export interface BucketSpec {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export class BucketTable {
  readonly #buckets = new LruMap<TokenBucket>();
  readonly #createBucket: () => TokenBucket;
  readonly #maxIds: number;

  constructor(spec: BucketSpec, maxIds: number, clock: Clock) {
    this.#createBucket = createTokenBucketFactory({ ...spec, clock });
    this.#maxIds = maxIds;
  }

  get size(): number {
    return this.#buckets.size;
  }

  /** The bucket of `id`, created full if there is none, and marked most recently used. */
  bucketFor(id: string): TokenBucket {
    const existing = this.#buckets.get(id);
    if (existing) return existing;
    const bucket = this.#createBucket();
    this.#buckets.set(id, bucket);
    if (this.#buckets.size > this.#maxIds) this.#buckets.deleteOldest();
    return bucket;
  }

  /**
   * Drop full buckets, looking at no more than `limit` of the least recently used ones
   * (all of them by default). Returns how many were dropped. A small limit on every
   * call amortises the cleanup; a periodic call with no limit sweeps everything.
   */
  pruneFull(limit = Number.POSITIVE_INFINITY): number {
    return this.#buckets.pruneOldest(limit, (bucket) => bucket.isFull);
  }
}
