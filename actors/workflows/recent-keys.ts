/**
 * `RecentKeys`: the latest `capacity` keys seen, oldest forgotten first — for "was this attempt
 * started here already?", asked once per attempt. Cheaper than an LRU cache: seeing a key again
 * does not move it, and nothing is kept per key but the key.
 */
export class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Remember `key`; false when it was remembered already. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next().value as string;
      this.keys.delete(oldest);
    }
    return true;
  }
}
