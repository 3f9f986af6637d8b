/**
 * The clock the supervisor building blocks read time from, injected so that tests
 * drive time by hand: flood control, the circuit breaker and the heartbeat monitor
 * never call `Date.now()` or set a timer themselves.
 *
 * It owns the `Clock` contract, the wall clock used in production and a manual clock
 * for tests and simulations. It does not schedule anything: an actor that wraps one of
 * these blocks asks it when the next deadline is and sets its own timer.
 *
 * A clock here is the reader side of the kernel's `Clock` (`{ now() }`), so the kernel's
 * `systemClock`, a manual kernel clock, or `{ now: () => ctx.now() }` inside an actor can be
 * handed in as they are, and an embedding service reads one time everywhere.
 *
 * (It lives in `flood/` only because the three supervisor folders have no shared home
 * yet; `breaker/` and `heartbeat/` import it from here.)
 */
import { z } from 'zod';
import { type Clock as KernelClock, systemClock as kernelSystemClock } from '../../../src/kernel/index.js';

/** A source of time in milliseconds. Readings should not go backwards; the blocks tolerate it if they do. */
export type Clock = Pick<KernelClock, 'now'>;

/** A clock that moves only when told to. */
export interface ManualClock extends Clock {
  /** Move time forward by `ms` and return the new time. */
  advance(ms: number): number;
  /** Set the time to `ms` (which may be earlier, to simulate a clock that jumps back). */
  set(ms: number): void;
}

/** Wall-clock milliseconds since the epoch (the kernel's system clock): comparable across restarts, which persisted snapshots need. */
export const systemClock: Clock = kernelSystemClock;

export function createManualClock(startMs = 0): ManualClock {
  let time = startMs;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
      return time;
    },
    set(ms) {
      time = ms;
    },
  };
}

export function isClock(value: unknown): value is Clock {
  return (
    typeof value === 'object' && value !== null && typeof (value as { now?: unknown }).now === 'function'
  );
}

export const ClockSchema = z.custom<Clock>(isClock, {
  message: 'must be a clock: an object with a now() method',
});
