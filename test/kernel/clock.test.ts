/**
 * The monotonic clock threads compare readings on: one origin for every thread (a worker's
 * reading lies between two of the main thread's), and its readings shown as wall time.
 */
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { monotonicMs, wallTimeOf } from '../../src/kernel/clock.js';

it('reads the same clock on a worker thread as on the main thread', async () => {
  const clockUrl = new URL('../../src/kernel/clock.js', import.meta.url).href;
  const worker = new Worker(
    `import(${JSON.stringify(clockUrl)}).then(({ monotonicMs }) => require('node:worker_threads').parentPort.postMessage(monotonicMs()))`,
    { eval: true },
  );
  const before = monotonicMs();
  const reading = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const after = monotonicMs();
  await worker.terminate();
  expect(reading).toBeGreaterThanOrEqual(before);
  expect(reading).toBeLessThanOrEqual(after);
});

it('shows a reading as the wall time it was taken at', async () => {
  const reading = monotonicMs();
  const wall = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 20));
  // Whole-ms `Date.now()` on both sides: within a millisecond, 20 ms later as then.
  expect(Math.abs(wallTimeOf(reading) - wall)).toBeLessThanOrEqual(1);
});
