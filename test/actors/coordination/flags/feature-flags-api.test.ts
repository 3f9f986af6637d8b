/**
 * The feature-flags facade on a real system: a flag set is stored (it survives a restart of
 * the system on the same store), read without a hop, listed in pages; bad input is refused
 * naming the field; hostile names are names like any other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startFeatureFlags } from '../../../../actors/coordination/flags/index.js';
import { type ActorSystem, createActorSystem } from '../../../../src/kernel/index.js';

let system: ActorSystem | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('stores flags, decides them per subject, lists them, and keeps them across a restart', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-flags-'));
  system = createActorSystem({ dataDir, threads: 1 });
  let flags = await startFeatureFlags(system);
  const set = await flags.set(
    { name: 'LM_COACH_REASONING_MODEL', enabled: true, rollout_percentage: 50, description: 'reasoning' },
    'operator',
  );
  expect(set).toMatchObject({ ok: true, value: { created: true, flag: { rolloutPercentage: 50 } } });
  for (const name of ['__proto__', 'constructor', 'b.flag'])
    expect(await flags.set({ name, enabled: false }, 'coder')).toMatchObject({ ok: true });

  const answer = flags.get({ name: 'LM_COACH_REASONING_MODEL', context: { user_id: 'ana', role: 'x' } });
  expect(answer).toMatchObject({ ok: true, value: { subject: 'ana' } });
  const again = flags.get({ name: 'LM_COACH_REASONING_MODEL', context: { user_id: 'ana' } });
  expect(again.ok && again.value.enabled).toBe(answer.ok && answer.value.enabled);
  expect(flags.get({ name: '__proto__' })).toMatchObject({
    ok: true,
    value: { enabled: false, reason: 'disabled' },
  });

  const first = flags.list({ limit: 2 });
  expect(first.ok && first.value.flags.map((f) => f.name)).toEqual(['LM_COACH_REASONING_MODEL', '__proto__']);
  const rest = first.ok && first.value.next_cursor ? flags.list({ cursor: first.value.next_cursor }) : null;
  expect(rest?.ok && rest.value.flags.map((f) => f.name)).toEqual(['b.flag', 'constructor']);

  // Changing one keeps what was not given.
  await flags.set({ name: 'LM_COACH_REASONING_MODEL', enabled: false }, 'operator');
  await system.shutdown();
  system = createActorSystem({ dataDir, threads: 1 });
  flags = await startFeatureFlags(system);
  expect(flags.get({ name: 'LM_COACH_REASONING_MODEL' })).toMatchObject({
    ok: true,
    value: { enabled: false, reason: 'disabled', flag: { rolloutPercentage: 50, description: 'reasoning' } },
  });
  expect(flags.decideAll('ana')).toHaveLength(4);
});

it('refuses bad input, naming the field', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-flags-'));
  system = createActorSystem({ dataDir, threads: 1 });
  const flags = await startFeatureFlags(system);
  expect(await flags.set({ name: 'has space', enabled: true }, 'op')).toMatchObject({
    ok: false,
    error: { code: 'invalid_argument', field: 'name' },
  });
  expect(await flags.set({ name: 'x'.repeat(129), enabled: true }, 'op')).toMatchObject({
    ok: false,
    error: { field: 'name' },
  });
  expect(await flags.set({ name: 'A', enabled: true, rollout_percentage: 101 }, 'op')).toMatchObject({
    ok: false,
    error: { field: 'rollout_percentage' },
  });
  expect(flags.get({ name: 'A', context: { user_id: 'u'.repeat(300) } })).toMatchObject({
    ok: false,
    error: { field: 'context.user_id' },
  });
  expect(flags.list({ cursor: 'not-a-cursor' })).toMatchObject({ ok: false, error: { field: 'cursor' } });
});
