/** The CPU reading of a process from /proc: whole ticks only, so a round too short for them is no figure. */
import { expect, it } from 'vitest';
import { MIN_READABLE_TICKS, processCpuMicros, withProcessCpu } from '../../../bench/harness/process-cpu.js';

/** Burn `micros` of this process's CPU (as /proc counts it), however the machine shares its cores meanwhile. */
function spin(micros: number): void {
  const start = processCpuMicros(process.pid) ?? 0;
  const deadline = performance.now() + 30_000;
  while ((processCpuMicros(process.pid) ?? 0) - start < micros && performance.now() < deadline) {
    for (let i = 0; i < 1e5; i++) Math.sqrt(i); // burn CPU on this thread
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
  // Spun by CPU, not by wall time: a loaded machine (CI's other test files) gives the thread less than a core.
  const long = await withProcessCpu(process.pid, async () => spin(MIN_READABLE_TICKS * 10_000 * 2));
  expect(long.cpuMicros).toBeGreaterThanOrEqual(MIN_READABLE_TICKS * 10_000);
});
