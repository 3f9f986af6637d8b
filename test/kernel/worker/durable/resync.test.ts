/**
 * Mail whose announcement was lost: a durable tell is stored by its sender's commit and
 * announced after it, so a worker that dies between the two leaves mail only the store knows
 * of. When a peer thread is replaced, every thread takes the stored mail of its actors in
 * memory that it has not taken in yet — once, even when the announcement comes after all.
 *
 * The lost announcement is made by hand here: an inbox entry is committed to the store
 * beside the running system (as a dying sender's last batch would leave it), then the other
 * thread is jammed so the watchdog replaces it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type ActorSystem, createActorSystem, type SystemEvent } from '../../../../src/kernel/index.js';
import { openStore, type Store } from '../../../../src/kernel/persistence/store.js';
import { Ledger, type LedgerState } from '../../../fixtures/durable/ledger.js';
import { idOn } from '../../../helpers/homed-ids.js';
import { until } from '../../../helpers/until.js';

let system: ActorSystem | undefined;
let store: Store | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await system?.shutdown();
  await store?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Commit an `add` into `actorId`'s inbox without announcing it (what a worker dying after its commit leaves). */
async function storeUnannounced(actorId: string, id: string, seq: number): Promise<void> {
  const outcome = await (store as Store).commit([
    (w) =>
      w.putInbox([actorId, seq], {
        message: { type: 'add', id, by: 1 },
        replyTo: null,
        messageId: null,
        missed: 0,
      }),
  ]);
  expect(outcome.failed.size).toBe(0);
}

it('takes the stored mail whose announcement died with a replaced peer, once', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-resync-'));
  system = createActorSystem({ threads: 2, dataDir, turnTimeoutMs: 300 });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const receiver = await system.spawn(Ledger, { id: idOn(0, 'receiver') });
  const jammer = await system.spawn(Ledger, { id: idOn(1, 'jammer') });
  await receiver.tell({ type: 'add', id: 'announced', by: 1 });
  expect((await receiver.ask<LedgerState>({ type: 'report' })).applied).toEqual(['announced']);

  store = openStore({ path: dataDir, durability: 'commit' });
  // Far above the process's sequence, so no later seq of the system collides with it.
  const seq = Number.MAX_SAFE_INTEGER - 1;
  await storeUnannounced(receiver.id, 'unannounced', seq);
  // Nothing announced it: the receiver, in memory, does not know of it.
  await receiver.tell({ type: 'add', id: 'after', by: 1 });
  expect((await receiver.ask<LedgerState>({ type: 'report' })).applied).toEqual(['announced', 'after']);

  await jammer.tell({ type: 'spin' });
  await until(() => events.some((e) => e.type === 'worker-replaced' && e.thread === 1), 15_000);
  await until(
    async () => (await receiver.ask<LedgerState>({ type: 'report' })).applied.includes('unannounced'),
    15_000,
  );
  expect((await receiver.ask<LedgerState>({ type: 'report' })).applied).toEqual([
    'announced',
    'after',
    'unannounced',
  ]);
  // Its stored entry is gone (handled), and more replacements take nothing twice.
  await until(() => events.filter((e) => e.type === 'worker-replaced').length >= 2, 15_000);
  expect(store.inboxOf(receiver.id)).toEqual([]);
  expect((await receiver.ask<LedgerState>({ type: 'report' })).applied).toEqual([
    'announced',
    'after',
    'unannounced',
  ]);
  expect(events.some((e) => e.type === 'thread-jammed' && e.actorId === jammer.id)).toBe(true);
}, 60_000);
