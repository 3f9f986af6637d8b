/**
 * The kernel's metric families, read from `system.stats()` at each scrape (one call per
 * scrape) and from its event stream (dead letters by reason, thread jams, deadlocks broken):
 *
 * | family | type | labels |
 * |---|---|---|
 * | `troupe_actors` | gauge | `status` |
 * | `troupe_mailbox_depth` | gauge | `kind` (an actor kind's export name) |
 * | `troupe_turns_total` | counter | |
 * | `troupe_turn_duration_seconds` | histogram | |
 * | `troupe_actor_failures_total`, `troupe_actor_restarts_total` | counter | |
 * | `troupe_dead_letters_total` | counter | `reason` |
 * | `troupe_asks_timed_out_total` | counter | |
 * | `troupe_commits_total` | counter | |
 * | `troupe_commit_duration_seconds` | histogram | |
 * | `troupe_thread_jams_total`, `troupe_deadlocks_broken_total`, `troupe_threads_replaced_total` | counter | |
 *
 * Events are counted from when the metrics are created. No actor id is ever a label.
 */
import type { Registry } from 'prom-client';
import { Counter } from 'prom-client';
import {
  ACTOR_STATUSES,
  type ActorSystem,
  type DeadLetterReason,
  type SystemStats,
} from '../../kernel/index.js';
import { bucketedHistogram, collectedCounter, collectedGauge, perScrape } from './families.js';

const DEAD_LETTER_REASONS: readonly DeadLetterReason[] = [
  'unknown-actor',
  'stopped',
  'mailbox-full',
  'dropped-oldest',
  'dropped-newest',
  'quarantined',
  'unencodable',
  'rate-limited',
  'thread-lost',
  'suspended',
];

/** Registers the kernel's families; returns what stops listening to the system's events. */
export function registerKernelMetrics(registry: Registry, system: ActorSystem): () => void {
  const stats = perScrape<SystemStats>(() => system.stats());
  const total = (pick: (stats: SystemStats) => number) => async () => [
    { labels: {}, value: pick(await stats()) },
  ];
  collectedGauge(registry, 'troupe_actors', 'Actors in memory, by status', ['status'], async () => {
    const { statuses } = (await stats()).totals;
    return ACTOR_STATUSES.map((status) => ({ labels: { status }, value: statuses[status] }));
  });
  collectedGauge(
    registry,
    'troupe_mailbox_depth',
    'Messages waiting in the mailboxes of the actors of a kind',
    ['kind'],
    async () => (await stats()).kinds.map(({ kind, backlog }) => ({ labels: { kind }, value: backlog })),
  );
  collectedCounter(
    registry,
    'troupe_turns_total',
    'Turns run',
    [],
    total((s) => s.totals.turns),
  );
  bucketedHistogram(
    registry,
    'troupe_turn_duration_seconds',
    'How long turns took (an async turn: until its promise settled)',
    async () => (await stats()).totals.turnDurations,
  );
  collectedCounter(
    registry,
    'troupe_actor_failures_total',
    'Turns (or starts) that failed',
    [],
    total((s) => s.totals.failures),
  );
  collectedCounter(
    registry,
    'troupe_actor_restarts_total',
    'Actors restarted by their supervisor',
    [],
    total((s) => s.totals.restarts),
  );
  collectedCounter(
    registry,
    'troupe_asks_timed_out_total',
    'Asks that got no reply within their timeout (main thread and worker threads)',
    [],
    total((s) => s.totals.asksTimedOut + s.main.asksTimedOut),
  );
  collectedCounter(
    registry,
    'troupe_actor_evictions_total',
    'Durable actors sent out of memory because their thread reached its activation limit (their state stays in the store)',
    [],
    total((s) => s.totals.evictions),
  );
  collectedCounter(
    registry,
    'troupe_commits_total',
    'Durable writes committed (a turn that changed nothing writes none)',
    [],
    total((s) => s.totals.commits),
  );
  bucketedHistogram(
    registry,
    'troupe_commit_duration_seconds',
    'How long a commit (one store transaction: a batch of turns) took to be acknowledged',
    async () => (await stats()).totals.commitDurations,
  );
  collectedCounter(
    registry,
    'troupe_threads_replaced_total',
    'Worker threads replaced (crashed or jammed)',
    [],
    total((s) => s.main.threadsReplaced),
  );

  const deadLetters = new Counter({
    name: 'troupe_dead_letters_total',
    help: 'Messages that were not handled, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  for (const reason of DEAD_LETTER_REASONS) deadLetters.inc({ reason }, 0);
  const jams = new Counter({
    name: 'troupe_thread_jams_total',
    help: 'Threads the watchdog found making no progress (terminated and replaced)',
    registers: [registry],
  });
  const deadlocks = new Counter({
    name: 'troupe_deadlocks_broken_total',
    help: 'Wait-for cycles broken by failing one wait with a DeadlockError',
    registers: [registry],
  });
  return system.subscribe((event) => {
    switch (event.type) {
      case 'dead-letter':
        deadLetters.inc({ reason: event.reason });
        return;
      case 'thread-jammed':
        jams.inc();
        return;
      case 'deadlock':
        deadlocks.inc();
        return;
      default:
        return;
    }
  });
}
