/**
 * The two ends of a raw postMessage round trip over a `MessagePort`: `echoOn` answers
 * every message with itself, `pingOver` sends one message at a time and records how long
 * each answer took. Used on the main thread and inside `raw-postmessage-worker.ts`.
 */
import type { MessagePort } from 'node:worker_threads';
import { microsSince } from '../harness/latency.js';
import type { PingMessage } from './raw-postmessage-protocol.js';

export function echoOn(port: MessagePort): void {
  port.on('message', (message: PingMessage) => port.postMessage(message));
}

/** `warmup` unrecorded round trips, then `rounds` recorded ones; returns µs per round trip. */
export async function pingOver(port: MessagePort, warmup: number, rounds: number): Promise<number[]> {
  let answer: (() => void) | null = null;
  const onMessage = () => answer?.();
  port.on('message', onMessage);
  const samples: number[] = [];
  try {
    for (let seq = 0; seq < warmup + rounds; seq++) {
      const answered = new Promise<void>((resolve) => {
        answer = resolve;
      });
      const start = process.hrtime.bigint();
      port.postMessage({ seq } satisfies PingMessage);
      await answered;
      if (seq >= warmup) samples.push(microsSince(start));
    }
  } finally {
    port.off('message', onMessage);
  }
  return samples;
}
