/**
 * Rate limiter: per-sender and per-recipient limits, the `reject` and `delay` policies,
 * refusals that take nothing, and bounded memory (LRU cap, dropping full buckets).
 */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../../actors/supervisors/flood/clock.js';
import { RateLimiter, type RateLimiterOptions } from '../../../../actors/supervisors/flood/rate-limiter.js';
import { expectInvalidArgument } from './expect-invalid-argument.js';

const clock = createManualClock();

function limiter(options: Omit<RateLimiterOptions, 'clock'>) {
  const manual = createManualClock(10_000);
  return { clock: manual, limiter: new RateLimiter({ ...options, clock: manual }) };
}

describe('RateLimiter, policy reject', () => {
  it('admits a sender up to its burst, then refuses with the time to retry', () => {
    const { clock, limiter: flood } = limiter({
      perSender: { capacity: 2, refillPerSecond: 10 },
      policy: 'reject',
    });
    expect(flood.admit('a', 'x')).toEqual({ kind: 'admit' });
    expect(flood.admit('a', 'y')).toEqual({ kind: 'admit' });
    expect(flood.admit('a', 'z')).toEqual({ kind: 'reject', reason: 'sender-rate', retryAfterMs: 100 });
    expect(flood.admit('b', 'z')).toEqual({ kind: 'admit' });
    clock.advance(100);
    expect(flood.admit('a', 'z')).toEqual({ kind: 'admit' });
  });

  it('protects a recipient from many senders at once', () => {
    const { limiter: flood } = limiter({
      perSender: { capacity: 10, refillPerSecond: 10 },
      perRecipient: { capacity: 3, refillPerSecond: 1 },
      policy: 'reject',
    });
    const decisions = ['s1', 's2', 's3', 's4'].map((sender) => flood.admit(sender, 'victim'));
    expect(decisions.slice(0, 3)).toEqual([{ kind: 'admit' }, { kind: 'admit' }, { kind: 'admit' }]);
    expect(decisions[3]).toEqual({ kind: 'reject', reason: 'recipient-rate', retryAfterMs: 1_000 });
  });

  it('takes nothing from the sender when the recipient refuses', () => {
    const { limiter: flood } = limiter({
      perSender: { capacity: 2, refillPerSecond: 1 },
      perRecipient: { capacity: 1, refillPerSecond: 1 },
      policy: 'reject',
    });
    expect(flood.admit('other', 'busy').kind).toBe('admit');
    for (let i = 0; i < 5; i++) expect(flood.admit('a', 'busy')).toMatchObject({ reason: 'recipient-rate' });
    expect(flood.admit('a', 'x1')).toEqual({ kind: 'admit' });
    expect(flood.admit('a', 'x2')).toEqual({ kind: 'admit' });
  });

  it('names the limit that makes the caller wait longest when both are hit', () => {
    const { limiter: flood } = limiter({
      perSender: { capacity: 1, refillPerSecond: 10 },
      perRecipient: { capacity: 1, refillPerSecond: 1 },
      policy: 'reject',
    });
    flood.admit('a', 'x');
    expect(flood.admit('a', 'x')).toEqual({ kind: 'reject', reason: 'recipient-rate', retryAfterMs: 1_000 });
  });

  it('works with a recipient limit alone', () => {
    const { limiter: flood } = limiter({
      perRecipient: { capacity: 1, refillPerSecond: 2 },
      policy: 'reject',
    });
    expect(flood.admit('a', 'x').kind).toBe('admit');
    expect(flood.admit('b', 'x')).toEqual({ kind: 'reject', reason: 'recipient-rate', retryAfterMs: 500 });
    expect(flood.stats).toEqual({ trackedSenders: 0, trackedRecipients: 1 });
  });
});

describe('RateLimiter, policy delay', () => {
  it('spaces messages out at the refill rate, then refuses beyond maxDelayMs', () => {
    const { limiter: flood } = limiter({
      perSender: { capacity: 1, refillPerSecond: 10 },
      policy: 'delay',
      maxDelayMs: 250,
    });
    expect(flood.admit('a', 'x')).toEqual({ kind: 'admit' });
    expect(flood.admit('a', 'x')).toEqual({ kind: 'delay', delayMs: 100 });
    expect(flood.admit('a', 'x')).toEqual({ kind: 'delay', delayMs: 200 });
    expect(flood.admit('a', 'x')).toEqual({ kind: 'reject', reason: 'sender-rate', retryAfterMs: 50 });
    // The refusal reserved nothing: the same answer again.
    expect(flood.admit('a', 'x')).toEqual({ kind: 'reject', reason: 'sender-rate', retryAfterMs: 50 });
  });

  it('shortens the delays as time passes, and a refused caller gets in after retryAfterMs', () => {
    const { clock, limiter: flood } = limiter({
      perSender: { capacity: 1, refillPerSecond: 10 },
      policy: 'delay',
      maxDelayMs: 100,
    });
    flood.admit('a', 'x');
    flood.admit('a', 'x'); // delayed 100 ms
    const refused = flood.admit('a', 'x');
    expect(refused).toEqual({ kind: 'reject', reason: 'sender-rate', retryAfterMs: 100 });
    clock.advance(100);
    expect(flood.admit('a', 'x')).toEqual({ kind: 'delay', delayMs: 100 });
  });

  it('delays by the slower of the two limits and charges both', () => {
    const { limiter: flood } = limiter({
      perSender: { capacity: 1, refillPerSecond: 10 },
      perRecipient: { capacity: 1, refillPerSecond: 4 },
      policy: 'delay',
    });
    expect(flood.admit('a', 'x')).toEqual({ kind: 'admit' });
    expect(flood.admit('a', 'x')).toEqual({ kind: 'delay', delayMs: 250 });
    expect(flood.admit('b', 'x')).toEqual({ kind: 'delay', delayMs: 500 });
    expect(flood.admit('a', 'y')).toEqual({ kind: 'delay', delayMs: 200 });
  });

  it('defaults maxDelayMs to 5 s', () => {
    const { limiter: flood } = limiter({ perSender: { capacity: 1, refillPerSecond: 1 }, policy: 'delay' });
    expect(flood.maxDelayMs).toBe(5_000);
    const decisions = Array.from({ length: 7 }, () => flood.admit('a', 'x'));
    expect(decisions.at(-2)).toEqual({ kind: 'delay', delayMs: 5_000 });
    expect(decisions.at(-1)).toEqual({ kind: 'reject', reason: 'sender-rate', retryAfterMs: 1_000 });
  });
});

