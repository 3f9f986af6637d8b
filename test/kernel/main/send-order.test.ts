/**
 * The main thread's sends to one actor leave in the order they were made, even when one
 * of them must wait (a durable tell until it is committed); other actors are not held up.
 */
import { describe, expect, it } from 'vitest';
import { SendOrder } from '../../../src/kernel/main/send-order.js';

describe('SendOrder', () => {
  it('sends a held place as soon as it is released when nothing is ahead of it', () => {
    const order = new SendOrder();
    expect(order.isWaiting('a')).toBe(false);
    const place = order.hold('a');
    expect(order.isWaiting('a')).toBe(true);
    const sent: string[] = [];
    order.release('a', place, () => sent.push('tell 1'));
    expect(sent).toEqual(['tell 1']);
    expect(order.isWaiting('a')).toBe(false);
  });

  it('holds later sends behind a place that is not ready, then sends them in order', () => {
    const order = new SendOrder();
    const sent: string[] = [];
    const first = order.hold('a');
    const second = order.hold('a');
    order.enqueue('a', () => sent.push('ask'));
    order.release('a', second, () => sent.push('tell 2'));
    expect(sent).toEqual([]);

    order.release('a', first, () => sent.push('tell 1'));
    expect(sent).toEqual(['tell 1', 'tell 2', 'ask']);
    expect(order.isWaiting('a')).toBe(false);
  });

  it('lets a place released with nothing to send unblock the ones behind it', () => {
    const order = new SendOrder();
    const sent: string[] = [];
    const failed = order.hold('a');
    const next = order.hold('a');
    order.release('a', next, () => sent.push('tell 2'));
    order.release('a', failed, null);
    expect(sent).toEqual(['tell 2']);
  });

  it('keeps each actor its own queue', () => {
    const order = new SendOrder();
    const sent: string[] = [];
    order.hold('a');
    order.release('b', order.hold('b'), () => sent.push('to b'));
    expect(sent).toEqual(['to b']);
    expect(order.isWaiting('a')).toBe(true);
    expect(order.isWaiting('b')).toBe(false);
  });
});
