/**
 * Scenario scaling-batch: durable turns/s vs commit batch size (a curve, `commit` mode).
 * The kernel has no batch-size knob: a thread commits what is pending, at most 256 entries per
 * transaction. So the curve varies what drives the batch — acked tells from main kept in flight
 * (1 → 1024, `troupe-scaling-batch.ts`) — and records the mean batch actually committed at each
 * point. Baseline: raw lmdb-js transactions of exactly that many puts, one in flight
 * (`baselines/raw-lmdb-transactions.ts`). Rounds alternate; medians of 3 after 1 warm-up.
 */
import { pack } from 'msgpackr';
import { openRawLmdbTransactions } from '../baselines/raw-lmdb-transactions.js';
import type { Curve, CurvePoint } from '../harness/curve.js';
import { runInterleaved } from '../harness/interleave.js';
import { medianThroughput } from '../harness/measure.js';
import type { Scenario } from '../harness/scenario.js';

export const BATCH_SIZES = [1, 4, 16, 64, 256, 1024] as const;
const DURATION_MS = 400;
const SINKS = 16;
/** What one Sink turn stores: the message it handled and the state it wrote (as in durable-turns). */
const TURN_VALUE = { message: { type: 'inc', by: 1 }, state: { received: 123_456, waiter: null } };

export const scalingBatch: Scenario = {
  name: 'scaling-batch',
  description: 'durable turns/s vs commit batch size, commit mode, vs raw lmdb transactions (curve)',
  timeLimitMs: 180_000,
  plannedRounds: BATCH_SIZES.length * 4,
  async run() {
    const ours: CurvePoint[] = [];
    const baseline: CurvePoint[] = [];
    const failures: string[] = [];
    for (const batch of BATCH_SIZES) {
      const outcome = await runInterleaved({
        baseline: () => openRawLmdbTransactions({ batch, durationMs: DURATION_MS, value: TURN_VALUE }),
        ours: {
          label: `troupe acked tells, ${batch} in flight`,
          load: () => import('./troupe-scaling-batch.js'),
          open: (half) =>
            half.openTroupeScalingBatch({ inFlight: batch, durationMs: DURATION_MS, sinks: SINKS }),
        },
        warmupRounds: 1,
        rounds: 3,
        roundTimeoutMs: 60_000,
      });
      baseline.push({ x: batch, y: medianThroughput(outcome.baseline).perSecond });
      if (outcome.ours.status === 'measured') {
        const samples = outcome.ours.value;
        const median = medianThroughput(samples.map((sample) => sample.tells));
        const meanBatch = samples.reduce((sum, sample) => sum + sample.meanBatch, 0) / samples.length;
        ours.push({
          x: batch,
          y: median.perSecond,
          note: `mean commit batch ${meanBatch.toFixed(1)} entries`,
        });
      } else failures.push(`${batch}: ${outcome.ours.reason}`);
    }
    const curve: Curve = {
      scenario: 'scaling-batch',
      id: 'scaling-batch/durable-turns',
      kind: 'scaling',
      title: 'Durable turns/s vs commit batch size (commit mode, 2 threads)',
      measures: `Troupe: acked tells from main to ${SINKS} durable Sinks with B awaited at a time for ${DURATION_MS} ms, timed until all were handled (each is a durable turn; a thread commits what is pending, ≤ 256 entries per transaction — hover a point for the mean batch committed). Baseline: raw lmdb-js transactions of B puts of ${pack(TURN_VALUE).length} B, one in flight (noSync). Median of 3 alternating rounds after 1 warm-up.${failures.length > 0 ? ` troupe failed at ${failures.join('; ')}.` : ''}`,
      x: {
        label: 'commit batch size B (tells in flight / puts per transaction)',
        unit: 'entries',
        scale: 'log',
      },
      y: { label: 'durable writes', unit: 'turns/s', scale: 'log' },
      series: [
        { name: 'troupe acked tells', role: 'ours', points: ours },
        { name: 'raw lmdb transactions', role: 'baseline', points: baseline },
      ],
    };
    return { results: [], curves: [curve] };
  },
};
