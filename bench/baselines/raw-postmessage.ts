/**
 * Baselines: raw `worker_threads` messaging, with no runtime in between.
 *
 * - `measureRawBatchedThroughput`: a producer worker sends small msgpackr-encoded
 *   messages in transferred batches to a consumer worker; msg/s until the consumer has
 *   decoded them all (timed on the main thread from "produce" to "reached").
 * - `measureRawPingPong`: one message at a time between two endpoints, µs per round trip,
 *   either main ↔ worker or worker ↔ worker.
 *
 * Worker code lives in `raw-postmessage-worker.ts`; the wire types in `raw-postmessage-protocol.ts`.
 */
import { MessageChannel, type Worker } from 'node:worker_threads';
import { summarizeLatency, type LatencySummary } from '../harness/latency.js';
import { nowMs, toThroughput, type Throughput } from '../harness/measure.js';
import { nextMessage, startWorker } from '../harness/worker-io.js';
import { pingOver } from './raw-ping.js';
import type { RawCommand, RawReport, RawWorkerData } from './raw-postmessage-protocol.js';

const WORKER_URL = new URL('./raw-postmessage-worker.js', import.meta.url);

function spawnRole(data: RawWorkerData): Promise<Worker> {
  return startWorker(WORKER_URL, data, [data.port]);
}

const send = (worker: Worker, command: RawCommand) => worker.postMessage(command);
const awaitReport = <T extends RawReport['type']>(worker: Worker, type: T) =>
  nextMessage<RawReport>(worker, (report) => report.type === type) as Promise<Extract<RawReport, { type: T }>>;

export interface RawThroughputOptions {
  readonly messages: number;
  readonly warmupMessages: number;
  readonly batchSize: number;
}

export const DEFAULT_RAW_THROUGHPUT: RawThroughputOptions = { messages: 3_000_000, warmupMessages: 300_000, batchSize: 1000 };

export async function measureRawBatchedThroughput(options = DEFAULT_RAW_THROUGHPUT): Promise<Throughput> {
  const { port1, port2 } = new MessageChannel();
  const consumer = await spawnRole({ role: 'consumer', port: port1 });
  const producer = await spawnRole({ role: 'producer', port: port2, batchSize: options.batchSize });
  const round = async (count: number): Promise<Throughput> => {
    const armed = awaitReport(consumer, 'armed');
    send(consumer, { type: 'expect', count });
    await armed;
    const reached = awaitReport(consumer, 'reached');
    const start = nowMs();
    send(producer, { type: 'produce', count });
    const { count: received } = await reached;
    return toThroughput(received, nowMs() - start);
  };
  try {
    await round(options.warmupMessages);
    return await round(options.messages);
  } finally {
    await Promise.all([consumer.terminate(), producer.terminate()]);
  }
}

export type PingPongPath = 'main-worker' | 'worker-worker';

export interface PingPongOptions {
  readonly path: PingPongPath;
  readonly warmup: number;
  readonly rounds: number;
}

export const DEFAULT_PING_PONG: PingPongOptions = { path: 'worker-worker', warmup: 1_000, rounds: 10_000 };

export async function measureRawPingPong(options = DEFAULT_PING_PONG): Promise<LatencySummary> {
  const { port1, port2 } = new MessageChannel();
  const echo = await spawnRole({ role: 'echo', port: port2 });
  try {
    if (options.path === 'main-worker') {
      const samples = await pingOver(port1, options.warmup, options.rounds);
      port1.close();
      return summarizeLatency(samples);
    }
    const pinger = await spawnRole({ role: 'pinger', port: port1, warmup: options.warmup, rounds: options.rounds });
    try {
      const latencies = awaitReport(pinger, 'latencies');
      send(pinger, { type: 'ping' });
      return summarizeLatency((await latencies).samples);
    } finally {
      await pinger.terminate();
    }
  } finally {
    await echo.terminate();
  }
}
