/**
 * Scenario durable-turns: turns of durable actors in `commit` and `flush` mode, and the
 * acknowledgement latency of a tell. Baseline: raw lmdb-js async `put`s of the same
 * value (a Sink's message and state, msgpack-encoded like the store's records) in an
 * environment with the same sync settings (`baselines/raw-lmdb.ts`). Troupe half:
 * `troupe-durable-turns.ts`. Rounds alternate baseline and ours; medians of 3.
 * Targets on 2 cores: commit ≥ 200 K turns/s and ≥ 0.5× raw puts; flush ≥ 50 K turns/s
 * with p50 ack ≤ 2 ms. The ack latency distributions of both modes (ours, raw) are a curve.
 */
import { pack } from 'msgpackr';
import { openRawLmdbPuts, type RawDurability, type RawLmdbSample } from '../baselines/raw-lmdb.js';
import { createLatencyCurve, type SeriesRole } from '../harness/curve.js';
import { runInterleaved } from '../harness/interleave.js';
import { summarizeLatency } from '../harness/latency.js';
import { medianThroughput } from '../harness/measure.js';
import type { BenchResult } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';
import { resultFromHalf } from '../harness/troupe-half.js';

const ROUNDS = 3;
const LATENCY_SAMPLES = 300;
/** What one Sink turn stores: the message it handled and the state it wrote. */
const TURN_VALUE = { message: { type: 'inc', by: 1 }, state: { received: 123_456, waiter: null } };
const TURN_BYTES = pack(TURN_VALUE).length;

const TROUPE_OPTIONS = {
  targetMs: 700,
  calibrationMessages: 20_000,
  minMessages: 20_000,
  maxMessages: 1_000_000,
  chunk: 1_000,
  mainTells: 20_000,
  concurrency: 256,
  latencySamples: LATENCY_SAMPLES,
} as const;

interface LatencySeries {
  readonly name: string;
  readonly role: SeriesRole;
  readonly samples: readonly number[];
}

async function measureMode(
  durability: RawDurability,
): Promise<{ results: BenchResult[]; latencies: LatencySeries[] }> {
  const outcome = await runInterleaved({
    baseline: () =>
      openRawLmdbPuts({ durability, puts: 200_000, latencySamples: LATENCY_SAMPLES, value: TURN_VALUE }),
    ours: {
      label: `troupe durable-turns (${durability})`,
      load: () => import('./troupe-durable-turns.js'),
      open: (half) => half.openTroupeDurableTurns({ durability, ...TROUPE_OPTIONS }),
    },
    warmupRounds: 1,
    rounds: ROUNDS,
    roundTimeoutMs: 60_000,
  });
  const rawPuts = medianThroughput(outcome.baseline.map((sample) => sample.puts)).perSecond;
  const rawLatency = summarizeLatency(outcome.baseline.flatMap((sample: RawLmdbSample) => sample.latency));
  const raw = durability === 'commit' ? 'raw lmdb put (noSync)' : 'raw lmdb put + flushed';
  const rounds = `median of ${ROUNDS} alternating rounds`;
  const results = [
    resultFromHalf(
      {
        scenario: 'durable-turns',
        metric: `durable turns actor→actor, ${durability}`,
        unit: 'turns/s',
        better: 'higher',
        baseline: { name: raw, value: rawPuts },
        note: `${rounds}; Blaster→Sink across 2 threads, both directions; main-timed until both Sinks answered (reply after commit); baseline: 200 k puts of ${TURN_BYTES} B (a Sink's message + state) in one event turn${durability === 'commit' ? '; target >= 200 K turns/s and >= 0.5x' : '; target >= 50 K turns/s'}`,
      },
      outcome.ours,
      (samples) => medianThroughput(samples.map((sample) => sample.turns)).perSecond,
    ),
    resultFromHalf(
      {
        scenario: 'durable-turns',
        metric: `acked tells main→actor, ${durability}`,
        unit: 'msg/s',
        better: 'higher',
        baseline: { name: raw, value: rawPuts },
        note: `${rounds}; ${TROUPE_OPTIONS.mainTells} tells, ${TROUPE_OPTIONS.concurrency} awaited at a time, until applied`,
      },
      outcome.ours,
      (samples) => medianThroughput(samples.map((sample) => sample.mainTells)).perSecond,
    ),
  ];
  for (const percentile of durability === 'flush' ? (['p50', 'p99'] as const) : (['p50'] as const)) {
    results.push(
      resultFromHalf(
        {
          scenario: 'durable-turns',
          metric: `ack latency ${percentile}, ${durability}`,
          unit: 'µs',
          better: 'lower',
          baseline: { name: `${raw}, sequential`, value: rawLatency[percentile] },
          note: `${LATENCY_SAMPLES} sequential awaited tells main→actor per round, pooled over ${ROUNDS} rounds${durability === 'flush' && percentile === 'p50' ? '; target p50 <= 2 ms' : ''}`,
        },
        outcome.ours,
        (samples) => summarizeLatency(samples.flatMap((sample) => sample.ackLatency))[percentile],
      ),
    );
  }
  const latencies: LatencySeries[] = [
    {
      name: `troupe ack, ${durability}`,
      role: 'ours',
      samples:
        outcome.ours.status === 'measured' ? outcome.ours.value.flatMap((sample) => sample.ackLatency) : [],
    },
    { name: `${raw}`, role: 'baseline', samples: outcome.baseline.flatMap((sample) => sample.latency) },
  ];
  return { results, latencies };
}

export const durableTurns: Scenario = {
  name: 'durable-turns',
  description: 'durable actor turns (commit, flush) and ack latency vs raw lmdb puts',
  plannedRounds: 8,
  async run() {
    const commit = await measureMode('commit');
    const flush = await measureMode('flush');
    const curve = createLatencyCurve(
      {
        scenario: 'durable-turns',
        id: 'durable-turns/ack-latency',
        title: 'Durable ack latency: awaited tell main → actor vs a raw lmdb put',
        measures: `µs from tell to its receipt (the message committed to the actor's inbox), ${LATENCY_SAMPLES} sequential tells per round over ${ROUNDS} rounds, pooled, in commit (no fsync) and flush (fdatasync) mode; baseline: sequential raw lmdb-js puts awaited to commit (and flushed).`,
      },
      [...commit.latencies, ...flush.latencies],
    );
    return { results: [...commit.results, ...flush.results], curves: [curve] };
  },
};
