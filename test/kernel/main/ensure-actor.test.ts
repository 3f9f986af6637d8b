/**
 * `ensureActor`: spawns the actor the first time; after a restart it finds the durable one in
 * the store without spawning it again — no `spawn-failed` event on every start — and its state
 * is the one it kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import {
  type ActorSystem,
  createActorSystem,
  ensureActor,
  type SystemEvent,
} from '../../../src/kernel/index.js';
import { Ledger, type LedgerState } from '../../fixtures/durable/ledger.js';

let system: ActorSystem | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await system?.shutdown();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('spawns once, then finds the stored actor quietly after a restart', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-ensure-'));
  system = createActorSystem({ threads: 2, dataDir });
  const first = await ensureActor(system, Ledger, 'registry');
  await first.tell({ type: 'add', id: 'kept', by: 1 });
  await system.shutdown();

  system = createActorSystem({ threads: 2, dataDir });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const again = await ensureActor(system, Ledger, 'registry');
  expect((await again.ask<LedgerState>({ type: 'report' })).applied).toEqual(['kept']);
  expect(events.filter((event) => event.type === 'spawn-failed')).toEqual([]);
});

it('spawns in a system without a store, and finds a live one by its id', async () => {
  system = createActorSystem({ threads: 2 });
  const first = await ensureActor(system, Ledger, 'registry');
  await first.tell({ type: 'add', id: 'one', by: 1 });
  const again = await ensureActor(system, Ledger, 'registry');
  expect((await again.ask<LedgerState>({ type: 'report' })).applied).toEqual(['one']);
});
