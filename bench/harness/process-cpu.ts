/**
 * CPU time of another process (all its threads), read from `/proc/<pid>/stat` — user +
 * system, in µs. On a machine shared with other work, wall-clock latency moves with the
 * load; the CPU a process spends per request moves much less, so a scenario can report
 * both. Linux only: elsewhere (or once the process is gone) the reading is `null`.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc` times (`getconf CLK_TCK`; 100 on every Linux we run on). */
const CLOCK_TICKS_PER_SECOND = 100;

/** µs of CPU `pid` has used so far, or null when it cannot be read. */
export function processCpuMicros(pid: number | null | undefined): number | null {
  if (pid === null || pid === undefined) return null;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 (utime) and 15 (stime) of the whole line are 12 and 13 after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1e6) / CLOCK_TICKS_PER_SECOND : null;
}

/**
 * Fewest clock ticks a reading must span to be a figure: `/proc` counts whole ticks (10 ms),
 * so a short round reads 0 or 1 tick whatever was spent; below this it is not readable.
 */
export const MIN_READABLE_TICKS = 5;

/**
 * µs of CPU `pid` used while `work` ran, with what `work` returned — null µs when unreadable,
 * or when the round was too short for `/proc`'s tick to measure it (under MIN_READABLE_TICKS).
 */
export async function withProcessCpu<T>(
  pid: number | null | undefined,
  work: () => Promise<T>,
): Promise<{ value: T; cpuMicros: number | null }> {
  const before = processCpuMicros(pid);
  const value = await work();
  const after = processCpuMicros(pid);
  if (before === null || after === null) return { value, cpuMicros: null };
  const spent = after - before;
  const floor = (MIN_READABLE_TICKS * 1e6) / CLOCK_TICKS_PER_SECOND;
  return { value, cpuMicros: spent < floor ? null : spent };
}
