/**
 * Waiting for a held lock (`waitS`): the wait parks on the lock actor and is granted in the
 * turn the lease ends — release, expiry, forced release, holder gone — in the order the
 * waiters came; it is answered `locked` at its deadline; a cycle of agents waiting on each
 * other's locks is answered `deadlock` naming them while the other wait goes on; a cancelled
 * call keeps no lease; and a grant to an agent that went offline is given back at once.
 */
import { afterEach, expect, it } from 'vitest';
import {
  acquireFileLock,
  forceReleaseFileLock,
  releaseFileLock,
} from '../../../../actors/coordination/locks/api.js';
import type { FileLease } from '../../../../actors/coordination/locks/lease.js';
import type { Outcome } from '../../../../src/kernel/index.js';
import { until } from '../../../helpers/until.js';
import { LockWorld, sleep } from './lock-world.js';

let world: LockWorld | undefined;
async function open(...agents: string[]): Promise<LockWorld> {
  world = await LockWorld.open();
  await world.register(...agents);
  return world;
}
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const holderOf = (outcome: Outcome<FileLease>) => (outcome.ok ? outcome.value.holder : outcome.error.code);
const holding = async (w: LockWorld, filePath: string) => (await w.check(filePath)).lease?.holder ?? null;

it('hands the lease to the waiters in the order they came, one release at a time', async () => {
  const w = await open('ada', 'bob', 'cy', 'dan');
  await acquireFileLock(w.system, w.as('ada'), { filePath: 'a.ts' }, w.options);
  const bob = acquireFileLock(w.system, w.as('bob'), { filePath: 'a.ts', waitS: 20 }, w.options);
  await sleep(150);
  const cy = acquireFileLock(w.system, w.as('cy'), { filePath: 'a.ts', waitS: 20 }, w.options);
  await sleep(150);
  const dan = acquireFileLock(w.system, w.as('dan'), { filePath: 'a.ts', waitS: 20 }, w.options);
  await sleep(150);
  expect(await holding(w, 'a.ts')).toBe('ada');
  await releaseFileLock(w.system, w.as('ada'), { filePath: 'a.ts' }, w.options);
  expect(holderOf(await bob)).toBe('bob');
  await releaseFileLock(w.system, w.as('bob'), { filePath: 'a.ts' }, w.options);
  expect(holderOf(await cy)).toBe('cy');
  // A forced release hands it on too.
  await forceReleaseFileLock(w.system, w.as('ada'), { filePath: 'a.ts', reason: 'next' }, w.options);
  expect(holderOf(await dan)).toBe('dan');
  // The waiters' grants reached their agent actors (and cy heard of the forced release).
  expect(await w.agent('cy').ask({ type: 'news' })).toMatchObject([
    { type: 'lease-granted', path: 'a.ts' },
    { type: 'notice', from: 'ada', content: { event: 'file_lock_force_released', reason: 'next' } },
  ]);
});

it('hands the lease to a waiter when it expires, and answers locked at the wait deadline', async () => {
  const w = await open('ada', 'bob');
  await acquireFileLock(w.system, w.as('ada'), { filePath: 'b.ts', ttlS: 1 }, w.options);
  expect(
    holderOf(await acquireFileLock(w.system, w.as('bob'), { filePath: 'b.ts', waitS: 10 }, w.options)),
  ).toBe('bob');
  const started = Date.now();
  const refused = await acquireFileLock(w.system, w.as('ada'), { filePath: 'b.ts', waitS: 0.5 }, w.options);
  expect(refused).toMatchObject({ ok: false, error: { code: 'locked', field: 'file_path' } });
  expect(refused.ok ? '' : refused.error.message).toContain('"bob"');
  expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  expect(await holding(w, 'b.ts')).toBe('bob');
});

it('answers a two-agent lock cycle as a deadlock naming both, and the other wait goes on', async () => {
  const w = await open('ada', 'bob');
  await acquireFileLock(w.system, w.as('ada'), { filePath: 'left.ts' }, w.options);
  await acquireFileLock(w.system, w.as('bob'), { filePath: 'right.ts' }, w.options);
  const adaWaits = acquireFileLock(w.system, w.as('ada'), { filePath: 'right.ts', waitS: 20 }, w.options);
  await until(() => w.detector.edges === 1);
  const bobWaits = await acquireFileLock(
    w.system,
    w.as('bob'),
    { filePath: 'left.ts', waitS: 20 },
    w.options,
  );
  expect(bobWaits).toMatchObject({ ok: false, error: { code: 'deadlock', field: 'file_path' } });
  expect(bobWaits.ok ? '' : bobWaits.error.message).toContain('bob → ada → bob');
  await releaseFileLock(w.system, w.as('bob'), { filePath: 'right.ts' }, w.options);
  expect(holderOf(await adaWaits)).toBe('ada');
  expect(w.detector.edges).toBe(0);
});

