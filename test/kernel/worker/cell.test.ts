/**
 * `ActorCell`: the status and flags that share one integer, and the fields kept in a side
 * object until first used, read and write like plain fields — each independent of the
 * others — and a cell in `Cells` moves its status count on every change.
 */
import { expect, it } from 'vitest';
import { createManualClock } from '../../../src/kernel/clock.js';
import { Cells } from '../../../src/kernel/worker/cells.js';
import { createTestCell } from '../../fixtures/worker/cells.js';

it('keeps the status and each flag independent of the others', () => {
  const cell = createTestCell('a', 'Agent', false);
  expect([cell.status, cell.initialized, cell.scheduled, cell.removed]).toEqual([
    'active',
    false,
    false,
    false,
  ]);
  cell.scheduled = true;
  cell.initialized = true;
  cell.status = 'busy';
  expect([cell.status, cell.initialized, cell.scheduled, cell.removed]).toEqual(['busy', true, true, false]);
  cell.removed = true;
  cell.scheduled = false;
  cell.status = 'stopping';
  expect([cell.status, cell.initialized, cell.scheduled, cell.removed]).toEqual([
    'stopping',
    true,
    false,
    true,
  ]);
  for (const status of ['starting', 'active', 'busy', 'suspended', 'restarting', 'stopping'] as const) {
    cell.status = status;
    expect(cell.status).toBe(status);
  }
  expect([cell.initialized, cell.removed]).toEqual([true, true]);
});

it('reads the defaults of the rarely used fields, and keeps what is written to them', () => {
  const cell = createTestCell('a', 'Agent', true);
  expect(cell.info().restarts).toBe(0);
  expect([cell.restarts, cell.headAttempts, cell.epoch, cell.pendingCommits, cell.spawnSeq]).toEqual([
    0, 0, 0, 0, 0,
  ]);
  expect([cell.children, cell.restartHistory, cell.loaded, cell.known, cell.timers]).toEqual([
    null,
    null,
    null,
    null,
    null,
  ]);
  expect([cell.freshRecord, cell.childrenInStore, cell.inbound, cell.outbound]).toEqual([
    false,
    false,
    null,
    null,
  ]);
  cell.restarts = 2;
  cell.headAttempts = 3;
  cell.epoch = 4;
  cell.pendingCommits = 5;
  cell.spawnSeq = 6;
  cell.freshRecord = true;
  cell.restartHistory = [1, 2];
  cell.lastActive = 1_234;
  expect([cell.restarts, cell.headAttempts, cell.epoch, cell.pendingCommits, cell.spawnSeq]).toEqual([
    2, 3, 4, 5, 6,
  ]);
  expect([cell.freshRecord, cell.restartHistory, cell.lastActive, cell.info().restarts]).toEqual([
    true,
    [1, 2],
    1_234,
    2,
  ]);
  cell.restartHistory = null;
  cell.headAttempts = 0;
  expect([cell.restartHistory, cell.headAttempts, cell.epoch]).toEqual([null, 0, 4]);
  expect(cell.childRecords()).toBe(cell.children);
  expect(cell.address).toEqual({ id: 'a', thread: 0 });
  expect(cell.address).toBe(cell.address);
});

it('keeps no activity time for an actor that never passivates', () => {
  const memoryOnly = createTestCell('m', 'Agent', false);
  memoryOnly.lastActive = 1_234;
  expect(memoryOnly.lastActive).toBe(0);
});

it('moves its status count in Cells on every change, and stops counting once it left', () => {
  const cells = new Cells(createManualClock(1_000));
  const cell = createTestCell('a', 'Agent', false);
  cells.set('a', cell);
  expect(cells.statuses()).toMatchObject({ active: 1, busy: 0 });
  cell.status = 'busy';
  cell.scheduled = true;
  expect(cells.statuses()).toMatchObject({ active: 0, busy: 1 });
  cells.delete('a');
  cell.status = 'active';
  expect(cells.statuses()).toMatchObject({ active: 0, busy: 0 });
});