describe('RateLimiter memory', () => {
  it('keeps at most maxTrackedIds buckets per table, dropping the least recently used', () => {
    const { limiter: flood } = limiter({
      perSender: { capacity: 1, refillPerSecond: 0.001 },
      policy: 'reject',
      maxTrackedIds: 2,
    });
    flood.admit('a', 'x'); // a is now empty
    flood.admit('b', 'x');
    expect(flood.admit('a', 'x').kind).toBe('reject'); // a used again: b is the least recent
    flood.admit('c', 'x'); // evicts b
    expect(flood.stats.trackedSenders).toBe(2);
    expect(flood.admit('a', 'x').kind).toBe('reject'); // a's limit survived
    expect(flood.admit('b', 'x').kind).toBe('admit'); // b was forgotten: a fresh bucket
  });

  it('drops buckets that refilled to capacity, without changing any decision', () => {
    const { clock, limiter: flood } = limiter({
      perSender: { capacity: 2, refillPerSecond: 10 },
      perRecipient: { capacity: 2, refillPerSecond: 10 },
      policy: 'reject',
    });
    for (const sender of ['a', 'b', 'c']) flood.admit(sender, `to-${sender}`);
    expect(flood.stats).toEqual({ trackedSenders: 3, trackedRecipients: 3 });
    expect(flood.prune()).toBe(0);
    clock.advance(100);
    expect(flood.prune()).toBe(6);
    expect(flood.stats).toEqual({ trackedSenders: 0, trackedRecipients: 0 });
    expect([flood.admit('a', 'x'), flood.admit('a', 'x'), flood.admit('a', 'x')].map((d) => d.kind)).toEqual([
      'admit',
      'admit',
      'reject',
    ]);
  });

  it('drops idle full buckets a few at a time as messages go by', () => {
    const { clock, limiter: flood } = limiter({
      perSender: { capacity: 5, refillPerSecond: 10 },
      policy: 'reject',
    });
    for (let i = 0; i < 10; i++) flood.admit(`sender-${i}`, 'x');
    clock.advance(1_000);
    for (let i = 0; i < 5; i++) flood.admit('busy', 'x');
    expect(flood.stats.trackedSenders).toBe(1);
  });

  it('holds 100 K distinct senders by default and no more', () => {
    const { limiter: flood } = limiter({
      perSender: { capacity: 1, refillPerSecond: 0.001 },
      policy: 'reject',
    });
    for (let i = 0; i < 100_050; i++) flood.admit(`s${i}`, 'x');
    expect(flood.stats.trackedSenders).toBe(100_000);
  });
});

describe('RateLimiter arguments', () => {
  it('rejects bad options and ids with InvalidArgumentError naming the field', () => {
    expectInvalidArgument(
      () => new RateLimiter({ policy: 'reject', clock }),
      'options.perSender',
      'or options.perRecipient must be set: a limiter needs at least one limit',
    );
    expectInvalidArgument(
      () =>
        new RateLimiter({
          perSender: { capacity: 1, refillPerSecond: 1 },
          policy: 'reject',
          maxDelayMs: 5,
          clock,
        }),
      'options.maxDelayMs',
      'applies only to policy "delay"',
    );
    expectInvalidArgument(
      () =>
        new RateLimiter({ perSender: { capacity: 1, refillPerSecond: 1 }, policy: 'drop' as never, clock }),
      'options.policy',
      'must be one of "reject", "delay"',
    );
    expectInvalidArgument(
      () => new RateLimiter({ perRecipient: { capacity: 0.5, refillPerSecond: 1 }, policy: 'delay', clock }),
      'options.perRecipient.capacity',
      'must be >= 1',
    );
    expectInvalidArgument(
      () =>
        new RateLimiter({
          perSender: { capacity: 1, refillPerSecond: 1 },
          policy: 'delay',
          maxTrackedIds: 1.5,
          clock,
        }),
      'options.maxTrackedIds',
      'must be an integer',
    );
    const flood = new RateLimiter({
      perSender: { capacity: 1, refillPerSecond: 1 },
      policy: 'reject',
      clock,
    });
    expectInvalidArgument(() => flood.admit('', 'x'), 'senderId', 'must be a non-empty string');
    expectInvalidArgument(() => flood.admit('a', 42 as never), 'recipientId', 'must be a non-empty string');
  });
});
