/**
 * Every message of the raw postMessage baselines, in one place: what the main thread
 * gives each worker at start (`RawWorkerData`), what it sends them, and what they answer.
 */
import type { MessagePort } from 'node:worker_threads';

/** One small message of the throughput test, the same shape an actor tell would carry. */
export interface SmallMessage {
  readonly to: number;
  readonly type: 'inc';
  readonly by: number;
}

/** A batch on the wire: the concatenated msgpackr records, transferred (not copied). */
export interface RawBatch {
  readonly bytes: Uint8Array;
}

export type RawWorkerData =
  | { readonly role: 'producer'; readonly port: MessagePort; readonly batchSize: number }
  | { readonly role: 'consumer'; readonly port: MessagePort }
  | { readonly role: 'echo'; readonly port: MessagePort }
  | { readonly role: 'pinger'; readonly port: MessagePort };

/** Main thread → worker (on `parentPort`). */
export type RawCommand =
  | { readonly type: 'produce'; readonly count: number }
  | { readonly type: 'expect'; readonly count: number }
  | { readonly type: 'ping'; readonly warmup: number; readonly rounds: number };

/** Worker → main thread (on `parentPort`). */
export type RawReport =
  | { readonly type: 'ready' }
  | { readonly type: 'armed' }
  | { readonly type: 'reached'; readonly count: number }
  | { readonly type: 'latencies'; readonly samples: number[] };

/** A ping or its echo. */
export interface PingMessage {
  readonly seq: number;
}
