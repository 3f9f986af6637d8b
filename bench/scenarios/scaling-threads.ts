/**
 * Scenario scaling-threads: cross-thread tell throughput as threads grow, 1 → cores (and twice
 * the cores, to show what oversubscription costs). Troupe only (`troupe-scaling-threads.ts`):
 * a ring of Blaster→Sink lanes, one per thread, each sending to the next thread. A curve, no
 * ratio row; the same-run raw baseline of the 2-thread case is tell-cross's.
 */
import { availableParallelism } from 'node:os';
import type { Curve, CurvePoint } from '../harness/curve.js';
import { runInterleaved } from '../harness/interleave.js';
import { medianThroughput } from '../harness/measure.js';
import type { Scenario } from '../harness/scenario.js';
import { createSyncSession } from '../harness/session.js';

/** 1, 2, … cores, then 2 × cores (at least 1, 2 and 4 on a 2-core machine). */
export function threadCounts(cores: number): number[] {
  const counts = Array.from({ length: Math.max(cores, 2) }, (_, index) => index + 1);
  return [...counts, Math.max(cores, 2) * 2];
}

const OPTIONS = { targetMs: 500, calibrationMessages: 100_000, maxMessages: 3_000_000, chunk: 1_000 };

export const scalingThreads: Scenario = {
  name: 'scaling-threads',
  description: 'cross-thread tell throughput vs worker threads, 1 → cores (curve)',
  timeLimitMs: 180_000,
  plannedRounds: threadCounts(availableParallelism()).length * 4,
  async run() {
    const cores = availableParallelism();
    const points: CurvePoint[] = [];
    const failures: string[] = [];
    for (const threads of threadCounts(cores)) {
      const outcome = await runInterleaved({
        // Nothing to alternate with: the figure is ours at each thread count.
        baseline: async () => createSyncSession(() => null),
        ours: {
          label: `troupe ring, ${threads} threads`,
          load: () => import('./troupe-scaling-threads.js'),
          open: (half) => half.openTroupeScalingThreads({ threads, ...OPTIONS }),
        },
        warmupRounds: 1,
        rounds: 3,
        roundTimeoutMs: 60_000,
      });
      if (outcome.ours.status === 'measured') {
        const median = medianThroughput(outcome.ours.value);
        points.push({
          x: threads,
          y: median.perSecond,
          note: `${median.operations} messages in ${median.elapsedMs.toFixed(0)} ms`,
        });
      } else failures.push(`${threads} threads: ${outcome.ours.reason}`);
    }
    const curve: Curve = {
      scenario: 'scaling-threads',
      id: 'scaling-threads/ring-throughput',
      kind: 'scaling',
      title: `Cross-thread tell throughput vs worker threads (${cores} cores)`,
      measures: `Total messages handled per second when each of N threads' Blaster tells a Sink on the next thread (a ring; 1 thread: same-thread), all lanes at once, ${OPTIONS.chunk} tells per turn, rounds of about ${OPTIONS.targetMs} ms timed on the main thread until every Sink answered (median of 3 after 1 warm-up). Thread counts past ${cores} oversubscribe the cores.${failures.length > 0 ? ` Failed: ${failures.join('; ')}.` : ''}`,
      x: { label: 'worker threads', unit: 'threads', scale: 'linear' },
      y: { label: 'throughput', unit: 'msg/s', scale: 'linear' },
      series: [{ name: 'troupe', role: 'ours', points }],
    };
    return { results: [], curves: [curve] };
  },
};
