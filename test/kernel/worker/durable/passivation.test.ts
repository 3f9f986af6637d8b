/**
 * The passivation sweep drops the durable actors idle for the timeout, walking from the
 * longest idle and stopping at the first one idle for less; it keeps, and walks past, those
 * with mail, commits in flight, a turn scheduled or under way, or children.
 */
import { afterEach, expect, it } from 'vitest';
import { createManualClock } from '../../../../src/kernel/clock.js';
import type { ActorCell } from '../../../../src/kernel/worker/cell.js';
import { Cells } from '../../../../src/kernel/worker/cells.js';
import { Passivation } from '../../../../src/kernel/worker/durable/passivation.js';
import { createTestCell, fillMailbox } from '../../../fixtures/worker/cells.js';

const IDLE_MS = 1_000;
let passivation: Passivation | undefined;
afterEach(() => passivation?.close());

/** A thread's cells and their sweep; dropping a cell takes it out of memory, as `Stopper.dropCell` does. */
function createSweep(ids: readonly string[]) {
  const clock = createManualClock(0);
  const cells = new Cells(clock);
  const dropped: string[] = [];
  for (const id of ids) {
    cells.set(id, createTestCell(id, 'Agent', true));
    clock.advance(10);
  }
  passivation = new Passivation(cells.idle, clock, IDLE_MS, {
    dropCell: (cell) => {
      cells.delete(cell.id);
      dropped.push(cell.id);
    },
  });
  const cellOf = (id: string): ActorCell => {
    const cell = cells.get(id);
    if (!cell) throw new Error(`${id} is not in memory`);
    return cell;
  };
  return { clock, cells, dropped, sweep: passivation, cellOf };
}

it('drops the actors idle for the timeout, oldest first, and none active since', () => {
  const { clock, cells, dropped, sweep, cellOf } = createSweep(['a', 'b', 'c', 'd']);
  clock.advance(500);
  cells.touch(cellOf('b'), clock.now());
  clock.set(1_025);

  expect(sweep.passivateIdle()).toBe(2);
  expect(dropped).toEqual(['a', 'c']);
  expect([...cells.keys()]).toEqual(['b', 'd']);

  clock.set(1_540);
  expect(sweep.passivateIdle()).toBe(2);
  expect(dropped).toEqual(['a', 'c', 'd', 'b']);
  expect(cells.size).toBe(0);
});

it('keeps the actors that are busy, have mail, commits in flight or children, and drops them once free', () => {
  const { clock, cells, dropped, sweep, cellOf } = createSweep([
    'busy',
    'mail',
    'committing',
    'parent',
    'free',
  ]);
  cellOf('busy').status = 'busy';
  fillMailbox(cells, cellOf('mail'), 1);
  cellOf('committing').pendingCommits = 1;
  cellOf('parent')
    .childRecords()
    .set('child', { spec: cellOf('free').spec, stopping: false });
  clock.set(5_000);

  expect(sweep.passivateIdle()).toBe(1);
  expect(dropped).toEqual(['free']);

  cellOf('busy').status = 'active';
  cellOf('mail').mailbox.drain();
  cellOf('committing').pendingCommits = 0;
  cellOf('parent').childRecords().clear();
  expect(sweep.passivateIdle()).toBe(4);
  expect(dropped).toEqual(['free', 'busy', 'mail', 'committing', 'parent']);
});

it('leaves memory-only actors alone', () => {
  const { clock, cells, dropped, sweep } = createSweep([]);
  cells.set('scratch', createTestCell('scratch', 'Scratch', false));
  clock.set(60_000);

  expect(sweep.passivateIdle()).toBe(0);
  expect(dropped).toEqual([]);
  expect(cells.has('scratch')).toBe(true);
});
