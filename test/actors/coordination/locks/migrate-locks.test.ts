/**
 * Migration from the old `lock-table`: the converter on the state the previous version wrote
 * (`test/fixtures/stores/old-v1`, read from a copy with the kernel's store) and on hand-made
 * states (version 1, junk, expired and hostile entries), then the migration applied to a
 * running system — lock actors with the leases and their expiry, the old state removed, a
 * second run a no-op.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { agentCaller } from '../../../../actors/coordination/caller.js';
import { acquireFileLock, releaseFileLock } from '../../../../actors/coordination/locks/api.js';
import {
  migrateLocks,
  migrateLockTable,
  OLD_LOCK_TABLE_ID,
} from '../../../../actors/coordination/locks/migrate-locks.js';
import type { StoredActor, StoredStates } from '../../../../actors/coordination/stored-states.js';
import { createManualClock } from '../../../../src/kernel/index.js';
import { openStore } from '../../../../src/kernel/persistence/store.js';
import { LockWorld } from './lock-world.js';

const FIXTURE = new URL('../../../../../test/fixtures/stores/old-v1/data.mdb', import.meta.url);
/** A moment after the fixture was written (its leases were taken for a day). */
const FIXTURE_NOW = 1_796_236_300_000;

const dirs: string[] = [];
let world: LockWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The old store's raw states, read from a copy (LMDB writes to the file it opens). */
async function oldStates(): Promise<Map<string, StoredActor>> {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-old-v1-'));
  dirs.push(dir);
  copyFileSync(FIXTURE, join(dir, 'data.mdb'));
  const store = openStore({ path: dir, durability: 'commit' });
  const states = new Map<string, StoredActor>();
  try {
    const record = store.getActor(OLD_LOCK_TABLE_ID);
    if (record) states.set(OLD_LOCK_TABLE_ID, { kind: record.spec.kind, state: record.state, version: 0 });
  } finally {
    await store.close();
  }
  return states;
}

function storedStates(states: Map<string, StoredActor>): StoredStates {
  return { readStored: (id) => states.get(id), removeStored: (id) => states.delete(id) };
}

it('converts the lock table the previous version wrote: its live leases, under their paths', async () => {
  const old = (await oldStates()).get(OLD_LOCK_TABLE_ID);
  expect(old?.kind.name).toBe('LockTable');
  const { seeds, skipped } = migrateLockTable(old?.state, FIXTURE_NOW);
  expect(skipped).toEqual([]);
  expect(seeds.map((s) => [s.path, s.lease?.holder, s.lastForced])).toEqual([
    ['src/parser.ts', 'ada', null],
    ['docs/guide.md', 'bob', null],
  ]);
  for (const seed of seeds) expect(seed.lease?.expiresAt).toBeGreaterThan(FIXTURE_NOW + 23 * 3_600_000);
  // A day later, both have expired: nothing is held any more.
  const later = migrateLockTable(old?.state, FIXTURE_NOW + 2 * 86_400_000);
  expect(later.seeds).toEqual([]);
  expect(later.skipped).toHaveLength(2);
});

it('converts version 1 states, keeps the last forced release, and skips what is not valid', () => {
  const lease = (path: string, holder: string, expiresAt = 2_000) => ({
    path,
    holder,
    acquiredAt: 1_000,
    expiresAt,
  });
  const state = JSON.parse(
    JSON.stringify({
      leases: {
        'a.ts': lease('a.ts', 'ada'),
        'src\\b.ts': lease('src\\b.ts', 'bob'),
        'src/./b.ts': lease('src/./b.ts', 'cy'),
        'old.ts': lease('old.ts', 'ada', 1_200),
        'long-holder.ts': lease('long-holder.ts', 'x'.repeat(300)),
        '': lease('', 'ada'),
        junk: 42,
      },
      forced: {
        'a.ts': { lease: lease('a.ts', 'bob'), by: 'cy', reason: 'first', at: 1_100 },
        'c.ts': { lease: lease('c.ts', 'bob'), by: 'cy', reason: 'gone', at: 1_300 },
        bad: { by: 'cy' },
      },
    }).replace('"junk"', '"__proto__"'),
  );
  const { seeds, skipped } = migrateLockTable(state, 1_500);
  expect(seeds).toEqual([
    {
      path: 'a.ts',
      lease: lease('a.ts', 'ada'),
      lastForced: { lease: lease('a.ts', 'bob'), by: 'cy', reason: 'first', at: 1_100 },
    },
    { path: 'src/b.ts', lease: lease('src/b.ts', 'bob'), lastForced: null },
    {
      path: 'c.ts',
      lease: null,
      lastForced: { lease: lease('c.ts', 'bob'), by: 'cy', reason: 'gone', at: 1_300 },
    },
  ]);
  expect(skipped).toHaveLength(6);
  expect(skipped.join('\n')).toMatch(/"src\/b.ts" by "cy": the path is leased already/);
  expect(migrateLockTable({ something: 'else' }, 0)).toEqual({
    seeds: [],
    skipped: ['the state is not a lock table: nothing migrated'],
  });
});

it('migrates the old lock table into lock actors on a running system, once', async () => {
  const states = await oldStates();
  const clock = createManualClock(FIXTURE_NOW);
  world = await LockWorld.open(undefined, clock);
  const w = world;
  await w.register('ada', 'bob', 'cy');
  const report = await migrateLocks(w.system, storedStates(states), clock.now());
  expect(report).toEqual({ found: true, locks: 2, leases: 2, skipped: [] });
  expect(states.has(OLD_LOCK_TABLE_ID)).toBe(false);

  expect((await w.listAll()).map((l) => [l.path, l.holder])).toEqual([
    ['docs/guide.md', 'bob'],
    ['src/parser.ts', 'ada'],
  ]);
  expect(
    await acquireFileLock(w.system, agentCaller('cy'), { filePath: 'src/parser.ts' }, w.options),
  ).toMatchObject({
    ok: false,
    error: { code: 'locked' },
  });
  // The holders' agent actors heard of their leases (an offline one would give them back).
  expect(await w.agent('ada').ask({ type: 'news' })).toMatchObject([
    { type: 'lease-granted', path: 'src/parser.ts' },
  ]);
  expect(
    await releaseFileLock(w.system, agentCaller('ada'), { filePath: 'src/parser.ts' }, w.options),
  ).toMatchObject({
    ok: true,
    value: { holder: 'ada', acquiredAt: 1_796_236_283_249 },
  });
  expect(await migrateLocks(w.system, storedStates(states), clock.now())).toEqual({
    found: false,
    locks: 0,
    leases: 0,
    skipped: [],
  });
});
