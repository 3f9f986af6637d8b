/**
 * `system.stats()` for health: per actor kind (its export name), the actors in memory and
 * their mailbox backlog, over every thread; and for a durable system, the suspended actors,
 * the kept dead letters and the store's size on disk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type ActorSystem, createActorSystem } from '../../../src/kernel/index.js';
import { Counter } from '../../fixtures/counter.js';
import { Ledger } from '../../fixtures/durable/ledger.js';
import { Picky } from '../../fixtures/durable/picky.js';
import { Gate } from '../../fixtures/gate.js';
import { until } from '../../helpers/until.js';

let system: ActorSystem | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

it('counts the actors of each kind in memory and their backlog, the largest backlog first', async () => {
  system = createActorSystem({ threads: 2 });
  await Promise.all([0, 1, 2].map((i) => system?.spawn(Counter, { id: `counter-${i}` })));
  const gate = await system.spawn(Gate, { id: 'gate' });
  const held = gate.ask({ type: 'hold', ms: 500 });
  for (let i = 0; i < 5; i++) gate.tell({ type: 'note', n: i });
  const sys = system;
  await until(async () =>
    (await sys.stats()).kinds.some((kind) => kind.kind === 'Gate' && kind.backlog === 5),
  );

  const stats = await system.stats();

  expect(stats.kinds).toEqual([
    { kind: 'Gate', actors: 1, backlog: 5 },
    { kind: 'Counter', actors: 3, backlog: 0 },
  ]);
  expect(stats.threads.flatMap((thread) => thread.kinds).reduce((sum, kind) => sum + kind.actors, 0)).toBe(4);
  expect(stats.store).toBeNull();
  await held;
});

it('reports the store: suspended actors, kept dead letters, bytes on disk', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-stats-'));
  system = createActorSystem({ threads: 2, dataDir, supervision: { intensity: 1, maxMessageAttempts: 1 } });
  const picky = await system.spawn(Picky, { id: 'picky' });
  await picky.tell({ type: 'close' });
  await picky.tell({ type: 'take', item: 'apple' });
  const ledger = await system.spawn(Ledger, { id: 'ledger' });
  await ledger.tell({ type: 'boom' });
  await ledger.tell({ type: 'boom' });
  const sys = system;
  await until(() => sys.suspended().length === 1 && sys.deadLetters().list().length >= 1);
  // The suspension is in the store before the thread has let the cell go: wait for that too (a
  // cell that never left would time this out).
  await until(async () => (await sys.stats()).kinds.every((kind) => kind.kind !== 'Ledger'));

  const stats = await system.stats();

  expect(stats.store?.suspended).toBe(1);
  expect(stats.store?.deadLetters).toBe(sys.deadLetters().list().length);
  expect(stats.store?.sizeBytes).toBeGreaterThan(0);
  expect(stats.kinds.find((kind) => kind.kind === 'Ledger')).toBeUndefined();
  expect(stats.kinds.find((kind) => kind.kind === 'Picky')).toMatchObject({ actors: 1 });
});

it('counts actors by status, asks timed out, and histograms of turn and commit durations', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-stats-'));
  system = createActorSystem({ threads: 2, dataDir });
  const gate = await system.spawn(Gate, { id: 'gate' });
  const counter = await system.spawn(Counter, { id: 'counter' });
  for (let i = 0; i < 3; i++) counter.tell({ type: 'add', by: 1 });
  const ledger = await system.spawn(Ledger, { id: 'ledger' });
  await ledger.tell({ type: 'add', id: 'a', by: 1 });
  const held = gate.ask({ type: 'hold', ms: 400 });
  const timedOut = gate.ask({ type: 'ignore' }, { timeoutMs: 50 }).catch((error: Error) => error);
  const sys = system;
  await until(async () => (await sys.stats()).totals.statuses.busy === 1);

  const busy = await system.stats();
  expect(busy.totals.statuses).toMatchObject({ busy: 1, active: busy.totals.actors - 1, starting: 0 });
  expect((await timedOut) as Error).toMatchObject({ code: 'ask_timeout' });
  await held;
  await until(async () => (await sys.stats()).totals.statuses.busy === 0);
  const stats = await system.stats();

  expect(stats.main.asksTimedOut).toBe(1);
  const turns = stats.totals.turnDurations;
  expect(turns.counts.reduce((sum, n) => sum + n, 0)).toBe(stats.totals.turns);
  // The held turn slept 400 ms: it is in a bucket above 250 ms.
  expect(turns.counts.slice(12).reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(1);
  expect(turns.sumMs).toBeGreaterThanOrEqual(390);
  const commits = stats.totals.commitDurations;
  expect(commits.counts.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
  expect(commits.sumMs).toBeGreaterThan(0);
});
