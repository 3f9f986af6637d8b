/**
 * Message frequency: the sliding window of bucketed counts behind
 * `check_message_frequency`, its threshold, top recipients and bounded memory.
 */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../../actors/supervisors/flood/clock.js';
import {
  CheckMessageFrequencyInputSchema,
  MessageFrequency,
  type MessageFrequencyOptions,
} from '../../../../actors/supervisors/flood/frequency.js';
import { expectInvalidArgument } from './expect-invalid-argument.js';

function monitor(options: Omit<MessageFrequencyOptions, 'clock'>) {
  const clock = createManualClock(0);
  return { clock, frequency: new MessageFrequency({ ...options, clock }) };
}

function send(frequency: MessageFrequency, sender: string, recipient: string, times: number): void {
  for (let i = 0; i < times; i++) frequency.record(sender, recipient);
}

describe('MessageFrequency', () => {
  it('counts a sender over the window and flags it at the threshold', () => {
    const { frequency } = monitor({ windowMs: 1_000, threshold: 5 });
    send(frequency, 'a', 'x', 4);
    expect(frequency.check('a')).toEqual({
      senderId: 'a',
      count: 4,
      perSecond: 4,
      windowMs: 1_000,
      tooFrequent: false,
      topRecipients: [{ id: 'x', count: 4 }],
    });
    frequency.record('a', 'x');
    expect(frequency.check('a')).toMatchObject({ count: 5, tooFrequent: true });
  });

  it('knows nothing of a sender it never saw', () => {
    const { frequency } = monitor({ windowMs: 1_000, threshold: 5 });
    expect(frequency.check('ghost')).toEqual({
      senderId: 'ghost',
      count: 0,
      perSecond: 0,
      windowMs: 1_000,
      tooFrequent: false,
      topRecipients: [],
    });
  });

  it('slides: messages leave the window one bucket at a time', () => {
    const { clock, frequency } = monitor({ windowMs: 1_000, threshold: 100, bucketMs: 100 });
    send(frequency, 'a', 'x', 3); // bucket [0, 100)
    clock.set(450);
    send(frequency, 'a', 'x', 2); // bucket [400, 500)
    clock.set(999);
    expect(frequency.check('a').count).toBe(5);
    clock.set(1_000);
    expect(frequency.check('a').count).toBe(2);
    clock.set(1_399);
    expect(frequency.check('a').count).toBe(2);
    clock.set(1_400);
    expect(frequency.check('a').count).toBe(0);
  });

  it('lists the most frequent recipients first, up to the limit', () => {
    const { frequency } = monitor({ windowMs: 1_000, threshold: 100, topRecipientLimit: 2 });
    send(frequency, 'a', 'x', 2);
    send(frequency, 'a', 'y', 5);
    send(frequency, 'a', 'z', 3);
    expect(frequency.check('a').topRecipients).toEqual([
      { id: 'y', count: 5 },
      { id: 'z', count: 3 },
    ]);
  });

  it('adds up recipients across buckets', () => {
    const { clock, frequency } = monitor({ windowMs: 1_000, threshold: 100 });
    send(frequency, 'a', 'x', 2);
    clock.advance(300);
    send(frequency, 'a', 'x', 1);
    send(frequency, 'a', 'y', 2);
    expect(frequency.check('a').topRecipients).toEqual([
      { id: 'x', count: 3 },
      { id: 'y', count: 2 },
    ]);
  });

  it('checks over a shorter or longer window with the threshold scaled to it', () => {
    const { clock, frequency } = monitor({ windowMs: 1_000, threshold: 10, retentionMs: 10_000 });
    send(frequency, 'a', 'x', 8);
    clock.advance(2_000);
    send(frequency, 'a', 'x', 3);
    // Last second: 3 of 10 allowed. Last 500 ms: 3 of 5. Last 10 s: 11 of 100.
    expect(frequency.check('a')).toMatchObject({ count: 3, tooFrequent: false });
    expect(frequency.check('a', { windowMs: 500 })).toMatchObject({
      count: 3,
      perSecond: 6,
      tooFrequent: false,
    });
    expect(frequency.check('a', { windowMs: 10_000 })).toMatchObject({ count: 11, perSecond: 1.1 });
    send(frequency, 'a', 'x', 2);
    expect(frequency.check('a', { windowMs: 500 })).toMatchObject({ count: 5, tooFrequent: true });
  });

  it('finds every sender that is too frequent, busiest first', () => {
    const { frequency } = monitor({ windowMs: 1_000, threshold: 3 });
    send(frequency, 'quiet', 'x', 1);
    send(frequency, 'loud', 'x', 4);
    send(frequency, 'louder', 'y', 9);
    expect(frequency.findTooFrequent().map((report) => [report.senderId, report.count])).toEqual([
      ['louder', 9],
      ['loud', 4],
    ]);
  });

  it('counts into the newest bucket when the clock steps back', () => {
    const { clock, frequency } = monitor({ windowMs: 1_000, threshold: 100 });
    clock.set(5_000);
    frequency.record('a', 'x');
    clock.set(4_000);
    frequency.record('a', 'y');
    clock.set(5_000);
    expect(frequency.check('a')).toMatchObject({ count: 2 });
  });

  it('does not change what it reports by checking', () => {
    const { frequency } = monitor({ windowMs: 1_000, threshold: 3 });
    send(frequency, 'a', 'x', 2);
    const first = frequency.check('a');
    expect(frequency.check('a')).toEqual(first);
    expect(frequency.trackedSenders).toBe(1);
  });
});

