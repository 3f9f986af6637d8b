/**
 * Small helpers for talking to a bare `worker_threads` Worker from the main thread:
 * start one and wait until it says it is ready, and wait for its next message of a type.
 * A worker error or exit while waiting rejects instead of hanging.
 */
import { type TransferListItem, Worker } from 'node:worker_threads';

/** Resolve with the first message `accept` returns true for; reject on error or exit. */
export function nextMessage<T>(worker: Worker, accept: (message: T) => boolean): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: T) => {
      if (!accept(message)) return;
      cleanup();
      resolve(message);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`worker exited with code ${code} before answering`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** Start a worker and wait for its `{ type: 'ready' }`. */
export async function startWorker(
  url: URL,
  workerData: unknown,
  transferList: TransferListItem[],
): Promise<Worker> {
  const worker = new Worker(url, { workerData, transferList });
  try {
    await nextMessage<{ type: string }>(worker, (message) => message.type === 'ready');
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return worker;
}
