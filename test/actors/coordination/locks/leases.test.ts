/**
 * File leases through the facade, on a real system: exclusive, renewed by the holder only,
 * ended by release, expiry (a timer, and never seen past its expiry) and forced release
 * (recorded; the former holder's agent actor told), listed by path and by holder, pushed to
 * the change watch, and kept — with their expiry — across a restart.
 */
import { afterEach, expect, it } from 'vitest';
import { ANONYMOUS } from '../../../../actors/coordination/caller.js';
import {
  acquireFileLock,
  forceReleaseFileLock,
  listFileLocks,
  releaseFileLock,
  renewFileLock,
} from '../../../../actors/coordination/locks/api.js';
import type { FileLease } from '../../../../actors/coordination/locks/lease.js';
import { createManualClock, type Outcome } from '../../../../src/kernel/index.js';
import { until } from '../../../helpers/until.js';
import { fresh, LockWorld, sleep } from './lock-world.js';

let world: LockWorld | undefined;
async function open(): Promise<LockWorld> {
  world = await LockWorld.open();
  return world;
}
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`refused: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.value;
}

it('leases a path exclusively, renews for the holder only, and ends by release', async () => {
  const w = await open();
  await w.register('ada', 'bob');
  const first = value(
    await acquireFileLock(w.system, w.as('ada'), { filePath: 'src/x.ts', ttlS: 60 }, w.options),
  );
  expect(first).toMatchObject({ path: 'src/x.ts', holder: 'ada' });
  expect(first.expiresAt - first.acquiredAt).toBe(60_000);

  const contended = await acquireFileLock(w.system, w.as('bob'), { filePath: 'src/./x.ts' }, w.options);
  expect(contended).toMatchObject({ ok: false, error: { code: 'locked', field: 'file_path' } });
  expect(contended.ok ? '' : contended.error.message).toContain('"ada" until');
  expect(await renewFileLock(w.system, w.as('bob'), { filePath: 'src/x.ts' }, w.options)).toMatchObject({
    ok: false,
    error: { code: 'not_holder' },
  });
  expect(await releaseFileLock(w.system, w.as('bob'), { filePath: 'src/x.ts' }, w.options)).toMatchObject({
    ok: false,
    error: { code: 'not_holder' },
  });

  await sleep(5);
  const renewed = value(
    await renewFileLock(w.system, w.as('ada'), { filePath: 'src/x.ts', ttlS: 120 }, w.options),
  );
  expect(renewed.acquiredAt).toBe(first.acquiredAt);
  expect(renewed.expiresAt).toBeGreaterThan(first.expiresAt);
  // Acquiring again renews too.
  const again = value(
    await acquireFileLock(w.system, w.as('ada'), { filePath: 'src/x.ts', ttlS: 200 }, w.options),
  );
  expect(again.acquiredAt).toBe(first.acquiredAt);
  expect(again.expiresAt).toBeGreaterThan(renewed.expiresAt);
  expect((await w.check('src/x.ts')).lease).toEqual(again);

  expect(value(await releaseFileLock(w.system, w.as('ada'), { filePath: 'src/x.ts' }, w.options))).toEqual(
    again,
  );
  expect(await w.check('src/x.ts')).toEqual({
    path: 'src/x.ts',
    lease: null,
    lastForced: null,
  });
  expect(
    value(await acquireFileLock(w.system, w.as('bob'), { filePath: 'src/x.ts' }, w.options)).holder,
  ).toBe('bob');
  // The agent actor of each new holder heard of its grant (not of the renewals). The news is a
  // tell from the lock actor's thread, the question one from here: it may come first.
  const granted = async (agentId: string) =>
    ((await w.agent(agentId).ask({ type: 'news' })) as { type: string; path: string }[]).map((n) => n.type);
  await until(async () => (await granted('bob')).length > 0);
  expect(await granted('ada')).toEqual(['lease-granted']);
  expect(await granted('bob')).toEqual(['lease-granted']);
});

it('ends a lease at its expiry by a timer, and never shows it held past its expiry', async () => {
  const w = await open();
  await w.register('ada', 'bob');
  const before = await w.lockChanges();
  const lease = value(
    await acquireFileLock(w.system, w.as('ada'), { filePath: 'src/y.ts', ttlS: 1 }, w.options),
  );
  expect(await w.storedLeases()).toEqual([lease]);
  // Nobody asks the lock anything: its timer ends the lease (the index entry goes), and the
  // change watch hears of it; reads never show it held past its expiry meanwhile.
  await until(async () => (await w.storedLeases()).length === 0, 10_000);
  expect(Date.now()).toBeGreaterThanOrEqual(lease.expiresAt);
  expect((await w.check('src/y.ts')).lease).toBeNull();
  await until(async () => (await w.lockChanges()) === before + 2);
  expect(
    value(await acquireFileLock(w.system, w.as('bob'), { filePath: 'src/y.ts' }, w.options)).holder,
  ).toBe('bob');
  await until(async () => (await w.lockChanges()) === before + 3);
});

it('records a forced release, tells the former holder, and answers not_found when nobody holds the path', async () => {
  const w = await open();
  await w.register('ada', 'bob');
  value(await acquireFileLock(w.system, w.as('ada'), { filePath: 'src/x.ts' }, w.options));
  await fresh();
  const forced = value(
    await forceReleaseFileLock(
      w.system,
      w.as('bob'),
      { filePath: 'src/x.ts', reason: 'ada is stuck' },
      w.options,
    ),
  );
  expect(forced).toMatchObject({
    by: 'bob',
    reason: 'ada is stuck',
    lease: { holder: 'ada', path: 'src/x.ts' },
  });
  expect(await releaseFileLock(w.system, w.as('ada'), { filePath: 'src/x.ts' }, w.options)).toMatchObject({
    ok: false,
    error: { code: 'not_holder' },
  });
  expect(await w.agent('ada').ask({ type: 'news' })).toMatchObject([
    { type: 'lease-granted', path: 'src/x.ts' },
    {
      type: 'notice',
      from: 'bob',
      content: { event: 'file_lock_force_released', path: 'src/x.ts', by: 'bob', reason: 'ada is stuck' },
    },
  ]);
  expect(await w.check('src/x.ts')).toMatchObject({
    lease: null,
    lastForced: { by: 'bob', reason: 'ada is stuck' },
  });
  const again = await forceReleaseFileLock(
    w.system,
    w.as('bob'),
    { filePath: 'src/x.ts', reason: 'again' },
    w.options,
  );
  expect(again).toMatchObject({ ok: false, error: { code: 'not_found', field: 'file_path' } });
  const never = await forceReleaseFileLock(
    w.system,
    w.as('bob'),
    { filePath: 'never.ts', reason: 'x' },
    w.options,
  );
  expect(never).toMatchObject({ ok: false, error: { code: 'not_found', field: 'file_path' } });
  // The operator may force a release too.
  value(await acquireFileLock(w.system, w.as('ada'), { filePath: 'src/x.ts' }, w.options));
  const byOperator = await forceReleaseFileLock(
    w.system,
    { kind: 'operator' },
    { filePath: 'src/x.ts', reason: 'ops' },
  );
  expect(byOperator).toMatchObject({ ok: true, value: { by: '(operator)' } });
});

it('refuses callers without an identity, unknown and offline agents, and bad input naming the field', async () => {
  const w = await open();
  await w.register('ada');
  const path = { filePath: 'a.ts' };
  expect(await acquireFileLock(w.system, ANONYMOUS, path)).toMatchObject({
    ok: false,
    error: { code: 'unauthorized' },
  });
  expect(await releaseFileLock(w.system, ANONYMOUS, path)).toMatchObject({
    ok: false,
    error: { code: 'unauthorized' },
  });
  expect(await forceReleaseFileLock(w.system, ANONYMOUS, { ...path, reason: 'x' })).toMatchObject({
    ok: false,
    error: { code: 'unauthorized' },
  });
  expect(await acquireFileLock(w.system, { kind: 'operator' }, path)).toMatchObject({
    ok: false,
    error: { code: 'forbidden' },
  });
  expect(await acquireFileLock(w.system, w.as('nobody'), path)).toMatchObject({
    ok: false,
    error: { code: 'unknown_agent', field: 'agent_id' },
  });
  await w.setStatus('ada', 'offline');
  expect(await acquireFileLock(w.system, w.as('ada'), path)).toMatchObject({
    ok: false,
    error: { code: 'agent_offline', field: 'agent_id' },
  });
  expect((await w.check('a.ts')).lease).toBeNull();
  await w.setStatus('ada', 'available');
  const refusals: [unknown, string, string][] = [
    [{ filePath: '' }, 'invalid_argument', 'file_path'],
    [{}, 'invalid_argument', 'file_path'],
    [{ filePath: 'a.ts', ttlS: 0 }, 'invalid_argument', 'ttl_s'],
    [{ filePath: 'a.ts', ttlS: 86_401 }, 'invalid_argument', 'ttl_s'],
    [{ filePath: 'a.ts', waitS: -1 }, 'invalid_argument', 'wait_s'],
    [{ filePath: 'a.ts', waitS: 3_601 }, 'invalid_argument', 'wait_s'],
    [{ filePath: 'a.ts', path: 'b.ts' }, 'unknown_argument', 'path'],
    [null, 'invalid_argument', 'input'],
  ];
  for (const [input, code, field] of refusals) {
    const outcome = await acquireFileLock(w.system, w.as('ada'), input as never);
    expect(outcome, JSON.stringify(input)).toMatchObject({ ok: false, error: { code, field } });
  }
  expect(await forceReleaseFileLock(w.system, w.as('ada'), { filePath: 'a.ts', reason: '' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_argument', field: 'reason' },
  });
  expect(listFileLocks(w.system, { limit: 501 })).toMatchObject({ ok: false, error: { field: 'limit' } });
  expect(listFileLocks(w.system, { cursor: 'nonsense' })).toMatchObject({
    ok: false,
    error: { field: 'cursor' },
  });
});

it('lists live leases in path order, a page at a time, all or one holder’s', async () => {
  const w = await open();
  await w.register('ada', 'bob');
  const paths = ['c.ts', 'a.ts', 'e.ts', 'b.ts', 'd.ts'];
  for (const [i, filePath] of paths.entries())
    value(await acquireFileLock(w.system, w.as(i % 2 ? 'bob' : 'ada'), { filePath }, w.options));
  const seen: FileLease[] = [];
  let cursor: string | undefined;
  do {
    const page = await w.list({ limit: 2, ...(cursor ? { cursor } : {}) });
    seen.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  expect(seen.map((l) => [l.path, l.holder])).toEqual([
    ['a.ts', 'bob'],
    ['b.ts', 'bob'],
    ['c.ts', 'ada'],
    ['d.ts', 'ada'],
    ['e.ts', 'ada'],
  ]);
  const bobs = await w.list({ holder: 'bob', limit: 1 });
  expect(bobs.items.map((l) => l.path)).toEqual(['a.ts']);
  const rest = await w.list({ holder: 'bob', cursor: bobs.next_cursor as string });
  expect(rest).toEqual({ items: [expect.objectContaining({ path: 'b.ts' })], next_cursor: null });
  // A cursor of one list is refused by the other.
  expect(listFileLocks(w.system, { cursor: bobs.next_cursor as string })).toMatchObject({
    ok: false,
    error: { code: 'invalid_argument', field: 'cursor' },
  });
  expect((await w.list({ holder: 'cy' })).items).toEqual([]);
});

it('keeps leases, their expiry and the last forced release across a restart', async () => {
  // A manual clock: the time troupe is down is chosen, not waited for.
  const clock = createManualClock();
  world = await LockWorld.open(undefined, clock);
  let w = world;
  await w.register('ada', 'bob');
  const kept = value(
    await acquireFileLock(w.system, w.as('ada'), { filePath: 'src/kept.ts', ttlS: 600 }, w.options),
  );
  value(await acquireFileLock(w.system, w.as('bob'), { filePath: 'src/short.ts', ttlS: 60 }, w.options));
  value(await acquireFileLock(w.system, w.as('bob'), { filePath: 'src/forced.ts' }, w.options));
  await fresh();
  value(
    await forceReleaseFileLock(
      w.system,
      w.as('ada'),
      { filePath: 'src/forced.ts', reason: 'stale' },
      w.options,
    ),
  );

  w = await w.restart();
  world = w;
  expect((await w.check('src/kept.ts')).lease).toEqual(kept);
  expect((await w.check('src/forced.ts')).lastForced).toMatchObject({
    by: 'ada',
    reason: 'stale',
    lease: { holder: 'bob' },
  });
  expect((await w.list()).items.map((l) => l.path)).toEqual(['src/kept.ts', 'src/short.ts']);
  expect(await acquireFileLock(w.system, w.as('bob'), { filePath: 'src/kept.ts' }, w.options)).toMatchObject({
    ok: false,
    error: { code: 'locked' },
  });

  // Down for two minutes: the short lease expired meanwhile. Its stored timer ends it at once
  // after the restart (the index entry goes); the long one is held, with its expiry.
  w = await w.restart(() => clock.advance(120_000));
  world = w;
  expect((await w.list()).items.map((l) => l.path)).toEqual(['src/kept.ts']);
  await until(async () => (await w.storedLeases()).map((l) => l.path).join() === 'src/kept.ts', 10_000);
  expect((await w.check('src/kept.ts')).lease).toEqual(kept);
  expect(
    value(await releaseFileLock(w.system, w.as('ada'), { filePath: 'src/kept.ts' }, w.options)).holder,
  ).toBe('ada');
});
