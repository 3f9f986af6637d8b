/**
 * Bad data and stale writers: an unopenable store stops startup with an error naming its
 * path; an undecodable state quarantines that one actor; a stale activation cannot commit
 * over a newer one, and an ask whose turn it could not commit is answered with why at once;
 * an old state is migrated by the kind's `migrate`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open as openLmdb } from 'lmdb';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type ActorSystem, createActorSystem, type SystemEvent } from '../../../../src/kernel/index.js';
import { Ledger, type LedgerMsg, type LedgerState } from '../../../fixtures/durable/ledger.js';
import { until } from '../../../helpers/until.js';

let dataDir: string;
let system: ActorSystem | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-faults-'));
});
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  delete process.env.TROUPE_TEST_SCHEMA;
  rmSync(dataDir, { recursive: true, force: true });
});

it('refuses to start on a store it cannot open, naming the path', () => {
  const file = join(dataDir, 'not-a-directory');
  writeFileSync(file, 'plain file');
  expect(() => createActorSystem({ threads: 1, dataDir: join(file, 'store') })).toThrow(
    /cannot open the store at .*not-a-directory/,
  );
});

it('quarantines one actor whose stored state cannot be decoded; the others go on', async () => {
  system = createActorSystem({ threads: 2, dataDir });
  await (await system.spawn(Ledger, { id: 'broken' })).tell({ type: 'add', id: 'a', by: 1 });
  await (await system.spawn(Ledger, { id: 'healthy' })).tell({ type: 'add', id: 'b', by: 1 });
  await system.shutdown();
  // Overwrite the record with bytes that are not msgpack (0xc1 is never used by the format).
  const raw = openLmdb({ path: dataDir });
  await raw.openDB('actors', { encoding: 'binary' }).put('broken', Buffer.from([0xc1, 0xc1, 0xc1]));
  await raw.close();

  system = createActorSystem({ threads: 2, dataDir });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  await expect(system.refOf('broken').ask({ type: 'report' })).rejects.toThrow(/cannot be decoded/);
  await until(() => events.some((e) => e.type === 'actor-quarantined' && e.id === 'broken'));
  expect(events.some((e) => e.type === 'dead-letter' && e.reason === 'quarantined')).toBe(true);
  const healthy = await system.refOf<LedgerMsg>('healthy').ask<LedgerState>({ type: 'report' });
  expect(healthy.applied).toEqual(['b']);
});

it('fences a stale activation: its turns cannot commit once the actor was claimed again', async () => {
  system = createActorSystem({ threads: 2, dataDir });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const ledger = await system.spawn(Ledger, { id: 'contested' });
  await ledger.tell({ type: 'add', id: 'first', by: 1 });
  // Another activation claims the actor behind this one's back (as a thread the system gave up on would find).
  const raw = openLmdb({ path: dataDir });
  const epochs = raw.openDB('epochs', {});
  await epochs.put('contested', ((epochs.get('contested') as number | undefined) ?? 0) + 10);
  await raw.close();
  await ledger.tell({ type: 'add', id: 'stale', by: 1 });
  await until(() => events.some((e) => e.type === 'commit-failed' && e.id === 'contested'));
  const failure = events.find((e) => e.type === 'commit-failed');
  expect(failure?.type === 'commit-failed' && failure.error.message).toMatch(/activated again/);
});

it('answers an ask whose turn could not commit at once, with the reason, not at its timeout', async () => {
  system = createActorSystem({ threads: 2, dataDir, askTimeoutMs: 30_000 });
  const ledger = await system.spawn(Ledger, { id: 'contested-ask' });
  await ledger.tell({ type: 'add', id: 'first', by: 1 });
  // Its turn is committed (a read answers after this actor's earlier commits).
  expect((await ledger.ask<LedgerState>({ type: 'report' })).applied).toEqual(['first']);
  // Another activation claims the actor behind this one's back: this one's next commit fails.
  const raw = openLmdb({ path: dataDir });
  const epochs = raw.openDB('epochs', {});
  await epochs.put('contested-ask', ((epochs.get('contested-ask') as number | undefined) ?? 0) + 10);
  await raw.close();
  const started = Date.now();
  // An ask is not stored: a turn that is undone would leave it to nobody.
  await expect(ledger.ask({ type: 'add', id: 'stale', by: 1 })).rejects.toThrow(/activated again/);
  expect(Date.now() - started).toBeLessThan(10_000);
});

it('migrates a state written by an older version of the kind', async () => {
  process.env.TROUPE_TEST_SCHEMA = '1';
  system = createActorSystem({ threads: 1, dataDir });
  const { Versioned } = await import('../../../fixtures/durable/versioned.js');
  const counter = await system.spawn(Versioned, { id: 'evolving' });
  for (let i = 0; i < 3; i++) await counter.tell({ type: 'inc' });
  expect(await counter.ask({ type: 'get' })).toEqual({ schema: 1, count: 3 });
  await system.shutdown();
  // New workers load the module afresh and see version 2.
  process.env.TROUPE_TEST_SCHEMA = '2';
  system = createActorSystem({ threads: 1, dataDir });
  const upgraded = system.refOf<{ type: 'inc' } | { type: 'get' }>('evolving');
  await upgraded.tell({ type: 'inc' });
  expect(await upgraded.ask({ type: 'get' })).toEqual({ schema: 2, count: 4 });
});

it('acknowledges only after the flush in flush mode, and keeps everything', async () => {
  system = createActorSystem({ threads: 2, dataDir, durability: 'flush' });
  const ledger = await system.spawn(Ledger, { id: 'synced' });
  await Promise.all(Array.from({ length: 20 }, (_, i) => ledger.tell({ type: 'add', id: `s${i}`, by: 1 })));
  await system.shutdown();
  system = createActorSystem({ threads: 2, dataDir, durability: 'flush' });
  expect((await system.refOf<LedgerMsg>('synced').ask<LedgerState>({ type: 'report' })).total).toBe(20);
});
