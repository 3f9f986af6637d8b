/**
 * A string-keyed map whose deletions are deferred and carried out in batches, so that a
 * key deleted and set again and again stays cheap to look up in a big map.
 *
 * Why: V8's `Map` leaves a deleted entry in its hash bucket's chain until the whole table
 * is rehashed, which happens only when it fills up. The wait-for graph deletes and
 * re-adds the same keys all the time (an actor asks, gets its reply, asks again), and
 * with ~100 K entries a lookup of such a key ended up walking thousands of dead entries:
 * measured ~20 µs per lookup instead of ~0.1 µs, growing with the table. Here a deleted
 * key keeps its entry, marked vacant, and setting it again reuses that entry; the vacant
 * entries are deleted all at once when they outnumber the live ones (and a floor of
 * `SWEEP_FLOOR`), so a key is really deleted at most once per batch. A batch costs
 * O(entries), paid for by the deletions before it: O(1) amortized per deletion, and at
 * most about twice the live entries held.
 *
 * Values are objects, so `undefined` can mark a vacant entry. What it does not do:
 * anything but the few operations the graph needs.
 */

const SWEEP_FLOOR = 32;

export class BatchedDeleteMap<V extends object> {
  /** `undefined` marks a vacant entry: deleted, not yet swept. */
  private readonly entries = new Map<string, V | undefined>();
  private vacant = 0;

  /** Live entries. */
  get size(): number {
    return this.entries.size - this.vacant;
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.get(key) !== undefined;
  }

  set(key: string, value: V): void {
    if (this.entries.get(key) === undefined && this.entries.has(key)) this.vacant--;
    this.entries.set(key, value);
  }

  delete(key: string): boolean {
    if (this.entries.get(key) === undefined) return false;
    this.entries.set(key, undefined);
    this.vacant++;
    if (this.vacant > SWEEP_FLOOR && this.vacant > this.size) this.sweep();
    return true;
  }

  *keys(): Generator<string, void, undefined> {
    for (const [key, value] of this.entries) if (value !== undefined) yield key;
  }

  *values(): Generator<V, void, undefined> {
    for (const value of this.entries.values()) if (value !== undefined) yield value;
  }

  /** Entries held, live and vacant (for tests of the batching). */
  get heldEntries(): number {
    return this.entries.size;
  }

  private sweep(): void {
    for (const [key, value] of this.entries) if (value === undefined) this.entries.delete(key);
    this.vacant = 0;
  }
}
