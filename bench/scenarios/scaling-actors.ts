/**
 * Scenario scaling-actors: in-thread tell throughput as the number of active actors grows,
 * 1 k → 1 M on one worker thread (a scaling curve, no ratio row of its own). At each count a
 * TellDriver tells its Counters round robin (`troupe-tell-local.ts`), alternating rounds with
 * the bare ring-buffer dispatch loop over as many mailboxes (`baselines/ring-dispatch.ts`).
 *
 * Ours is timed until every Counter has answered its end-of-round report, so the figure counts
 * those 2 tells per actor as handled messages too (at 1 M actors they are a large share of a
 * 500 ms round — the cost of touching every actor once, which is what this curve is about).
 */
import { createRingDispatchSession } from '../baselines/ring-dispatch.js';
import type { Curve, CurvePoint } from '../harness/curve.js';
import { runInterleaved } from '../harness/interleave.js';
import { medianThroughput } from '../harness/measure.js';
import type { Scenario } from '../harness/scenario.js';

export const ACTOR_COUNTS = [1_000, 10_000, 100_000, 300_000, 1_000_000] as const;
const DURATION_MS = 500;
const CHUNK = 1_000;
/** The driver spawns, and later asks every actor for its report, in single turns (see `troupe-tell-local.ts`). */
const WATCHDOG_MS = 60_000;

export const scalingActors: Scenario = {
  name: 'scaling-actors',
  description: 'in-thread tell throughput vs active actors, 1 k → 1 M (curve)',
  timeLimitMs: 240_000,
  plannedRounds: ACTOR_COUNTS.length * 4,
  async run() {
    const ours: CurvePoint[] = [];
    const baseline: CurvePoint[] = [];
    const failures: string[] = [];
    for (const actors of ACTOR_COUNTS) {
      const outcome = await runInterleaved({
        baseline: async () =>
          createRingDispatchSession({
            actors,
            durationMs: DURATION_MS,
            messagesPerStep: CHUNK,
            throughput: 64,
          }),
        ours: {
          label: `troupe tell-local, ${actors} actors`,
          load: () => import('./troupe-tell-local.js'),
          open: (half) =>
            half.openTroupeTellLocal({
              actors,
              durationMs: DURATION_MS,
              chunk: CHUNK,
              watchdogMs: WATCHDOG_MS,
            }),
        },
        warmupRounds: 1,
        rounds: 3,
        roundTimeoutMs: 60_000,
      });
      baseline.push({ x: actors, y: medianThroughput(outcome.baseline).perSecond });
      if (outcome.ours.status === 'measured') {
        const median = medianThroughput(outcome.ours.value);
        const handled = median.operations + 2 * actors;
        ours.push({
          x: actors,
          y: (handled * 1000) / median.elapsedMs,
          note: `${median.operations} tells + ${2 * actors} report tells in ${median.elapsedMs.toFixed(0)} ms`,
        });
      } else failures.push(`${actors}: ${outcome.ours.reason}`);
    }
    const curve: Curve = {
      scenario: 'scaling-actors',
      id: 'scaling-actors/tell-throughput',
      kind: 'scaling',
      title: 'In-thread tell throughput vs active actors (1 worker thread)',
      measures: `Messages handled per second on one thread while a driver tells N actors round robin, ${CHUNK} tells per turn, for ${DURATION_MS} ms rounds (median of 3 after 1 warm-up, alternating with the baseline); troupe timed until every actor answered its end-of-round report (those 2 tells per actor counted); the watchdog's turn/loop limits raised to ${WATCHDOG_MS / 1000} s, since the driver spawns all N, and asks all N for a report, in one turn; baseline: a bare ring-buffer dispatch loop over N mailboxes.${failures.length > 0 ? ` troupe failed at ${failures.join('; ')}.` : ''}`,
      x: { label: 'active actors', unit: 'actors', scale: 'log' },
      y: { label: 'throughput', unit: 'msg/s', scale: 'linear' },
      series: [
        { name: 'troupe', role: 'ours', points: ours },
        { name: 'ring-dispatch baseline', role: 'baseline', points: baseline },
      ],
    };
    return { results: [], curves: [curve] };
  },
};
