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
 * A `Map` keeps insertion order, so re-inserting on each use makes its first entries
 * the least recently used ones.
 */
import type { Clock } from './clock.js';
import { TokenBucket } from './token-bucket.js';

export interface BucketSpec {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export class BucketTable {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #spec: BucketSpec;
  readonly #maxIds: number;
  readonly #clock: Clock;

  constructor(spec: BucketSpec, maxIds: number, clock: Clock) {
    this.#spec = spec;
    this.#maxIds = maxIds;
    this.#clock = clock;
  }

  get size(): number {
    return this.#buckets.size;
  }

  /** The bucket of `id`, created full if there is none, and marked most recently used. */
  bucketFor(id: string): TokenBucket {
    const existing = this.#buckets.get(id);
    if (existing) {
      this.#buckets.delete(id);
      this.#buckets.set(id, existing);
      return existing;
    }
    const bucket = new TokenBucket({ ...this.#spec, clock: this.#clock });
    this.#buckets.set(id, bucket);
    if (this.#buckets.size > this.#maxIds) {
      const oldest = this.#buckets.keys().next();
      if (!oldest.done) this.#buckets.delete(oldest.value);
    }
    return bucket;
  }

  /**
   * Drop full buckets, looking at no more than `limit` of the least recently used ones
   * (all of them by default). Returns how many were dropped. A small limit on every
   * call amortises the cleanup; a periodic call with no limit sweeps everything.
   */
  pruneFull(limit = Number.POSITIVE_INFINITY): number {
    let inspected = 0;
    let dropped = 0;
    for (const [id, bucket] of this.#buckets) {
      if (inspected++ >= limit) break;
      if (bucket.isFull) {
        this.#buckets.delete(id);
        dropped++;
      }
    }
    return dropped;
  }
}