describe('MessageFrequency memory', () => {
  it('forgets senders whose messages all aged out', () => {
    const { clock, frequency } = monitor({ windowMs: 1_000, threshold: 3 });
    for (let i = 0; i < 5; i++) frequency.record(`s${i}`, 'x');
    clock.advance(500);
    frequency.record('late', 'x');
    expect(frequency.prune()).toBe(0);
    clock.advance(600);
    expect(frequency.prune()).toBe(5);
    expect(frequency.trackedSenders).toBe(1);
    expect(frequency.check('s0').count).toBe(0);
  });

  it('forgets expired senders a few at a time as messages are recorded', () => {
    const { clock, frequency } = monitor({ windowMs: 1_000, threshold: 3 });
    for (let i = 0; i < 6; i++) frequency.record(`s${i}`, 'x');
    clock.advance(5_000);
    for (let i = 0; i < 3; i++) frequency.record('busy', 'x');
    expect(frequency.trackedSenders).toBe(1);
  });

  it('keeps at most maxTrackedSenders, forgetting the least recently active', () => {
    const { frequency } = monitor({ windowMs: 1_000, threshold: 3, maxTrackedSenders: 2 });
    frequency.record('a', 'x');
    frequency.record('b', 'x');
    frequency.record('a', 'x');
    frequency.record('c', 'x');
    expect(frequency.trackedSenders).toBe(2);
    expect(frequency.check('b').count).toBe(0);
    expect(frequency.check('a').count).toBe(2);
  });

  it('still finds the heavy recipient among more distinct recipients than it tracks', () => {
    const { frequency } = monitor({ windowMs: 1_000, threshold: 1_000, maxRecipientsPerBucket: 4 });
    for (let i = 0; i < 50; i++) frequency.record('fan-out', `r${i}`);
    send(frequency, 'fan-out', 'victim', 30);
    const report = frequency.check('fan-out');
    expect(report.count).toBe(80);
    expect(report.topRecipients[0]?.id).toBe('victim');
    expect(report.topRecipients[0]?.count).toBeGreaterThanOrEqual(30);
  });
});

describe('MessageFrequency arguments', () => {
  it('rejects bad options, ids and windows with InvalidArgumentError naming the field', () => {
    const clock = createManualClock();
    expectInvalidArgument(
      () => new MessageFrequency({ windowMs: 0, threshold: 1, clock }),
      'options.windowMs',
      'must be > 0',
    );
    expectInvalidArgument(
      () => new MessageFrequency({ windowMs: 100, threshold: 1, bucketMs: 200, clock }),
      'options.bucketMs',
      'must be <= options.windowMs',
    );
    expectInvalidArgument(
      () => new MessageFrequency({ windowMs: 100, threshold: 1, retentionMs: 50, clock }),
      'options.retentionMs',
      'must be >= options.windowMs',
    );
    const frequency = new MessageFrequency({ windowMs: 1_000, threshold: 1, clock });
    expectInvalidArgument(() => frequency.record('a', ''), 'recipientId', 'must be a non-empty string');
    expectInvalidArgument(() => frequency.check(''), 'senderId', 'must be a non-empty string');
    expectInvalidArgument(
      () => frequency.check('a', { windowMs: 2_000 }),
      'options.windowMs',
      'must be <= the retention period (1000 ms)',
    );
    expectInvalidArgument(
      () => frequency.check('a', { limit: 3 } as never),
      'options',
      'has unknown option(s): limit',
    );
  });

  it('exposes the check_message_frequency tool input as a schema', () => {
    expect(CheckMessageFrequencyInputSchema.parse({ senderId: 'a', windowMs: 500 })).toEqual({
      senderId: 'a',
      windowMs: 500,
    });
    expect(CheckMessageFrequencyInputSchema.safeParse({ windowMs: 500 }).success).toBe(false);
  });
});
