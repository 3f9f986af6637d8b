/**
 * Troupe half of durable-turns, on a durable system (2 threads) in `commit` or `flush` mode:
 *
 * - turns: Blasters tell small messages to Sinks on the other thread, both directions at
 *   once; every message is one durable turn of its Sink (inbox entry removed, state
 *   written) and reached it through the Blaster's durable turns. Timed on the main thread
 *   from the `blast` tells until both Sinks answered their `until` ask — and a reply
 *   leaves only after its turn committed — so every counted turn is applied and durable.
 * - acked tells: main tells Sinks with `concurrency` tells in flight, each awaited (the
 *   receipt resolves once the message is committed to the Sink's inbox); timed until the
 *   Sinks answered `until` (all applied).
 * - ack latency: sequential `await sink.tell(…)` from main, µs each.
 *
 * The message count is calibrated once at open so a turns round takes about `targetMs`.
 */
import type { ActorRef } from '../../src/kernel/index.js';
import { Blaster, type BlasterMsg } from '../actors/blaster.js';
import { Sink, type SinkMsg } from '../actors/sink.js';
import { microsSince } from '../harness/latency.js';
import { nowMs, type Throughput, toThroughput } from '../harness/measure.js';
import type { MeasureSession } from '../harness/session.js';
import { type Durability, openDurableSystemSession } from './troupe-durable-system.js';
import { assertOnThread, idOnThread, type TroupeSystem } from './troupe-system.js';

export interface TroupeDurableTurnsOptions {
  readonly durability: Durability;
  readonly targetMs: number;
  readonly calibrationMessages: number;
  readonly minMessages: number;
  readonly maxMessages: number;
  /** Tells per Blaster turn. */
  readonly chunk: number;
  /** Acked tells from main per round, and how many are in flight at once. */
  readonly mainTells: number;
  readonly concurrency: number;
  readonly latencySamples: number;
}

export interface DurableTurnsSample {
  readonly turns: Throughput;
  readonly mainTells: Throughput;
  /** µs from `tell` to its resolution, one at a time. */
  readonly ackLatency: number[];
}

const THREADS = 2;

interface Counted {
  readonly sink: ActorRef<SinkMsg>;
  /** Messages this Sink will have handled once the current round is done. */
  expected: number;
}

interface Lane extends Counted {
  readonly blaster: ActorRef<BlasterMsg>;
}

async function spawnSink(
  system: TroupeSystem,
  name: string,
  thread: number,
  capacity: number,
): Promise<Counted> {
  const sink = await system.spawn(Sink, {
    id: idOnThread(`${name}-sink`, thread, THREADS),
    mailbox: { capacity },
  });
  assertOnThread(sink, thread);
  return { sink, expected: 0 };
}

async function spawnLane(
  system: TroupeSystem,
  name: string,
  from: number,
  to: number,
  capacity: number,
): Promise<Lane> {
  const counted = await spawnSink(system, name, to, capacity);
  const blaster = await system.spawn(Blaster, { id: idOnThread(`${name}-blaster`, from, THREADS) });
  assertOnThread(blaster, from);
  return { ...counted, blaster };
}

const untilAll = (sinks: readonly Counted[]) =>
  Promise.all(
    sinks.map((counted) =>
      counted.sink.ask<number>({ type: 'until', count: counted.expected }, { timeoutMs: 120_000 }),
    ),
  );

async function runTurns(lanes: readonly Lane[], count: number, chunk: number): Promise<Throughput> {
  const start = nowMs();
  for (const lane of lanes) lane.expected += count;
  const finished = untilAll(lanes);
  for (const lane of lanes) lane.blaster.tell({ type: 'blast', target: lane.sink, count, chunk });
  await finished;
  return toThroughput(count * lanes.length, nowMs() - start);
}

async function runMainTells(
  sinks: readonly Counted[],
  total: number,
  concurrency: number,
): Promise<Throughput> {
  const start = nowMs();
  let next = 0;
  const sender = async () => {
    while (next < total) {
      const counted = sinks[next++ % sinks.length] as Counted;
      counted.expected++;
      await counted.sink.tell({ type: 'inc', by: 1 });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  await untilAll(sinks);
  return toThroughput(total, nowMs() - start);
}

async function measureAckLatency(counted: Counted, samples: number): Promise<number[]> {
  const latency: number[] = [];
  for (let index = 0; index < samples; index++) {
    const begin = process.hrtime.bigint();
    await counted.sink.tell({ type: 'inc', by: 1 });
    latency.push(microsSince(begin));
    counted.expected++;
  }
  return latency;
}

export function openTroupeDurableTurns(
  options: TroupeDurableTurnsOptions,
): Promise<MeasureSession<DurableTurnsSample>> {
  const capacity = options.maxMessages * 2;
  const systemOptions = { threads: THREADS, mailbox: { capacity: 100_000 } };
  return openDurableSystemSession(options.durability, systemOptions, async (system) => {
    const lanes = [
      await spawnLane(system, 'forward', 0, 1, capacity),
      await spawnLane(system, 'backward', 1, 0, capacity),
    ];
    const mainSinks = [
      await spawnSink(system, 'main-0', 0, capacity),
      await spawnSink(system, 'main-1', 1, capacity),
    ];
    const calibration = await runTurns(lanes, options.calibrationMessages, options.chunk);
    const wanted = Math.round((calibration.perSecond * (options.targetMs / 1000)) / lanes.length);
    const count = Math.min(options.maxMessages, Math.max(options.minMessages, wanted));
    return async () => {
      const turns = await runTurns(lanes, count, options.chunk);
      const mainTells = await runMainTells(mainSinks, options.mainTells, options.concurrency);
      const ackLatency = await measureAckLatency(mainSinks[1] as Counted, options.latencySamples);
      return { turns, mainTells, ackLatency };
    };
  });
}
