/**
 * Troupe half of scaling-threads: on a system of N threads, thread k's Blaster tells a Sink on
 * thread k+1 (mod N) — a ring, so every thread sends and receives; with 1 thread it is a
 * same-thread lane. Every lane blasts `count` messages at once; the round is timed on the main
 * thread until every Sink answered its `until` ask (all handled). Total messages per second.
 * The count is calibrated once at open so a round takes about `targetMs`.
 */
import type { ActorRef } from '../../src/kernel/index.js';
import { Blaster, type BlasterMsg } from '../actors/blaster.js';
import { Sink, type SinkMsg } from '../actors/sink.js';
import { nowMs, type Throughput, toThroughput } from '../harness/measure.js';
import type { MeasureSession } from '../harness/session.js';
import { assertOnThread, idOnThread, openSystemSession } from './troupe-system.js';

export interface TroupeScalingThreadsOptions {
  readonly threads: number;
  readonly targetMs: number;
  readonly calibrationMessages: number;
  readonly maxMessages: number;
  readonly chunk: number;
}

interface Lane {
  readonly blaster: ActorRef<BlasterMsg>;
  readonly sink: ActorRef<SinkMsg>;
  expected: number;
}

async function runRound(lanes: readonly Lane[], count: number, chunk: number): Promise<Throughput> {
  const start = nowMs();
  const finished = lanes.map((lane) => {
    lane.expected += count;
    return lane.sink.ask<number>({ type: 'until', count: lane.expected }, { timeoutMs: 60_000 });
  });
  for (const lane of lanes) lane.blaster.tell({ type: 'blast', target: lane.sink, count, chunk });
  await Promise.all(finished);
  return toThroughput(count * lanes.length, nowMs() - start);
}

export function openTroupeScalingThreads(
  options: TroupeScalingThreadsOptions,
): Promise<MeasureSession<Throughput>> {
  const { threads } = options;
  const capacity = options.maxMessages * 2;
  return openSystemSession({ threads, mailbox: { capacity: 100_000 } }, async (system) => {
    const lanes: Lane[] = [];
    for (let from = 0; from < threads; from++) {
      const to = (from + 1) % threads;
      const sink = await system.spawn(Sink, {
        id: idOnThread(`ring-${from}-sink`, to, threads),
        mailbox: { capacity },
      });
      const blaster = await system.spawn(Blaster, { id: idOnThread(`ring-${from}-blaster`, from, threads) });
      assertOnThread(sink, to);
      assertOnThread(blaster, from);
      lanes.push({ blaster, sink, expected: 0 });
    }
    const perLane = Math.ceil(options.calibrationMessages / threads);
    const calibration = await runRound(lanes, perLane, options.chunk);
    const wanted = Math.round((calibration.perSecond * (options.targetMs / 1000)) / threads);
    const count = Math.min(options.maxMessages, Math.max(perLane, wanted));
    return () => runRound(lanes, count, options.chunk);
  });
}
