/**
 * The activation limit on a real system: with `maxActiveActors`, a thread keeps at most that
 * many durable actors in memory — the least recently active leave, their state in the store —
 * and every actor still answers with all it was told, coming back into memory when asked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type ActorRef, type ActorSystem, createActorSystem } from '../../../../src/kernel/index.js';
import { Ledger, type LedgerMsg, type LedgerState } from '../../../fixtures/durable/ledger.js';
import { until } from '../../../helpers/until.js';

let system: ActorSystem | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const LIMIT = 40;
const ACTORS = 300;

it('keeps at most maxActiveActors durable actors in memory, and each still has all it was told', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-activation-limit-'));
  system = createActorSystem({ dataDir, threads: 1, maxActiveActors: LIMIT });
  const ledgers: ActorRef<LedgerMsg>[] = [];
  for (let i = 0; i < ACTORS; i++) ledgers.push(await system.spawn(Ledger, { id: `ledger-${i}` }));
  for (const [i, ledger] of ledgers.entries()) await system.tell(ledger, { type: 'add', id: `m${i}`, by: i });
  const inMemory = async () => (await system?.stats())?.threads[0]?.actors ?? Number.POSITIVE_INFINITY;
  await until(async () => (await inMemory()) <= LIMIT);

  // Each one, asked in turn, comes back from the store with its message applied once.
  for (const [i, ledger] of ledgers.entries()) {
    const state = await system.ask<LedgerState>(ledger, { type: 'report' });
    expect(state).toMatchObject({ total: i, applied: [`m${i}`] });
  }
  await until(async () => (await inMemory()) <= LIMIT);
  const stats = await system.stats();
  expect(stats.threads[0]?.evictions).toBeGreaterThanOrEqual(2 * (ACTORS - LIMIT));
  expect(await inMemory()).toBeGreaterThan(0);
});

it('refuses a limit that is not a positive integer, naming the option', () => {
  expect(() => createActorSystem({ maxActiveActors: 0 })).toThrow(/maxActiveActors/);
  expect(() => createActorSystem({ maxActiveActors: 1.5 })).toThrow(/maxActiveActors/);
});
