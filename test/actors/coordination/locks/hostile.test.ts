/**
 * Hostile and huge input to every field of the lock facade: built-in property names as
 * paths and agent ids, the longest path and one character more, paths that climb out
 * (`../../etc`), control characters, long paths that share their first 400 characters (the
 * part index keys hold) — each refused naming the field or answered, no actor stops, and
 * after a restart everything is still there.
 */
import { afterEach, expect, it } from 'vitest';
import { agentCaller } from '../../../../actors/coordination/caller.js';
import { lockActorId, MAX_PATH_LENGTH } from '../../../../actors/coordination/ids.js';
import {
  acquireFileLock,
  checkFileLock,
  forceReleaseFileLock,
  listFileLocks,
  releaseFileLock,
  renewFileLock,
} from '../../../../actors/coordination/locks/api.js';
import type { Outcome } from '../../../../src/kernel/index.js';
import { LockWorld } from './lock-world.js';

let world: LockWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const BUILT_IN_NAMES = ['constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];
const LONGEST_ID = `a${'b'.repeat(127)}`;
const TOO_LONG_ID = `a${'b'.repeat(128)}`;
const SHARED_HEAD = 'd/'.repeat(300);

const HOSTILE_PATHS = [
  ...BUILT_IN_NAMES,
  '../../etc/passwd',
  '/',
  '.',
  'x'.repeat(MAX_PATH_LENGTH),
  '😀'.repeat(MAX_PATH_LENGTH / 2),
  `${SHARED_HEAD}one`,
  `${SHARED_HEAD}two`,
  'nul\u0000byte',
  'separators\u001e\u001f\u0001',
  'back\\slash\\path',
];

function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`refused: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.value;
}

it('answers or refuses hostile paths and ids in every field, and keeps working and keeping data', async () => {
  world = await LockWorld.open();
  let w = world;
  const agents = [...BUILT_IN_NAMES, LONGEST_ID];
  await w.register(...agents, 'ada');

  // Each hostile path is its own lock, taken, listed, checked, renewed.
  for (const [i, filePath] of HOSTILE_PATHS.entries()) {
    const holder = agents[i % agents.length] as string;
    const lease = value(
      await acquireFileLock(w.system, agentCaller(holder), { filePath, ttlS: 600 }, w.options),
    );
    expect(lease.holder).toBe(holder);
    expect((await w.check(filePath)).lease?.holder).toBe(holder);
    value(await renewFileLock(w.system, agentCaller(holder), { filePath, ttlS: 900 }, w.options));
    expect(await acquireFileLock(w.system, agentCaller('ada'), { filePath }, w.options)).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
  }
  const listed = (holder?: string) => w.listAll({ limit: 3, ...(holder ? { holder } : {}) });
  expect((await listed()).map((l) => l.path).sort()).toEqual(
    HOSTILE_PATHS.map((p) => p.replaceAll('\\', '/')).sort(),
  );
  for (const agent of agents)
    expect((await listed(agent)).every((lease) => lease.holder === agent)).toBe(true);
  // Long paths that share the indexed head are two locks, each with its whole path.
  expect(lockActorId(`${SHARED_HEAD}one`)).not.toBe(lockActorId(`${SHARED_HEAD}two`));
  expect((await w.check(`${SHARED_HEAD}two`)).lease?.path).toBe(`${SHARED_HEAD}two`);

  // Refused, naming the field.
  const tooLong = 'x'.repeat(MAX_PATH_LENGTH + 1);
  for (const call of [
    () => acquireFileLock(w.system, agentCaller('ada'), { filePath: tooLong }),
    () => renewFileLock(w.system, agentCaller('ada'), { filePath: tooLong }),
    () => releaseFileLock(w.system, agentCaller('ada'), { filePath: tooLong }),
    () => forceReleaseFileLock(w.system, agentCaller('ada'), { filePath: tooLong, reason: 'x' }),
    async () => checkFileLock(w.system, { filePath: tooLong }),
  ])
    expect(await call()).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'file_path' },
    });
  for (const holder of [TOO_LONG_ID, '', '../x', 'a b'])
    expect(listFileLocks(w.system, { holder })).toMatchObject({ ok: false, error: { field: 'holder' } });
  for (const name of BUILT_IN_NAMES)
    expect(value(listFileLocks(w.system, { holder: `${name}x` })).items).toEqual([]);
  // A caller id no adapter would have proven is refused, not used as a key.
  for (const agentId of [TOO_LONG_ID, 'x'.repeat(700), ''])
    expect(await acquireFileLock(w.system, agentCaller(agentId), { filePath: 'a.ts' })).toMatchObject({
      ok: false,
      error: { field: 'agent_id' },
    });
  // Unknown agents with built-in names hold nothing and are told so.
  expect(await releaseFileLock(w.system, agentCaller('ada'), { filePath: '__proto__' })).toMatchObject({
    ok: false,
    error: { code: 'not_holder' },
  });
  // Inputs that are not objects, or have inherited-looking keys.
  for (const input of [undefined, 'a.ts', 42, [], JSON.parse('{"__proto__": {"filePath": "a.ts"}}')])
    expect(checkFileLock(w.system, input as never)).toMatchObject({ ok: false });

  // No actor stopped: after a restart, every lease is still there.
  w = await w.restart();
  world = w;
  expect((await listed()).length).toBe(HOSTILE_PATHS.length);
  for (const [i, filePath] of HOSTILE_PATHS.entries()) {
    const holder = agents[i % agents.length] as string;
    expect(value(await releaseFileLock(w.system, agentCaller(holder), { filePath }, w.options)).holder).toBe(
      holder,
    );
  }
  expect(await listed()).toEqual([]);
});
