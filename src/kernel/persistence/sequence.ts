/**
 * `Sequence`: the process-wide monotonic counter behind inbox seqs and spawnSeqs.
 *
 * One 64-bit cell in a `SharedArrayBuffer`, bumped with `Atomics.add`, so every thread of
 * the process draws from the same counter without a message:
 *
 *   main:    Sequence.create(store)  ──(sequence.buffer in the worker's init data)──▶
 *   worker:  new Sequence(buffer)    ──▶  next() on any thread: unique, increasing
 *
 * The counter starts at `max(Date.now() * 1000, highWater + 1)`, where `highWater` is the
 * last value persisted under meta 'seq-high-water' by `highWaterWrite`. Persisting it in
 * every batch that uses a seq means a restarted process never hands out a seq already in
 * the store, even if the clock went back. Values stay exact JS integers (below 2^53 until
 * about the year 2255).
 */
import { InvalidArgumentError } from '../errors.js';
import type { StoreWriter } from './writer.js';

export const HIGH_WATER_KEY = 'seq-high-water';

export class Sequence {
  /** Holds the next value to hand out. */
  private readonly cell: BigInt64Array;

  /** Attach to a counter created on another thread by {@link Sequence.create}. */
  constructor(readonly buffer: SharedArrayBuffer) {
    if (!(buffer instanceof SharedArrayBuffer) || buffer.byteLength < BigInt64Array.BYTES_PER_ELEMENT)
      throw new InvalidArgumentError('buffer', 'must be a SharedArrayBuffer of at least 8 bytes');
    this.cell = new BigInt64Array(buffer, 0, 1);
  }

  /** The counter of a starting process: above the clock and above everything persisted in `store`. */
  static create(store: { getMeta(key: string): unknown }, nowMs = Date.now()): Sequence {
    return Sequence.startingAt(Sequence.firstValue(store.getMeta(HIGH_WATER_KEY), nowMs));
  }

  /** A new counter whose first value is `first`. */
  static startingAt(first: number): Sequence {
    if (!Number.isSafeInteger(first) || first < 0)
      throw new InvalidArgumentError('first', 'must be a non-negative safe integer');
    const sequence = new Sequence(new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT));
    Atomics.store(sequence.cell, 0, BigInt(first));
    return sequence;
  }

  /** `max(nowMs * 1000, highWater + 1)`; a missing or malformed high-water counts as none. */
  static firstValue(highWater: unknown, nowMs: number): number {
    const fromClock = Math.floor(nowMs) * 1000;
    return Number.isSafeInteger(highWater) ? Math.max(fromClock, (highWater as number) + 1) : fromClock;
  }

  next(): number {
    return Number(Atomics.add(this.cell, 0, 1n));
  }

  /** The last value handed out (by any thread) so far. */
  last(): number {
    return Number(Atomics.load(this.cell, 0)) - 1;
  }

  /**
   * Persist the high-water mark: one small meta put. Put it in every batch that writes a
   * seq; batches commit in order and each stores the counter as it is then, so the stored
   * value only grows and covers every committed seq.
   */
  highWaterWrite(w: StoreWriter): void {
    w.putMeta(HIGH_WATER_KEY, this.last());
  }
}
