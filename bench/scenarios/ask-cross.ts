/**
 * Scenario ask-cross: sequential asks across threads, p50/p99 round trip in µs.
 * Baselines: raw postMessage ping-pong worker ↔ worker (for actor → actor asks) and
 * main ↔ worker (for asks from the main thread). Troupe half: `troupe-ask-cross.ts`.
 * Rounds alternate baseline and ours, each on fresh threads; samples of all rounds are pooled.
 * Both paths' latency distributions (ours and the baseline's) are drawn as a curve.
 */
import { openRawPingPong } from '../baselines/raw-postmessage.js';
import { createLatencyCurve } from '../harness/curve.js';
import { runInterleaved } from '../harness/interleave.js';
import { summarizeLatency } from '../harness/latency.js';
import type { BenchResult } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';
import type { MeasureSession } from '../harness/session.js';
import { resultFromHalf } from '../harness/troupe-half.js';

const PER_ROUND = { warmupMs: 500, warmup: 100, rounds: 3_000 };
/** Each round on fresh worker threads: the OS placement of a thread pair sets the latency mode. */
const ROUNDS = 3;

/** µs per round trip on each path; the baseline's "actor → actor" is worker ↔ worker. */
interface PathSamples {
  readonly actorToActor: number[];
  readonly mainToActor: number[];
}

async function openRawPaths(): Promise<MeasureSession<PathSamples>> {
  const workers = await openRawPingPong({ path: 'worker-worker', ...PER_ROUND });
  const main = await openRawPingPong({ path: 'main-worker', ...PER_ROUND });
  return {
    measureRound: async () => ({
      actorToActor: await workers.measureRound(),
      mainToActor: await main.measureRound(),
    }),
    close: async () => {
      await Promise.all([workers.close(), main.close()]);
    },
  };
}

const pooled = (rounds: readonly PathSamples[], path: keyof PathSamples) =>
  summarizeLatency(rounds.flatMap((round) => round[path]));

export const askCross: Scenario = {
  name: 'ask-cross',
  description: 'sequential cross-thread asks vs raw postMessage ping-pong (µs per round trip)',
  async run() {
    const outcome = await runInterleaved({
      baseline: openRawPaths,
      ours: {
        label: 'troupe ask-cross',
        load: () => import('./troupe-ask-cross.js'),
        open: (half) => half.openTroupeAskCross(PER_ROUND),
      },
      warmupRounds: 0,
      rounds: ROUNDS,
      roundTimeoutMs: 30_000,
      freshSessionPerRound: true,
    });
    const results: BenchResult[] = [];
    const paths = [
      { path: 'actorToActor', label: 'actor→actor', name: 'raw ping-pong worker↔worker' },
      { path: 'mainToActor', label: 'main→actor', name: 'raw ping-pong main↔worker' },
    ] as const;
    for (const { path, label, name } of paths) {
      const baseline = pooled(outcome.baseline, path);
      for (const percentile of ['p50', 'p99'] as const) {
        const fields = {
          scenario: 'ask-cross',
          metric: `ask round trip ${label} ${percentile}`,
          unit: 'µs',
          better: 'lower',
          baseline: { name, value: baseline[percentile] },
          note: `${ROUNDS} alternating rounds on fresh threads (${PER_ROUND.warmupMs} ms warm-up each), ${PER_ROUND.rounds} sequential asks each, pooled; hrtime per ask`,
        } as const;
        results.push(resultFromHalf(fields, outcome.ours, (rounds) => pooled(rounds, path)[percentile]));
      }
    }
    const samples = (rounds: readonly PathSamples[], path: keyof PathSamples) =>
      rounds.flatMap((round) => round[path]);
    const ours = outcome.ours.status === 'measured' ? outcome.ours.value : [];
    const curve = createLatencyCurve(
      {
        scenario: 'ask-cross',
        id: 'ask-cross/round-trip',
        title: 'Ask round trip across threads: troupe vs raw postMessage ping-pong',
        measures: `µs per sequential ask (troupe) or ping-pong (raw MessagePort), actor→actor between 2 worker threads and main→actor; ${PER_ROUND.rounds} per round over ${ROUNDS} rounds on fresh threads, pooled.`,
      },
      [
        { name: 'troupe actor→actor', role: 'ours', samples: samples(ours, 'actorToActor') },
        { name: 'troupe main→actor', role: 'ours', samples: samples(ours, 'mainToActor') },
        { name: 'raw worker↔worker', role: 'baseline', samples: samples(outcome.baseline, 'actorToActor') },
        { name: 'raw main↔worker', role: 'baseline', samples: samples(outcome.baseline, 'mainToActor') },
      ],
    );
    return { results, curves: [curve] };
  },
};
