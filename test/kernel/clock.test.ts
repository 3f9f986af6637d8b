/**
 * The monotonic clock threads compare readings on: one origin for every thread (a worker's
 * reading lies between two of the main thread's), and its readings shown as wall time.
 */
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { monotonicMs, wallOffsetMs, wallTimeOf } from '../../src/kernel/clock.js';

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
  // Whole-ms `Date.now()` on both sides (each up to 1 ms behind the true time): within 2 ms,
  // 20 ms later as then.
  expect(Math.abs(wallTimeOf(reading) - wall)).toBeLessThan(2);
});

it('keeps the order and spacing of readings converted with one offset', () => {
  const first = monotonicMs();
  const second = first + 0.03;
  // Converted apart, each conversion's Date.now() may fall in another millisecond; with one offset
  // the spacing holds (to the float precision of epoch milliseconds, ~0.2 µs).
  const offset = wallOffsetMs();
  expect(wallTimeOf(second, offset) - wallTimeOf(first, offset)).toBeCloseTo(0.03, 3);
  // Near now (a wrong offset is years off; a loaded machine can deschedule us for a few ms here).
  expect(Math.abs(wallTimeOf(first, offset) - Date.now())).toBeLessThan(1_000);
});
