/** The CPU reading of a process from /proc: whole ticks only, so a round too short for them is no figure. */
import { expect, it } from 'vitest';
import { MIN_READABLE_TICKS, processCpuMicros, withProcessCpu } from '../../../bench/harness/process-cpu.js';

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // burn CPU on this thread
  }
}

it('reads this process in µs, and nothing for a process that is not there', () => {
  expect(processCpuMicros(process.pid)).toBeGreaterThan(0);
  expect(processCpuMicros(null)).toBeNull();
  expect(processCpuMicros(2 ** 30)).toBeNull();
});

it('gives a figure for a round of several ticks and none for a round shorter than its tick', async () => {
  const short = await withProcessCpu(process.pid, async () => 'short');
  expect(short).toEqual({ value: 'short', cpuMicros: null });
  const long = await withProcessCpu(process.pid, async () => spin(MIN_READABLE_TICKS * 10 * 3));
  expect(long.cpuMicros).toBeGreaterThanOrEqual(MIN_READABLE_TICKS * 10_000);
});
