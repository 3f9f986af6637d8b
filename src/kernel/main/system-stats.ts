/**
 * The threads' stats, for `system.stats()`: asked of each thread's control plane (the zero
 * stats of a thread that does not answer in time), each counter summed over every thread,
 * the per-kind figures merged. The main thread's own counters belong to the system.
 */
import { ACTOR_STATUSES, type ActorStatus, type KindStats, type ThreadStats } from '../wire/control.js';
import {
  addDurationHistograms,
  type DurationHistogram,
  emptyDurationHistogram,
} from '../wire/duration-histogram.js';
import { CONTROL_TIMEOUT_MS, type ThreadPool } from './thread-pool.js';
import { withTimeout } from './with-timeout.js';

type ThreadTotals = Omit<ThreadStats, 'thread' | 'kinds'>;
/** The figures summed as plain numbers (the statuses and histograms are added by their parts). */
type CounterName = Exclude<keyof ThreadTotals, 'statuses' | 'turnDurations' | 'commitDurations'>;
type Counters = { -readonly [K in CounterName]: number };

/** Every thread's stats (a thread that does not answer in time counts as idle). */
export function collectThreadStats(pool: Pick<ThreadPool, 'handles'>): Promise<ThreadStats[]> {
  return Promise.all(
    pool.handles.map((t) =>
      withTimeout<ThreadStats>(
        () => t.control.stats(),
        CONTROL_TIMEOUT_MS,
        () => emptyThreadStats(t.thread),
      ),
    ),
  );
}

/** The stats of a thread that has done nothing (or did not answer). */
export function emptyThreadStats(thread: number): ThreadStats {
  return {
    thread,
    ...emptyTotals(),
    statuses: emptyStatuses(),
    turnDurations: emptyDurationHistogram(),
    commitDurations: emptyDurationHistogram(),
    kinds: [],
  };
}

/** Every counter summed over `threads`. */
export function sumThreadStats(threads: readonly ThreadStats[]): ThreadTotals {
  const totals = emptyTotals();
  const counters = Object.keys(totals) as CounterName[];
  const statuses = emptyStatuses();
  let turnDurations: DurationHistogram = emptyDurationHistogram();
  let commitDurations: DurationHistogram = emptyDurationHistogram();
  for (const stats of threads) {
    for (const counter of counters) totals[counter] += stats[counter];
    for (const status of ACTOR_STATUSES) statuses[status] += stats.statuses[status];
    turnDurations = addDurationHistograms(turnDurations, stats.turnDurations);
    commitDurations = addDurationHistograms(commitDurations, stats.commitDurations);
  }
  return { ...totals, statuses, turnDurations, commitDurations };
}

/** The per-kind figures of every thread, merged by kind, the largest backlog first. */
export function mergeKindStats(threads: readonly ThreadStats[]): KindStats[] {
  const merged = new Map<string, { actors: number; backlog: number }>();
  for (const stats of threads) {
    for (const { kind, actors, backlog } of stats.kinds) {
      const sum = merged.get(kind) ?? { actors: 0, backlog: 0 };
      sum.actors += actors;
      sum.backlog += backlog;
      merged.set(kind, sum);
    }
  }
  return sortKinds([...merged].map(([kind, sum]) => ({ kind, ...sum })));
}

/** The largest backlog first, then the most actors, then by name. */
export function sortKinds(kinds: KindStats[]): KindStats[] {
  return kinds.sort((a, b) => b.backlog - a.backlog || b.actors - a.actors || a.kind.localeCompare(b.kind));
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
    asksTimedOut: 0,
    evictions: 0,
  };
}

function emptyStatuses(): Record<ActorStatus, number> {
  return { starting: 0, active: 0, busy: 0, suspended: 0, restarting: 0, stopping: 0 };
}
