/**
 * Totals over the threads' stats, for `system.stats()`: each counter summed over every
 * thread, and the zero stats of a thread that did not answer in time. Collecting the
 * figures (the control plane) and the main thread's own counters belong to the system.
 */
import type { ThreadStats } from '../wire/control.js';

type ThreadTotals = Omit<ThreadStats, 'thread'>;
type Counters = { -readonly [K in keyof ThreadTotals]: number };

/** The stats of a thread that has done nothing (or did not answer). */
export function emptyThreadStats(thread: number): ThreadStats {
  return { thread, ...emptyTotals() };
}

/** Every counter summed over `threads`. */
export function sumThreadStats(threads: readonly ThreadStats[]): ThreadTotals {
  const totals = emptyTotals();
  const counters = Object.keys(totals) as (keyof Counters)[];
  for (const stats of threads) for (const counter of counters) totals[counter] += stats[counter];
  return totals;
}

function emptyTotals(): Counters {
  return {
    actors: 0,
    turns: 0,
    messagesReceived: 0,
    deadLetters: 0,
    lateReplies: 0,
    failures: 0,
    restarts: 0,
    queueDepth: 0,
    commits: 0,
  };
}
