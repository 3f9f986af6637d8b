/**
 * What the `timers` and `timerIndex` databases keep for a timer, and how a `TimerRecord`
 * is put back together from a key and its value.
 *
 *   timers      [thread, dueAt, actorId, key]  →  { every, message }
 *   timerIndex  [actorId, key]                 →  [thread, dueAt]
 *
 * A value holds only what its key does not. Stores written by older versions kept the whole
 * `TimerRecord` in `timers` and the whole timer key in `timerIndex`; both still read the same,
 * since the parts the key holds are taken from the key. Not here: the writes that keep the two
 * databases in step (`writer.ts`).
 */
import type { TimerRecord } from './records.js';

/** A `timers` key. */
export type TimerKey = readonly [thread: number, dueAt: number, actorId: string, key: string];

/** A `timers` value: the current shape, or a whole `TimerRecord` (older stores). */
export interface StoredTimer {
  readonly every: number | null;
  readonly message: unknown;
}

/** A `timerIndex` value: where the timer is in `timers` past its `[actorId, key]`; older stores hold the whole `TimerKey`. */
export type TimerSlot = readonly [thread: number, dueAt: number, ...rest: unknown[]];

export function toStoredTimer(record: TimerRecord): StoredTimer {
  return { every: record.every, message: record.message };
}

export function timerKeyOf(record: TimerRecord): TimerKey {
  return [record.thread, record.dueAt, record.actorId, record.key];
}

export function toTimerSlot(key: TimerKey): TimerSlot {
  return [key[0], key[1]];
}

/** The `timers` key a `timerIndex` entry points to. */
export function timerKeyAt(actorId: string, key: string, slot: TimerSlot): TimerKey {
  return [slot[0], slot[1], actorId, key];
}

export function fromStoredTimer(key: TimerKey, stored: StoredTimer): TimerRecord {
  return {
    actorId: key[2],
    key: key[3],
    thread: key[0],
    dueAt: key[1],
    every: stored.every,
    message: stored.message,
  };
}
