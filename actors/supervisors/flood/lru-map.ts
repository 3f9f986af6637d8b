/**
 * A map that remembers in which order its keys were last used, with O(1) touch,
 * insert, delete and access to the least recently used entry — what lets the flood
 * tables (token buckets per id, message history per sender) stay bounded.
 *
 * Why not a plain `Map` re-inserted on each use: V8 leaves a hole for every deleted
 * entry until the table is rehashed, so walking from its oldest end skips up to a
 * table's worth of holes on every call; a linked list has no holes.
 *
 * ```
 *   oldest ⇄ … ⇄ newest      get/set move a key to the newest end
 * ```
 *
 * It owns order only; what to drop, and when, is its users' policy.
 */

interface Node<V> {
  readonly key: string;
  value: V;
  older: Node<V> | undefined;
  newer: Node<V> | undefined;
}

export class LruMap<V> {
  readonly #nodes = new Map<string, Node<V>>();
  #oldest: Node<V> | undefined;
  #newest: Node<V> | undefined;

  get size(): number {
    return this.#nodes.size;
  }

  /** The value of `key`, which becomes the most recently used. */
  get(key: string): V | undefined {
    const node = this.#nodes.get(key);
    if (!node) return undefined;
    this.#unlink(node);
    this.#append(node);
    return node.value;
  }

  /** The value of `key`, leaving the order alone. */
  peek(key: string): V | undefined {
    return this.#nodes.get(key)?.value;
  }

  /** Set `key`, which becomes the most recently used. */
  set(key: string, value: V): void {
    const existing = this.#nodes.get(key);
    if (existing) {
      existing.value = value;
      this.#unlink(existing);
      this.#append(existing);
      return;
    }
    const node: Node<V> = { key, value, older: undefined, newer: undefined };
    this.#nodes.set(key, node);
    this.#append(node);
  }

  delete(key: string): boolean {
    const node = this.#nodes.get(key);
    if (!node) return false;
    this.#nodes.delete(key);
    this.#unlink(node);
    return true;
  }

  /** Remove the least recently used entry; returns its key. */
  deleteOldest(): string | undefined {
    const oldest = this.#oldest;
    if (oldest) this.delete(oldest.key);
    return oldest?.key;
  }

  /**
   * Look at up to `limit` entries from the least recently used, deleting those for which
   * `isDisposable` is true; returns how many were deleted.
   */
  pruneOldest(limit: number, isDisposable: (value: V, key: string) => boolean): number {
    let deleted = 0;
    let node = this.#oldest;
    for (let inspected = 0; node && inspected < limit; inspected++) {
      const next = node.newer;
      if (isDisposable(node.value, node.key)) {
        this.delete(node.key);
        deleted++;
      }
      node = next;
    }
    return deleted;
  }

  /** Keys, least recently used first. */
  *keys(): IterableIterator<string> {
    for (let node = this.#oldest; node; node = node.newer) yield node.key;
  }

  #append(node: Node<V>): void {
    node.older = this.#newest;
    node.newer = undefined;
    if (this.#newest) this.#newest.newer = node;
    else this.#oldest = node;
    this.#newest = node;
  }

  #unlink(node: Node<V>): void {
    if (node.older) node.older.newer = node.newer;
    else this.#oldest = node.newer;
    if (node.newer) node.newer.older = node.older;
    else this.#newest = node.older;
    node.older = undefined;
    node.newer = undefined;
  }
}
