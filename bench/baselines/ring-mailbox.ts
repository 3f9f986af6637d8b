/**
 * A minimal growable FIFO on a power-of-two ring buffer: the mailbox of the bare
 * dispatch baseline. No capacity policy, no accounting — the cheapest queue we can write.
 */

export class RingMailbox<T> {
  private slots: (T | undefined)[];
  private mask: number;
  private head = 0;
  private tail = 0;

  constructor(initialCapacity = 8) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity *= 2;
    this.slots = new Array<T | undefined>(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return (this.tail - this.head) & this.mask;
  }

  push(item: T): void {
    this.slots[this.tail] = item;
    this.tail = (this.tail + 1) & this.mask;
    if (this.tail === this.head) this.grow();
  }

  shift(): T | undefined {
    if (this.head === this.tail) return undefined;
    const item = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    return item;
  }

  /** Called when full (tail caught up with head): unroll into a buffer twice the size. */
  private grow(): void {
    const capacity = this.slots.length;
    const next = new Array<T | undefined>(capacity * 2);
    for (let index = 0; index < capacity; index++) next[index] = this.slots[(this.head + index) & this.mask];
    this.slots = next;
    this.head = 0;
    this.tail = capacity;
    this.mask = capacity * 2 - 1;
  }
}
