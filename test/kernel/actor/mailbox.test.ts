/**
 * The bounded mailbox on its own: FIFO, capacity, and each overflow policy.
 */
import { describe, expect, it } from 'vitest';
import { Mailbox } from '../../../src/kernel/actor/mailbox.js';

function filled(overflow: 'reject' | 'drop-oldest' | 'drop-newest'): Mailbox<number> {
  const box = new Mailbox<number>({ capacity: 3, overflow });
  for (const n of [1, 2, 3]) expect(box.offer(n)).toEqual({ outcome: 'accepted' });
  return box;
}

describe('Mailbox', () => {
  it('is FIFO and grows past its initial storage up to capacity', () => {
    const box = new Mailbox<number>({ capacity: 100, overflow: 'reject' });
    for (let n = 0; n < 100; n++) box.offer(n);
    expect(box.isFull).toBe(true);
    expect(box.drain()).toEqual(Array.from({ length: 100 }, (_, n) => n));
    expect(box.size).toBe(0);
  });

  it('reject: refuses the new message and keeps the old ones', () => {
    const box = filled('reject');
    expect(box.offer(4)).toEqual({ outcome: 'rejected' });
    expect(box.drain()).toEqual([1, 2, 3]);
  });

  it('drop-oldest: makes room by dropping the head', () => {
    const box = filled('drop-oldest');
    expect(box.offer(4)).toEqual({ outcome: 'dropped', dropped: 1 });
    expect(box.drain()).toEqual([2, 3, 4]);
  });

  it('drop-newest: drops the arriving message', () => {
    const box = filled('drop-newest');
    expect(box.offer(4)).toEqual({ outcome: 'dropped', dropped: 4 });
    expect(box.drain()).toEqual([1, 2, 3]);
  });

  it('retryFirst puts a message back at the head, even when full', () => {
    const box = filled('reject');
    const head = box.shift() as number;
    box.offer(4);
    box.retryFirst(head);
    expect(box.drain()).toEqual([1, 2, 3, 4]);
  });
});