it('moves a wait edge to the new holder, so a three-agent cycle formed after a hand-over is seen', async () => {
  const w = await open('ada', 'bob', 'cy');
  await acquireFileLock(w.system, w.as('ada'), { filePath: 'one.ts' }, w.options);
  await acquireFileLock(w.system, w.as('cy'), { filePath: 'two.ts' }, w.options);
  // bob and cy wait for one.ts (held by ada); ada lets go: bob gets it, cy now waits on bob.
  const bobOne = acquireFileLock(w.system, w.as('bob'), { filePath: 'one.ts', waitS: 20 }, w.options);
  await sleep(150);
  const cyOne = acquireFileLock(w.system, w.as('cy'), { filePath: 'one.ts', waitS: 20 }, w.options);
  await until(() => w.detector.edges === 2);
  await releaseFileLock(w.system, w.as('ada'), { filePath: 'one.ts' }, w.options);
  expect(holderOf(await bobOne)).toBe('bob');
  // cy's wait moves to bob (its call hears `held` by bob in the turn bob was granted).
  await sleep(300);
  // bob waits for two.ts (held by cy, who waits on bob): a cycle bob → cy → bob.
  const bobTwo = await acquireFileLock(w.system, w.as('bob'), { filePath: 'two.ts', waitS: 20 }, w.options);
  expect(bobTwo).toMatchObject({ ok: false, error: { code: 'deadlock' } });
  expect(bobTwo.ok ? '' : bobTwo.error.message).toContain('bob → cy → bob');
  await releaseFileLock(w.system, w.as('bob'), { filePath: 'one.ts' }, w.options);
  expect(holderOf(await cyOne)).toBe('cy');
});

it('stops a wait its caller cancelled: the lease is not taken for nobody', async () => {
  const w = await open('ada', 'bob', 'cy');
  await acquireFileLock(w.system, w.as('ada'), { filePath: 'c.ts' }, w.options);
  const cancel = new AbortController();
  const waiting = acquireFileLock(
    w.system,
    w.as('bob'),
    { filePath: 'c.ts', waitS: 20 },
    { ...w.options, signal: cancel.signal },
  );
  await sleep(200);
  cancel.abort();
  expect(await waiting).toMatchObject({ ok: false, error: { code: 'ask_aborted' } });
  await releaseFileLock(w.system, w.as('ada'), { filePath: 'c.ts' }, w.options);
  await sleep(100);
  expect(await holding(w, 'c.ts')).toBeNull();
  expect(w.detector.edges).toBe(0);
  // A call cancelled before it starts takes nothing either.
  const early = new AbortController();
  early.abort();
  expect(
    await acquireFileLock(w.system, w.as('cy'), { filePath: 'c.ts' }, { ...w.options, signal: early.signal }),
  ).toMatchObject({ ok: false, error: { code: 'ask_aborted' } });
  expect(await holding(w, 'c.ts')).toBeNull();
});

it('ends the leases of a holder gone offline and grants the first waiter; a grant to an offline agent is given back', async () => {
  const w = await open('ada', 'bob', 'cy');
  await acquireFileLock(w.system, w.as('ada'), { filePath: 'a.ts', ttlS: 600 }, w.options);
  await acquireFileLock(w.system, w.as('ada'), { filePath: 'b.ts', ttlS: 600 }, w.options);
  const bob = acquireFileLock(w.system, w.as('bob'), { filePath: 'a.ts', waitS: 20 }, w.options);
  await sleep(150);
  await w.goOffline('ada');
  expect(holderOf(await bob)).toBe('bob');
  await until(async () => (await holding(w, 'b.ts')) === null);

  // cy waits on bob; bob goes offline *after* the push would have run, just as cy's grant is
  // on its way: cy's agent (offline by then) answers the grant with holder-gone.
  const cy = acquireFileLock(w.system, w.as('cy'), { filePath: 'a.ts', waitS: 20 }, w.options);
  await sleep(150);
  await w.setStatus('cy', 'offline');
  await releaseFileLock(w.system, w.as('bob'), { filePath: 'a.ts' }, w.options);
  expect(holderOf(await cy)).toBe('cy');
  await until(async () => (await holding(w, 'a.ts')) === null);
});

it('keeps no waiter across a restart: a wait of the previous run is never granted the lease', async () => {
  let w = await open('ada', 'bob');
  await acquireFileLock(w.system, w.as('ada'), { filePath: 'w.ts', ttlS: 3 }, w.options);
  // bob parks, then troupe stops under it (its call ends with the system).
  const bob = acquireFileLock(w.system, w.as('bob'), { filePath: 'w.ts', waitS: 30 }, w.options).catch(
    (error: Error) => error,
  );
  await until(() => w.detector.edges === 1);
  await sleep(300);
  w = await w.restart();
  world = w;
  await bob;
  // ada's lease expires after the restart; its waiter was bob's call of the last run: nobody
  // takes the lease over (a hand-over would go from ada straight to bob, never through free).
  await until(async () => (await holding(w, 'w.ts')) !== 'ada', 8_000);
  expect(await holding(w, 'w.ts')).toBeNull();
  expect(holderOf(await acquireFileLock(w.system, w.as('bob'), { filePath: 'w.ts' }, w.options))).toBe('bob');
});
