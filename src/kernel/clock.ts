/**
 * The clock the runtime reads: wall time in epoch milliseconds, for timers, passivation,
 * supervision windows, flood control and `ctx.now()`.
 *
 * A clock has to be readable on every thread of a system, so what crosses to a worker is
 * its {@link ClockSource} (plain data): the system clock, or a manual clock whose time lives
 * in shared memory — tests move it on the main thread and every worker reads the new time.
 * Timers are set against the clock's time when they are armed; a manual clock moved later
 * changes what actors read, not a timer already waiting on the event loop.
 */

export interface Clock {
  /** Wall time, epoch milliseconds. */
  now(): number;
  /** How to read this clock on another thread. */
  readonly source: ClockSource;
}

/** A clock as plain data, to cross to worker threads. */
export type ClockSource =
  | { readonly kind: 'system' }
  | { readonly kind: 'manual'; readonly buffer: SharedArrayBuffer };

/** The machine's wall clock. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  source: Object.freeze({ kind: 'system' as const }),
});

/** A clock that moves only when told to; every thread of the system reads the same time. */
export class ManualClock implements Clock {
  readonly source: ClockSource;
  private readonly time: BigInt64Array;

  constructor(buffer: SharedArrayBuffer) {
    this.time = new BigInt64Array(buffer, 0, 1);
    this.source = Object.freeze({ kind: 'manual' as const, buffer });
  }

  now(): number {
    return Number(Atomics.load(this.time, 0));
  }

  /** Set the time (epoch ms, whole milliseconds). */
  set(epochMs: number): void {
    Atomics.store(this.time, 0, BigInt(Math.round(epochMs)));
  }

  /** Move the time forward by `ms`. */
  advance(ms: number): void {
    Atomics.add(this.time, 0, BigInt(Math.round(ms)));
  }
}

/** A manual clock starting at `startMs` (default: now). */
export function createManualClock(startMs: number = Date.now()): ManualClock {
  const clock = new ManualClock(new SharedArrayBuffer(8));
  clock.set(startMs);
  return clock;
}

/** The clock a source names, as read on this thread. */
export function clockFrom(source: ClockSource): Clock {
  switch (source.kind) {
    case 'system':
      return systemClock;
    case 'manual':
      return new ManualClock(source.buffer);
  }
}

/** Is `value` a clock this module made (so its source can cross threads)? */
export function isClock(value: unknown): value is Clock {
  return value === systemClock || value instanceof ManualClock;
}

/**
 * The machine's monotonic clock (CLOCK_MONOTONIC) in milliseconds, sub-ms precise: one clock
 * for every thread and process of the machine, and a step of the wall clock does not move it.
 * Each thread's `performance.timeOrigin` is the wall time when that thread started, so
 * `timeOrigin + performance.now()` on two threads differs by any step the wall clock took
 * between their starts (seen: 8.6 s on a loaded VM); readings compared across threads use
 * this clock instead, and become wall time only where they are shown ({@link wallTimeOf}).
 */
export function monotonicMs(): number {
  const [seconds, nanos] = process.hrtime();
  return seconds * 1e3 + nanos / 1e6;
}

/** How far this thread's wall clock (`Date.now()`) is ahead of {@link monotonicMs} now. */
export function wallOffsetMs(): number {
  return Date.now() - monotonicMs();
}

/**
 * The wall time (epoch ms, by this thread's `Date.now()`) of a {@link monotonicMs} reading.
 * Readings that are compared with each other (a turn's start and end) take one `offset`:
 * each `Date.now()` is whole milliseconds, so two offsets read apart may differ by one.
 */
export function wallTimeOf(monotonic: number, offset: number = wallOffsetMs()): number {
  return monotonic + offset;
}
