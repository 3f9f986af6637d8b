/**
 * A small least-recently-used cache, for what compiling a definition makes again and again
 * (the same JSON Schema in many definitions, the same expression in many steps): parsing
 * and compiling those costs milliseconds, looking them up microseconds. Bounded, so that a
 * stream of distinct definitions cannot grow it without end.
 */
export class BoundedCache<Key, Value> {
  private readonly entries = new Map<Key, Value>();

  constructor(
    private readonly capacity: number,
    private readonly onEvict: (key: Key, value: Value) => void = () => {},
  ) {}

  get(key: Key): Value | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: Key, value: Value): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size <= this.capacity) return;
    const [oldestKey, oldest] = this.entries.entries().next().value as [Key, Value];
    this.entries.delete(oldestKey);
    this.onEvict(oldestKey, oldest);
  }
}
