/**
 * The rows of a tool-call comparison (the mcp and http scenarios): from the baseline's and
 * our rounds of `CallSample`s (`mcp-calls.ts`), sequential round trips/s, call latency p50
 * and p99 (every sequential call of all rounds pooled), and pipelined calls/s — each next to
 * the baseline's figure of the same run. With `minRatio`, the two rates carry a target: at
 * least that share of the baseline's rate. This module measures nothing.
 */
import { summarizeLatency } from './latency.js';
import type { CallMeasureOptions, CallSample } from './mcp-calls.js';
import { medianThroughput } from './measure.js';
import type { BenchResult } from './result.js';
import { resultFromHalf, type TroupeHalf } from './troupe-half.js';

export interface CallRowsSpec {
  readonly scenario: string;
  /** What was called on our side, in the metric names (`check_file_lock, memory`). */
  readonly target: string;
  /** The baseline's name (`bare SDK echo server`). */
  readonly baseline: string;
  /** How the rounds ran, for the notes. */
  readonly how: string;
  readonly rounds: number;
  readonly measure: CallMeasureOptions;
  /** Ours / baseline calls/s at least this (e.g. 0.8): a target on both rates. */
  readonly minRatio?: number;
}

export function callResults(
  spec: CallRowsSpec,
  baseline: readonly CallSample[],
  ours: TroupeHalf<readonly CallSample[]>,
): BenchResult[] {
  const { scenario, target, measure } = spec;
  const sequential = medianThroughput(baseline.map((sample) => sample.sequential)).perSecond;
  const pipelined = medianThroughput(baseline.map((sample) => sample.pipelined)).perSecond;
  const latency = summarizeLatency(baseline.flatMap((sample) => sample.latency));
  const bound = (value: number) =>
    spec.minRatio === undefined ? {} : { target: Number((spec.minRatio * value).toPrecision(3)) };
  const wanted = spec.minRatio === undefined ? '' : `; target >= ${spec.minRatio}x`;
  const results: BenchResult[] = [
    resultFromHalf(
      {
        scenario,
        metric: `sequential round trips ${target}`,
        unit: 'calls/s',
        better: 'higher',
        baseline: { name: `${spec.baseline}, sequential`, value: sequential },
        ...bound(sequential),
        note: `${spec.how}; one call in flight for ${measure.sequentialMs} ms per round${wanted}`,
      },
      ours,
      (rounds) => medianThroughput(rounds.map((sample) => sample.sequential)).perSecond,
    ),
  ];
  for (const percentile of ['p50', 'p99'] as const) {
    results.push(
      resultFromHalf(
        {
          scenario,
          metric: `call latency ${percentile} ${target}`,
          unit: 'µs',
          better: 'lower',
          baseline: { name: `${spec.baseline}, sequential`, value: latency[percentile] },
          note: `every sequential call of all ${spec.rounds} rounds pooled, hrtime from callTool to its answer`,
        },
        ours,
        (rounds) => summarizeLatency(rounds.flatMap((sample) => sample.latency))[percentile],
      ),
    );
  }
  results.push(
    resultFromHalf(
      {
        scenario,
        metric: `pipelined calls ${target}`,
        unit: 'calls/s',
        better: 'higher',
        baseline: { name: `${spec.baseline}, ${measure.inFlight} in flight`, value: pipelined },
        ...bound(pipelined),
        note: `${spec.how}; ${measure.inFlight} calls in flight, each refilled as it answers, for ${measure.pipelinedMs} ms per round (timed until the last answer)${wanted}`,
      },
      ours,
      (rounds) => medianThroughput(rounds.map((sample) => sample.pipelined)).perSecond,
    ),
  );
  return results;
}

/** Our half's rounds mapped by `pick` (a missing half stays missing). */
export function mapHalf<T, U>(half: TroupeHalf<T>, pick: (value: T) => U): TroupeHalf<U> {
  return half.status === 'measured' ? { status: 'measured', value: pick(half.value) } : half;
}
