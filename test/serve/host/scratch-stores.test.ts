/**
 * Memory mode's scratch stores (`src/serve/host/scratch-stores.ts`): a start removes those a
 * killed process left (its writer lock names a dead process; or no lock, over an hour old) and
 * keeps the one a live process holds, a young one with no lock yet, and anything else in the
 * directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createActorSystem } from '../../../src/index.js';
import {
  makeScratchStore,
  SCRATCH_PREFIX,
  sweepLeftScratchStores,
} from '../../../src/serve/host/scratch-stores.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'troupe-scratch-test-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function store(name: string, lock?: { pid: number }): string {
  const path = join(directory, name);
  mkdirSync(path);
  writeFileSync(join(path, 'data.mdb'), 'x');
  if (lock)
    writeFileSync(
      join(path, 'writer.lock'),
      JSON.stringify({ pid: lock.pid, started: null, host: hostname(), nonce: 'n' }),
    );
  return path;
}

it('removes the stores killed processes left, and keeps live, young and foreign ones', async () => {
  const exited = spawnSync(process.execPath, ['-e', '']);
  const deadPid = exited.pid as number;
  const dead = store(`${SCRATCH_PREFIX}dead`, { pid: deadPid });
  const alive = store(`${SCRATCH_PREFIX}alive`, { pid: process.pid });
  const young = store(`${SCRATCH_PREFIX}young`);
  const old = store(`${SCRATCH_PREFIX}old`);
  const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
  utimesSync(old, twoHoursAgo, twoHoursAgo);
  const foreign = store('someone-else-dead', { pid: deadPid });

  const removed = sweepLeftScratchStores(directory);

  expect(removed.sort()).toEqual([dead, old].sort());
  for (const path of [dead, old]) expect(existsSync(path), path).toBe(false);
  for (const path of [alive, young, foreign]) expect(existsSync(path), path).toBe(true);
});

it('keeps the store of a running actor system, and makes a new one beside it', async () => {
  const held = join(directory, `${SCRATCH_PREFIX}held`);
  const system = createActorSystem({ dataDir: held, threads: 1 });
  try {
    store(`${SCRATCH_PREFIX}left`, { pid: spawnSync(process.execPath, ['-e', '']).pid as number });
    const made = makeScratchStore(directory);
    expect(made.swept).toEqual([join(directory, `${SCRATCH_PREFIX}left`)]);
    expect(existsSync(held)).toBe(true);
    expect(made.path.startsWith(join(directory, SCRATCH_PREFIX))).toBe(true);
    expect(existsSync(made.path)).toBe(true);
  } finally {
    await system.shutdown();
  }
});
