/**
 * Worker entry of the raw postMessage baselines (loaded as `raw-postmessage-worker.js`).
 * Its `workerData.role` decides what it does:
 *
 *   producer ──batches (transferred ArrayBuffers)──▶ consumer      throughput
 *   pinger   ──{ seq }──▶ echo ──{ seq }──▶ pinger                 round-trip latency
 *
 * The producer encodes each message with a sequential msgpackr `Packr` (records on),
 * concatenates a batch into one fresh buffer and transfers it; the consumer decodes with
 * `unpackMultiple` — the same wire shape as the runtime's links, minus the runtime.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Packr, Unpackr } from 'msgpackr';
import { echoOn, pingOver } from './raw-ping.js';
import type {
  RawBatch,
  RawCommand,
  RawReport,
  RawWorkerData,
  SmallMessage,
} from './raw-postmessage-protocol.js';

if (!parentPort) throw new Error('raw-postmessage-worker must run in a worker thread');
const parent = parentPort;
const data = workerData as RawWorkerData;
const report = (message: RawReport) => parent.postMessage(message);

function runProducer(config: Extract<RawWorkerData, { role: 'producer' }>): void {
  const packr = new Packr({ sequential: true, useRecords: true });
  let sequence = 0;
  const produce = (count: number) => {
    for (let sent = 0; sent < count; ) {
      const size = Math.min(config.batchSize, count - sent);
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      for (let index = 0; index < size; index++) {
        const message: SmallMessage = { to: sequence++ % 10_000, type: 'inc', by: 1 };
        const chunk = packr.pack(message);
        chunks.push(chunk);
        bytes += chunk.byteLength;
      }
      const buffer = new Uint8Array(bytes);
      let offset = 0;
      for (const chunk of chunks) {
        buffer.set(chunk, offset);
        offset += chunk.byteLength;
      }
      config.port.postMessage({ bytes: buffer } satisfies RawBatch, [buffer.buffer]);
      sent += size;
    }
  };
  parent.on('message', (command: RawCommand) => {
    if (command.type === 'produce') produce(command.count);
  });
}

function runConsumer(config: Extract<RawWorkerData, { role: 'consumer' }>): void {
  const unpackr = new Unpackr({ sequential: true, useRecords: true });
  let expected = Number.POSITIVE_INFINITY;
  let received = 0;
  config.port.on('message', (batch: RawBatch) => {
    const messages = unpackr.unpackMultiple(batch.bytes) as SmallMessage[];
    for (const message of messages) received += message.by;
    if (received >= expected) {
      report({ type: 'reached', count: received });
      expected = Number.POSITIVE_INFINITY;
    }
  });
  parent.on('message', (command: RawCommand) => {
    if (command.type !== 'expect') return;
    received = 0;
    expected = command.count;
    report({ type: 'armed' });
  });
}

function runPinger(config: Extract<RawWorkerData, { role: 'pinger' }>): void {
  parent.on('message', async (command: RawCommand) => {
    if (command.type !== 'ping') return;
    const samples = await pingOver(config.port, command.warmup, command.rounds);
    report({ type: 'latencies', samples });
  });
}

switch (data.role) {
  case 'producer':
    runProducer(data);
    break;
  case 'consumer':
    runConsumer(data);
    break;
  case 'echo':
    echoOn(data.port);
    break;
  case 'pinger':
    runPinger(data);
    break;
}
report({ type: 'ready' });
