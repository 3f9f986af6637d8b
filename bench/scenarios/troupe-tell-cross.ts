/**
 * Troupe half of tell-cross: Blasters on one thread tell small messages to Sinks on the
 * other (2 threads). One direction (thread 0 → 1) and both directions at once (0 → 1 and
 * 1 → 0). Timed on the main thread from the `blast` tells until every Sink has answered
 * its `until` ask, i.e. until the last message was handled (includes ~2 main↔worker hops).
 * The message count is calibrated once at open so a one-direction run takes about `targetMs`.
 */
import type { ActorRef } from '../../src/kernel/index.js';
import { Blaster, type BlasterMsg } from '../actors/blaster.js';
import { Sink, type SinkMsg } from '../actors/sink.js';
import { nowMs, type Throughput, toThroughput } from '../harness/measure.js';
import type { MeasureSession } from '../harness/session.js';
import { assertOnThread, idOnThread, openSystemSession, type TroupeSystem } from './troupe-system.js';

export interface TroupeTellCrossOptions {
  /** Aim for one-direction runs of about this long, from a calibration run at open. */
  readonly targetMs: number;
  readonly calibrationMessages: number;
  readonly minMessages: number;
  readonly maxMessages: number;
  /** Tells per Blaster turn. */
  readonly chunk: number;
}

export const DEFAULT_TROUPE_TELL_CROSS: TroupeTellCrossOptions = {
  targetMs: 500,
  calibrationMessages: 100_000,
  minMessages: 100_000,
  maxMessages: 3_000_000,
  chunk: 1_000,
};

export interface TroupeTellCrossResult {
  readonly oneDirection: Throughput;
  readonly twoDirections: Throughput;
}

interface Lane {
  readonly blaster: ActorRef<BlasterMsg>;
  readonly sink: ActorRef<SinkMsg>;
  /** Messages this Sink will have received once the current round is done. */
  expected: number;
}

const THREADS = 2;

async function spawnLane(
  system: TroupeSystem,
  name: string,
  from: number,
  to: number,
  capacity: number,
): Promise<Lane> {
  const sink = await system.spawn(Sink, {
    id: idOnThread(`${name}-sink`, to, THREADS),
    mailbox: { capacity },
  });
  const blaster = await system.spawn(Blaster, { id: idOnThread(`${name}-blaster`, from, THREADS) });
  assertOnThread(sink, to);
  assertOnThread(blaster, from);
  return { blaster, sink, expected: 0 };
}

/** Every lane sends `count` messages at once; time until every Sink has handled them. */
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

/** Opens the lanes and calibrates the count once; each round runs one direction, then both. */
export function openTroupeTellCross(
  options = DEFAULT_TROUPE_TELL_CROSS,
): Promise<MeasureSession<TroupeTellCrossResult>> {
  return openSystemSession({ threads: THREADS, mailbox: { capacity: 100_000 } }, async (system) => {
    const capacity = options.maxMessages * 2;
    const forward = await spawnLane(system, 'forward', 0, 1, capacity);
    const backward = await spawnLane(system, 'backward', 1, 0, capacity);
    const calibration = await runRound([forward], options.calibrationMessages, options.chunk);
    const wanted = Math.round(calibration.perSecond * (options.targetMs / 1000));
    const count = Math.min(options.maxMessages, Math.max(options.minMessages, wanted));
    return async () => {
      const oneDirection = await runRound([forward], count, options.chunk);
      const twoDirections = await runRound([forward, backward], count, options.chunk);
      return { oneDirection, twoDirections };
    };
  });
}
