/**
 * Actor ids chosen for the thread they are homed on (`homeThread`, a hash of the id): tests that
 * need an actor on a given thread — a jam on one thread while the other works, a spawn batch
 * from one thread to another — take their ids from here.
 */
import { homeThread } from '../../src/kernel/actor/placement.js';

/** The first `count` ids `<prefix>-<n>` homed on `thread` of a system of `threads` threads. */
export function idsOn(thread: number, prefix: string, count: number, threads = 2): string[] {
  const ids: string[] = [];
  for (let i = 0; ids.length < count; i++)
    if (homeThread(`${prefix}-${i}`, threads) === thread) ids.push(`${prefix}-${i}`);
  return ids;
}

/** The first id `<prefix>-<n>` homed on `thread` of a system of `threads` threads. */
export function idOn(thread: number, prefix: string, threads = 2): string {
  return idsOn(thread, prefix, 1, threads)[0] as string;
}
