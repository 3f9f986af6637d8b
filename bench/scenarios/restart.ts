/**
 * Scenario restart: what a restart on a big store costs.
 *
 * (a) Process start → first served message, with `SCALE` persisted idle actors in the
 *     store (created once in a setup child, not timed). Baseline: a child that opens the
 *     same store with lmdb-js and reads one actor record. Both are timed from the spawn to
 *     their first output line; median of alternating rounds. Target ≤ 300 ms.
 * (b) Redelivery after kill -9: `SCALE` items committed to the inboxes of blocked actors,
 *     the process killed, a new one started: items handled per second, from the new
 *     process's start to the last item. Baseline: a child reading the same inbox entries
 *     with `getRange`, timed the same way (from its process start).
 *
 * `TROUPE_BENCH_RESTART_SCALE` sets the scale (default 1 M); the JSON note records it.
 * Everything lives in one temporary directory, removed at the end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLineOfKind, NodeChild } from '../harness/child-process.js';
import type { BenchResult } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';
import { resultFromHalf, type TroupeHalf } from '../harness/troupe-half.js';

const SCALE = Math.max(1_000, Number(process.env.TROUPE_BENCH_RESTART_SCALE ?? 1_000_000));
const ROUNDS = 5;
const BACKLOG_ACTORS = 8;
const RAW_CHILD = new URL('../baselines/raw-lmdb-child.js', import.meta.url);
/** Store databases read by the baselines (see src/persistence/databases.ts). */
const ACTORS_DATABASE = 'actors';
const INBOX_DATABASE = 'inbox';

type Half = typeof import('./troupe-restart.js');

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' | ').slice(0, 600);
}

async function attempt<T>(work: () => Promise<T>): Promise<TroupeHalf<T>> {
  try {
    return { status: 'measured', value: await work() };
  } catch (error) {
    return { status: 'failed', reason: describe(error) };
  }
}

async function rawFirstRead(dataDir: string): Promise<number> {
  const child = new NodeChild(RAW_CHILD, ['first-read', dataDir, ACTORS_DATABASE]);
  try {
    return (await child.waitFor(isLineOfKind('served'), 30_000, 'served')).atMs;
  } finally {
    await child.kill();
  }
}

async function rawScan(dataDir: string): Promise<{ entries: number; ms: number }> {
  const child = new NodeChild(RAW_CHILD, ['scan', dataDir, INBOX_DATABASE]);
  try {
    const { line } = await child.waitFor(isLineOfKind('scanned'), 60_000, 'scanned');
    return { entries: Number(line.entries), ms: Number(line.ms) };
  } finally {
    await child.kill();
  }
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export const restart: Scenario = {
  name: 'restart',
  description: `restart on a store of ${SCALE} idle actors / redelivery of a ${SCALE}-message backlog vs raw lmdb`,
  async run() {
    const root = await mkdtemp(join(tmpdir(), 'troupe-bench-restart-'));
    const actorsDir = join(root, 'actors');
    const backlogDir = join(root, 'backlog');
    try {
      let half: TroupeHalf<Half>;
      try {
        half = { status: 'measured', value: await import('./troupe-restart.js') };
      } catch (error) {
        half = { status: 'unavailable', reason: describe(error) };
      }
      const ours = half.status === 'measured' ? half.value : null;
      const absent = {
        status: 'unavailable',
        reason: half.status === 'measured' ? '' : half.reason,
      } as const;

      // (a) first served message.
      const populated = ours ? await attempt(() => ours.populateIdleActors(actorsDir, SCALE)) : absent;
      const baselineStarts: number[] = [];
      const ourStarts: number[] = [];
      let starts: TroupeHalf<number[]> =
        populated.status === 'measured' ? { status: 'measured', value: ourStarts } : populated;
      if (ours && populated.status === 'measured') {
        for (let round = 0; round <= ROUNDS; round++) {
          const baseline = await rawFirstRead(actorsDir);
          const outcome = await attempt(() => ours.timeFirstMessage(actorsDir));
          if (outcome.status !== 'measured') {
            starts = outcome;
            break;
          }
          // Round 0 warms the page cache and the OS's file metadata for both.
          if (round > 0) {
            baselineStarts.push(baseline);
            ourStarts.push(outcome.value);
          }
        }
      }
      const setupNote =
        populated.status === 'measured'
          ? `setup (untimed): ${populated.value.spawned} idle actors spawned and committed in ${seconds(populated.value.ms)}`
          : 'setup failed';

      // (b) redelivery of a backlog after kill -9.
      let scan = { entries: 0, ms: NaN };
      let drained: TroupeHalf<{ handled: number; ms: number }> = ours
        ? { status: 'failed', reason: 'not run' }
        : absent;
      let fillMs = NaN;
      if (ours) {
        const filled = await attempt(() => ours.fillBacklog(backlogDir, SCALE, BACKLOG_ACTORS));
        if (filled.status === 'measured') {
          fillMs = filled.value;
          scan = await rawScan(backlogDir);
          drained = await attempt(() => ours.drainBacklog(backlogDir, SCALE, BACKLOG_ACTORS));
        } else drained = filled;
      }
      const results: BenchResult[] = [
        resultFromHalf(
          {
            scenario: 'restart',
            metric: `process start → first served message, ${SCALE} idle actors stored`,
            unit: 'ms',
            better: 'lower',
            baseline: { name: 'node + lmdb open + one read', value: median(baselineStarts) },
            note: `scale ${SCALE}; median of ${ROUNDS} alternating child processes (after 1 warm-up each), timed by the parent from spawn to the first output line; each of ours is killed -9 after answering; ${setupNote}; target <= 300 ms`,
          },
          starts,
          (values) => median(values),
        ),
        resultFromHalf(
          {
            scenario: 'restart',
            metric: `redelivery after kill -9, ${SCALE}-message backlog`,
            unit: 'msg/s',
            better: 'higher',
            baseline: {
              name: 'raw lmdb getRange over the inbox',
              value: scan.ms > 0 ? (scan.entries * 1000) / scan.ms : NaN,
            },
            note: `scale ${SCALE} items over ${BACKLOG_ACTORS} actors on 2 threads, committed in ${seconds(fillMs)} (untimed), process killed -9; both timed from their process start to the last item handled / read (baseline read ${scan.entries} entries)`,
          },
          drained,
          (report) => {
            if (report.handled !== SCALE) throw new Error(`handled ${report.handled} of ${SCALE}`);
            return (report.handled * 1000) / report.ms;
          },
        ),
      ];
      return results;
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
