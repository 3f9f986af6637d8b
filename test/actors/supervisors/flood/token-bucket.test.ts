/**
 * Token bucket: burst up to capacity, continuous refill from the injected clock, waits
 * rounded up to whole milliseconds, reservations into debt, and argument checks.
 */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../../actors/supervisors/flood/clock.js';
import { createTokenBucketFactory, TokenBucket } from '../../../../actors/supervisors/flood/token-bucket.js';
import { expectInvalidArgument } from './expect-invalid-argument.js';

function bucket(capacity: number, refillPerSecond: number) {
  const clock = createManualClock(1_000);
  return { clock, bucket: new TokenBucket({ capacity, refillPerSecond, clock }) };
}

describe('TokenBucket', () => {
  it('starts full and gives out at most its capacity in a burst', () => {
    const { bucket: tokens } = bucket(3, 1);
    expect(tokens.available).toBe(3);
    expect([tokens.tryTake(), tokens.tryTake(), tokens.tryTake(), tokens.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(tokens.available).toBe(0);
  });

  it('takes all of n tokens or none', () => {
    const { bucket: tokens } = bucket(5, 1);
    expect(tokens.tryTake(4)).toBe(true);
    expect(tokens.tryTake(2)).toBe(false);
    expect(tokens.available).toBe(1);
  });

  it('refills continuously with clock time, never past capacity', () => {
    const { clock, bucket: tokens } = bucket(2, 10);
    tokens.tryTake(2);
    clock.advance(50);
    expect(tokens.available).toBeCloseTo(0.5);
    expect(tokens.tryTake()).toBe(false);
    clock.advance(50);
    expect(tokens.tryTake()).toBe(true);
    clock.advance(60_000);
    expect(tokens.available).toBe(2);
    expect(tokens.isFull).toBe(true);
  });

  it('says how long until n tokens are available, without taking any', () => {
    const { clock, bucket: tokens } = bucket(5, 10);
    expect(tokens.waitTimeMs()).toBe(0);
    tokens.tryTake(5);
    expect(tokens.waitTimeMs()).toBe(100);
    expect(tokens.waitTimeMs(3)).toBe(300);
    expect(tokens.waitTimeMs(3)).toBe(300);
    clock.advance(250);
    expect(tokens.waitTimeMs(3)).toBe(50);
  });

  it('rounds waits up so that waiting exactly that long is always enough', () => {
    for (const rate of [3, 7, 0.3, 1_000, 13.7]) {
      const { clock, bucket: tokens } = bucket(2, rate);
      tokens.tryTake(2);
      const waitMs = tokens.waitTimeMs();
      clock.advance(waitMs - 1);
      expect(tokens.tryTake(), `rate ${rate}, 1 ms early`).toBe(false);
      clock.advance(1);
      expect(tokens.tryTake(), `rate ${rate}`).toBe(true);
    }
  });

  it('tolerates floating-point drift in the refill', () => {
    const { clock, bucket: tokens } = bucket(1, 10);
    tokens.tryTake();
    for (let i = 0; i < 10; i++) clock.advance(10); // 10 × 0.1 tokens
    expect(tokens.tryTake()).toBe(true);
  });

  it('reserves into debt, and the debt delays the next reservation', () => {
    const { clock, bucket: tokens } = bucket(1, 10);
    expect(tokens.reserve()).toBe(0);
    expect(tokens.reserve()).toBe(100);
    expect(tokens.reserve()).toBe(200);
    expect(tokens.available).toBeCloseTo(-2);
    expect(tokens.tryTake()).toBe(false);
    clock.advance(300);
    expect(tokens.available).toBeCloseTo(1);
  });

  it('neither drains nor refills when the clock steps back', () => {
    const { clock, bucket: tokens } = bucket(2, 10);
    tokens.tryTake(2);
    clock.set(0);
    expect(tokens.available).toBe(0);
    clock.advance(100);
    expect(tokens.available).toBeCloseTo(1);
  });

  it('makes independent full buckets from options validated once', () => {
    const clock = createManualClock();
    const create = createTokenBucketFactory({ capacity: 2, refillPerSecond: 1, clock });
    const first = create();
    first.tryTake(2);
    expect(create().available).toBe(2);
    expect(first.available).toBe(0);
    expectInvalidArgument(
      () => createTokenBucketFactory({ capacity: 2, refillPerSecond: -1, clock }),
      'options.refillPerSecond',
      'must be > 0',
    );
  });

  it('rejects bad options and counts with InvalidArgumentError naming the field', () => {
    const clock = createManualClock();
    const cases: [() => unknown, string, string][] = [
      [() => new TokenBucket({ capacity: 0, refillPerSecond: 1, clock }), 'options.capacity', 'must be > 0'],
      [
        () => new TokenBucket({ capacity: 1, refillPerSecond: Number.NaN, clock }),
        'options.refillPerSecond',
        'must be a number',
      ],
      [
        () => new TokenBucket({ capacity: 1, refillPerSecond: 1, clock: {} as never }),
        'options.clock',
        'must be a clock: an object with a now() method',
      ],
      [
        () => new TokenBucket({ capacity: 1, refillPerSecond: 1, clock, burst: 2 } as never),
        'options',
        'has unknown option(s): burst',
      ],
      [() => new TokenBucket({ capacity: 5, refillPerSecond: 1, clock }).tryTake(0), 'n', 'must be > 0'],
      [
        () => new TokenBucket({ capacity: 5, refillPerSecond: 1, clock }).waitTimeMs(6),
        'n',
        'must be <= the capacity (5)',
      ],
      [
        () => new TokenBucket({ capacity: 5, refillPerSecond: 1, clock }).reserve('1' as never),
        'n',
        'must be a number',
      ],
    ];
    for (const [act, argument, message] of cases) expectInvalidArgument(act, argument, message);
  });
});
