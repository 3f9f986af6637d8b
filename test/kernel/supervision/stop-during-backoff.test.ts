/**
 * An explicit stop is final, even while a restart waits out its backoff: the pending restart
 * is cancelled, and a restart that comes due for an actor stopped (or removed from the
 * store) meanwhile does nothing. The stopped actor never comes back, and the store keeps
 * nothing of it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ActorSystem } from '../../../src/kernel/index.js';
import { Crasher, type CrasherMsg } from '../../fixtures/crasher.js';
import { Ledger, type LedgerMsg, type LedgerState } from '../../fixtures/durable/ledger.js';
import { idsOn } from '../../helpers/homed-ids.js';
import { startSystem, THREADS, until } from './harness.js';

/** Long enough for the stop to land inside it on a busy machine; the test waits it out once. */
const BACKOFF_MS = 500;

let dataDir: string;
let system: ActorSystem | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-stop-backoff-'));
});
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

function start() {
  const started = startSystem({
    dataDir,
    supervision: { backoff: { initialMs: BACKOFF_MS, maxMs: BACKOFF_MS } },
  });
  system = started.system;
  return started;
}

it('cancels the restart of an actor lost with its thread when it is stopped during the backoff', async () => {
  const { system, events } = start();
  const [crasherId] = idsOn(0, 'crasher', 1, THREADS) as [string];
  const [witnessId] = idsOn(0, 'witness', 1, THREADS) as [string];
  // Both die with thread 0 and are restarted after the same backoff, the crasher's first.
  const crasher = await system.spawn(Crasher, { id: crasherId });
  const witness = await system.spawn(Ledger, { id: witnessId });
  await witness.tell({ type: 'add', id: 'kept', by: 1 });
  // Handled and committed: no mail of its own brings the witness back before its restart.
  await witness.ask({ type: 'report' });

  // An ask is not stored: the replacement thread does not run it again.
  await expect(crasher.ask<never>({ type: 'exit' } satisfies CrasherMsg)).rejects.toMatchObject({
    code: 'worker_crashed',
  });
  // The restarts were routed when the thread was lost; the stop follows them on the same link.
  await system.stop(crasher);
  expect(system.readStored(crasherId)).toBeUndefined();

  // The witness's restart comes due after the crasher's would have.
  await until(() => events.of('actor-restarted', witnessId).length === 1, 10_000, 'the witness restarted');
  expect(events.of('actor-restarted', crasherId)).toEqual([]);
  expect(system.readStored(crasherId)).toBeUndefined();
  expect((await system.inspect()).children.map((node) => node.id)).toEqual([witnessId]);
  expect((await system.refOf<LedgerMsg>(witnessId).ask<LedgerState>({ type: 'report' })).applied).toEqual([
    'kept',
  ]);
});

it('does not start a failed actor again once it is stopped during the backoff', async () => {
  const { system, events } = start();
  const [ledgerId, witnessId] = idsOn(1, 'ledger', 2, THREADS) as [string, string];
  const ledger = await system.spawn(Ledger, { id: ledgerId });
  await ledger.tell({ type: 'add', id: 'kept', by: 1 });
  await ledger.tell({ type: 'boom' });
  await until(() => events.of('actor-failed', ledgerId).length === 1, 10_000, 'the ledger failed');

  await system.stop(ledger);

  // On the same thread, failed later: its restart comes due after the ledger's would have.
  const witness = await system.spawn(Ledger, { id: witnessId });
  await witness.tell({ type: 'boom' });
  await until(() => events.of('actor-restarted', witnessId).length === 1, 10_000, 'the witness restarted');
  expect(events.of('actor-restarted', ledgerId)).toEqual([]);
  expect(events.of('actor-stopped', ledgerId)).toMatchObject([{ reason: 'shutdown' }]);
  expect(system.readStored(ledgerId)).toBeUndefined();
  expect((await system.inspect()).children.map((node) => node.id)).toEqual([witnessId]);
});
