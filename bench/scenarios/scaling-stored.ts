/**
 * Scenario scaling-stored: what the number of *stored* durable actors costs (a curve). For each
 * count a child process populates a fresh store with that many idle durable actors (the restart
 * scenario's setup, `troupe-restart.ts`; its spawn rate is a point note), then restarts are
 * timed: process start → first served message, median of 3 child processes after 1 warm-up,
 * alternating with the floor — a child that opens the same store with lmdb-js and reads one
 * record. Counts: 10 k → 1 M (`STORED_COUNTS`; 3 M and 10 M with `TROUPE_BENCH_STORED_MAX`): 1 M
 * populates in ~40 s on this 2-core VM, the threads' activation limit keeping the memory bounded;
 * `restart-10m` is the 10 M point on its own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLineOfKind, NodeChild } from '../harness/child-process.js';
import type { Curve, CurvePoint } from '../harness/curve.js';
import { reportRound } from '../harness/progress.js';
import type { Scenario } from '../harness/scenario.js';

const TOP = Math.max(10_000, Number(process.env.TROUPE_BENCH_STORED_MAX ?? 1_000_000));
export const STORED_COUNTS = [10_000, 100_000, 1_000_000, 3_000_000, 10_000_000].filter(
  (count) => count <= TOP,
);
const ROUNDS = 3;
const RAW_CHILD = new URL('../baselines/raw-lmdb-child.js', import.meta.url);

async function rawFirstRead(dataDir: string): Promise<number> {
  const child = new NodeChild(RAW_CHILD, ['first-read', dataDir, 'actors']);
  try {
    return (await child.waitFor(isLineOfKind('served'), 30_000, 'served')).atMs;
  } finally {
    await child.kill();
  }
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

export const scalingStored: Scenario = {
  name: 'scaling-stored',
  description: 'restart → first served message vs stored durable actors, 10 k → 1 M (curve)',
  timeLimitMs: 600_000,
  plannedRounds: STORED_COUNTS.length * (ROUNDS + 2),
  async run() {
    const half = await import('./troupe-restart.js');
    const ours: CurvePoint[] = [];
    const baseline: CurvePoint[] = [];
    const failures: string[] = [];
    const root = await mkdtemp(join(tmpdir(), 'troupe-bench-stored-'));
    try {
      for (const count of STORED_COUNTS) {
        const label = `${count} stored actors`;
        const dataDir = join(root, String(count));
        reportRound(label, 0, ROUNDS + 2);
        try {
          const populated = await half.populateIdleActors(dataDir, count);
          reportRound(label, 1, ROUNDS + 2);
          const starts: number[] = [];
          const floors: number[] = [];
          // Round 0 warms the page cache for both, unrecorded.
          for (let round = 0; round <= ROUNDS; round++) {
            const floor = await rawFirstRead(dataDir);
            const start = await half.timeFirstMessage(dataDir);
            if (round > 0) {
              floors.push(floor);
              starts.push(start);
            }
            reportRound(label, round + 2, ROUNDS + 2);
          }
          const rate = (populated.spawned * 1000) / populated.ms;
          ours.push({
            x: count,
            y: median(starts),
            note: `populated ${populated.spawned} in ${(populated.ms / 1000).toFixed(1)} s (${Math.round(rate)} actors/s)`,
          });
          baseline.push({ x: count, y: median(floors) });
        } catch (error) {
          failures.push(`${count}: ${describe(error)}`);
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
    const curve: Curve = {
      scenario: 'scaling-stored',
      id: 'scaling-stored/first-message',
      kind: 'scaling',
      title: 'Restart → first served message vs stored durable actors',
      measures: `ms from spawning a child process on a store holding N idle durable actors to its first answered ask (troupe), and to one record read with lmdb-js (floor); median of ${ROUNDS} alternating child processes after 1 warm-up; the store populated first by a child (untimed; hover a point for its spawn rate). Counts up to ${TOP} (TROUPE_BENCH_STORED_MAX).${failures.length > 0 ? ` Failed: ${failures.join('; ')}.` : ''}`,
      x: { label: 'stored durable actors', unit: 'actors', scale: 'log' },
      y: { label: 'process start → first served message', unit: 'ms', scale: 'linear' },
      series: [
        { name: 'troupe', role: 'ours', points: ours },
        { name: 'node + lmdb open + one read', role: 'baseline', points: baseline },
      ],
    };
    return { results: [], curves: [curve] };
  },
};
