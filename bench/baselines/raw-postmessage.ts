/**
 * Baselines: raw `worker_threads` messaging, with no runtime in between.
 *
 * - `openRawBatchedThroughput`: a producer worker sends small msgpackr-encoded messages
 *   in transferred batches to a consumer worker; each round is msg/s until the consumer
 *   has decoded them all (timed on the main thread from "produce" to "reached").
 * - `openRawPingPong`: one message at a time between two endpoints, either main ↔ worker
 *   or worker ↔ worker; each round is the µs of every round trip.
 *
 * Worker code lives in `raw-postmessage-worker.ts`; the wire types in `raw-postmessage-protocol.ts`.
 */
import { MessageChannel, type Worker } from 'node:worker_threads';
import { nowMs, type Throughput, toThroughput } from '../harness/measure.js';
import { type MeasureSession, warmUpFor } from '../harness/session.js';
import { nextMessage, startWorker } from '../harness/worker-io.js';
import { pingOver } from './raw-ping.js';
import type { RawCommand, RawReport, RawWorkerData } from './raw-postmessage-protocol.js';

const WORKER_URL = new URL('./raw-postmessage-worker.js', import.meta.url);

function spawnRole(data: RawWorkerData): Promise<Worker> {
  return startWorker(WORKER_URL, data, [data.port]);
}

const send = (worker: Worker, command: RawCommand) => worker.postMessage(command);
const awaitReport = <T extends RawReport['type']>(worker: Worker, type: T) =>
  nextMessage<RawReport>(worker, (report) => report.type === type) as Promise<
    Extract<RawReport, { type: T }>
  >;

export interface RawThroughputOptions {
  /** Messages per round. */
  readonly messages: number;
  readonly batchSize: number;
}

export const DEFAULT_RAW_THROUGHPUT: RawThroughputOptions = { messages: 2_000_000, batchSize: 1000 };

export async function openRawBatchedThroughput(
  options = DEFAULT_RAW_THROUGHPUT,
): Promise<MeasureSession<Throughput>> {
  const { port1, port2 } = new MessageChannel();
  const consumer = await spawnRole({ role: 'consumer', port: port1 });
  const producer = await spawnRole({ role: 'producer', port: port2, batchSize: options.batchSize });
  return {
    measureRound: async () => {
      const armed = awaitReport(consumer, 'armed');
      send(consumer, { type: 'expect', count: options.messages });
      await armed;
      const reached = awaitReport(consumer, 'reached');
      const start = nowMs();
      send(producer, { type: 'produce', count: options.messages });
      const { count } = await reached;
      return toThroughput(count, nowMs() - start);
    },
    close: async () => {
      await Promise.all([consumer.terminate(), producer.terminate()]);
    },
  };
}

export type PingPongPath = 'main-worker' | 'worker-worker';

export interface PingPongOptions {
  readonly path: PingPongPath;
  /** Unrecorded round trips for this long when the session opens (fresh threads are cold). */
  readonly warmupMs: number;
  /** Unrecorded round trips at the start of every round. */
  readonly warmup: number;
  readonly rounds: number;
}

export const DEFAULT_PING_PONG: PingPongOptions = {
  path: 'worker-worker',
  warmupMs: 800,
  warmup: 100,
  rounds: 3_000,
};

export async function openRawPingPong(options = DEFAULT_PING_PONG): Promise<MeasureSession<number[]>> {
  const { port1, port2 } = new MessageChannel();
  const echo = await spawnRole({ role: 'echo', port: port2 });
  const pinger = options.path === 'worker-worker' ? await spawnRole({ role: 'pinger', port: port1 }) : null;
  const ping = async (warmup: number, rounds: number): Promise<number[]> => {
    if (!pinger) return pingOver(port1, warmup, rounds);
    const latencies = awaitReport(pinger, 'latencies');
    send(pinger, { type: 'ping', warmup, rounds });
    return (await latencies).samples;
  };
  await warmUpFor(options.warmupMs, () => ping(0, 500));
  return {
    measureRound: () => ping(options.warmup, options.rounds),
    close: async () => {
      if (!pinger) port1.close();
      await Promise.all([echo.terminate(), pinger?.terminate()]);
    },
  };
}
