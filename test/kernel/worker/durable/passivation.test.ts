/**
 * The passivation sweep drops the durable actors idle for the timeout, walking from the
 * longest idle and stopping at the first one idle for less; it keeps, and walks past, those
 * with mail, commits in flight, a turn scheduled or under way, or children.
 */
import { afterEach, expect, it } from 'vitest';
import { createManualClock } from '../../../../src/kernel/clock.js';
import type { ActorCell } from '../../../../src/kernel/worker/cell.js';
import { Cells } from '../../../../src/kernel/worker/cells.js';
import { defaultMaxActiveActors, Passivation } from '../../../../src/kernel/worker/durable/passivation.js';
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

/** A thread's cells under an activation limit of `limit`; the cells come in 10 ms apart. */
function createLimited(limit: number, count: number) {
  const clock = createManualClock(0);
  const cells = new Cells(clock);
  const dropped: string[] = [];
  passivation = new Passivation(
    cells.idle,
    clock,
    IDLE_MS,
    {
      dropCell: (cell) => {
        cells.delete(cell.id);
        dropped.push(cell.id);
      },
    },
    limit,
  );
  for (let i = 0; i < count; i++) {
    cells.set(`a${i}`, createTestCell(`a${i}`, 'Agent', true));
    clock.advance(10);
  }
  return { clock, cells, dropped, limit: passivation };
}

const nextTurnOfTheLoop = () => new Promise((resolve) => setImmediate(resolve));

it('past the activation limit, drops the least recently active down to 90% of it, from the event loop', async () => {
  const { cells, dropped, clock } = createLimited(10, 11);
  // Not in the middle of the code that brought the 11th in: on the next turn of the event loop.
  expect(cells.size).toBe(11);
  cells.touch(cells.get('a0') as ActorCell, clock.now());
  await nextTurnOfTheLoop();
  expect(dropped).toEqual(['a1', 'a2']);
  expect(cells.size).toBe(9);
  expect(passivation?.evictions).toBe(2);
  // Under the limit, nothing more leaves however long the actors stay (the idle sweep is another matter).
  cells.set('b', createTestCell('b', 'Agent', true));
  await nextTurnOfTheLoop();
  expect(cells.size).toBe(10);
  expect(dropped).toHaveLength(2);
});

it('walks past the actors it may not drop, and tries again once they are free', async () => {
  const { cells, dropped } = createLimited(4, 4);
  for (const id of ['a0', 'a1', 'a2', 'a3']) (cells.get(id) as ActorCell).pendingCommits = 1;
  cells.set('a4', createTestCell('a4', 'Agent', true));
  await nextTurnOfTheLoop();
  // a4 is the only one free, and the most recent: it leaves, the busy ones stay.
  expect(dropped).toEqual(['a4']);
  for (const id of ['a0', 'a1', 'a2', 'a3']) (cells.get(id) as ActorCell).pendingCommits = 0;
  cells.set('a5', createTestCell('a5', 'Agent', true));
  cells.set('a6', createTestCell('a6', 'Agent', true));
  await nextTurnOfTheLoop();
  expect(dropped).toEqual(['a4', 'a0', 'a1', 'a2']);
  expect([...cells.keys()]).toEqual(['a3', 'a5', 'a6']);
});

it('derives the default limit from the heap limit: 16 KiB per actor, at least 1,000', () => {
  expect(defaultMaxActiveActors(4 * 1024 ** 3)).toBe(262_144);
  expect(defaultMaxActiveActors(1024 ** 2)).toBe(1_000);
  expect(defaultMaxActiveActors()).toBeGreaterThanOrEqual(1_000);
});
