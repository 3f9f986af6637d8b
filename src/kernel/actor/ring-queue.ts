/**
 * A growable FIFO ring buffer with O(1) push, shift and unshift — the storage under
 * mailboxes and the per-thread run queue. Capacity stays a power of two, so positions
 * wrap with a mask instead of a division.
 */
export class RingQueue<T> {
  private items: (T | undefined)[];
  private mask: number;
  private head = 0;
  private count = 0;

  constructor(initialCapacity = 4) {
    let capacity = 2;
    while (capacity < initialCapacity) capacity *= 2;
    this.items = new Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & this.mask] = item;
    this.count++;
  }

  /** Put an item back at the front (a message to retry first). */
  unshift(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.items[this.head] = item;
    this.count++;
  }

  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  /** Remove the head. Check `size` first: a stored `undefined` is a valid item. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return item;
  }

  /** Empty the queue, returning what it held in order. */
  drain(): T[] {
    const out: T[] = [];
    while (this.count > 0) out.push(this.shift() as T);
    return out;
  }

  private grow(): void {
    const next = new Array<T | undefined>(this.items.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) & this.mask];
    this.items = next;
    this.mask = next.length - 1;
    this.head = 0;
  }
}
