/**
 * Floods: many agents acquiring and releasing many paths at once (every grant is exclusive,
 * every release by its holder succeeds, nothing is left held), and 10,000 paths locked one
 * after another — each a lock actor of its own, so the 10,001st costs what the 1st did. The
 * timings are printed (stderr), not asserted: speed is measured, never asserted in tests.
 */
import { afterEach, expect, it } from 'vitest';
import { acquireFileLock, releaseFileLock } from '../../../../actors/coordination/locks/api.js';
import type { FileLease } from '../../../../actors/coordination/locks/lease.js';
import { LockWorld } from './lock-world.js';

let world: LockWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const report = (line: string) => process.stderr.write(`[locks scale] ${line}\n`);

/** Run `count` operations, `inFlight` at a time; the ms each block of `block` completions took. */
async function timedFlood(
  count: number,
  inFlight: number,
  block: number,
  operation: (index: number) => Promise<void>,
): Promise<number[]> {
  let next = 0;
  let done = 0;
  let blockStart = performance.now();
  const blocks: number[] = [];
  const worker = async () => {
    while (next < count) {
      await operation(next++);
      if (++done % block === 0) {
        const now = performance.now();
        blocks.push(now - blockStart);
        blockStart = now;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return blocks;
}

it('keeps every lease exclusive under a flood of acquires and releases from many agents on many paths', async () => {
  world = await LockWorld.open();
  const w = world;
  const agents = Array.from({ length: 24 }, (_, i) => `agent-${i}`);
  await w.register(...agents);
  const paths = Array.from({ length: 40 }, (_, i) => `src/shared-${i}.ts`);
  const holders = new Map<string, string>();
  let granted = 0;
  let locked = 0;
  const blocks = await timedFlood(2_400, 48, 600, async (i) => {
    const agentId = agents[i % agents.length] as string;
    const filePath = paths[(i * 7919) % paths.length] as string;
    const outcome = await acquireFileLock(w.system, w.as(agentId), { filePath, ttlS: 60 }, w.options);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('locked');
      locked++;
      return;
    }
    // Nobody else holds it while this agent does.
    expect(holders.get(filePath)).toBeUndefined();
    holders.set(filePath, agentId);
    granted++;
    holders.delete(filePath);
    const released = await releaseFileLock(w.system, w.as(agentId), { filePath }, w.options);
    expect(released).toMatchObject({ ok: true, value: { holder: agentId } });
  });
  expect(granted + locked).toBe(2_400);
  expect(granted).toBeGreaterThan(0);
  expect(await w.listAll()).toEqual([]);
  report(
    `flood: ${granted} granted, ${locked} locked; ms per 600 operations: ${blocks.map(Math.round).join(', ')}`,
  );
}, 120_000);

it('locks 10,000 paths with a flat cost per lock: the 10,001st costs what the first did', async () => {
  world = await LockWorld.open();
  const w = world;
  const agents = Array.from({ length: 10 }, (_, i) => `agent-${i}`);
  await w.register(...agents);
  const pathOf = (i: number) => `src/module-${i % 97}/file-${i}.ts`;
  const acquire = async (i: number) => {
    const outcome = await acquireFileLock(
      w.system,
      w.as(agents[i % agents.length] as string),
      { filePath: pathOf(i), ttlS: 3_600 },
      w.options,
    );
    expect(outcome.ok).toBe(true);
  };
  /** Sequential acquires of new paths, one at a time: the latency of one lock. */
  const oneByOne = async (from: number, count: number) => {
    const started = performance.now();
    for (let i = from; i < from + count; i++) await acquire(i);
    return (performance.now() - started) / count;
  };
  const warm = await oneByOne(0, 100);
  const first = await oneByOne(100, 100);
  const blocks = await timedFlood(10_000, 32, 1_000, (i) => acquire(200 + i));
  const after = await oneByOne(10_200, 100);
  const releases = await timedFlood(10_000, 32, 1_000, async (i) => {
    const index = 200 + i;
    const outcome = await releaseFileLock(w.system, w.as(agents[index % agents.length] as string), {
      filePath: pathOf(index),
    });
    expect(outcome.ok).toBe(true);
  });
  const leases: FileLease[] = await w.listAll({ limit: 500 });
  expect(leases).toHaveLength(300);
  expect(new Set(leases.map((l) => l.path)).size).toBe(300);
  report(
    `one at a time, ms per new lock: ${warm.toFixed(2)} (warm-up), ${first.toFixed(2)} (first 100), ` +
      `${after.toFixed(2)} (after 10,200 locks)`,
  );
  report(`32 in flight, ms per 1,000 new locks: ${blocks.map(Math.round).join(', ')}`);
  report(`32 in flight, ms per 1,000 releases: ${releases.map(Math.round).join(', ')}`);
}, 300_000);
