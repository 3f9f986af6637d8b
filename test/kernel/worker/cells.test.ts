/**
 * `Cells`: the thread's map of actors keeps its tallies as cells enter and leave and mail
 * arrives — actors per kind, mail per kind, the durable cells in idle order — whichever
 * `set` or `delete` the runtime makes.
 */
import { expect, it } from 'vitest';
import { createManualClock } from '../../../src/kernel/clock.js';
import { Cells } from '../../../src/kernel/worker/cells.js';
import { createTestCell, fillMailbox } from '../../fixtures/worker/cells.js';

const byKind = (kinds: { kind: string }[]) => [...kinds].sort((a, b) => a.kind.localeCompare(b.kind));

it('counts the actors of each kind as they enter and leave, a replaced cell counting once', () => {
  const cells = new Cells(createManualClock(1_000));
  cells.set('a', createTestCell('a', 'Agent', true));
  cells.set('b', createTestCell('b', 'Agent', true));
  cells.set('s', createTestCell('s', 'Session', false));
  cells.set('b', createTestCell('b', 'Inbox', true));
  cells.set('s', cells.get('s') ?? createTestCell('s', 'Session', false));

  expect(byKind(cells.tally().kinds)).toEqual([
    { kind: 'Agent', actors: 1, backlog: 0 },
    { kind: 'Inbox', actors: 1, backlog: 0 },
    { kind: 'Session', actors: 1, backlog: 0 },
  ]);

  expect(cells.delete('a')).toBe(true);
  expect(cells.delete('a')).toBe(false);
  expect(byKind(cells.tally().kinds)).toEqual([
    { kind: 'Inbox', actors: 1, backlog: 0 },
    { kind: 'Session', actors: 1, backlog: 0 },
  ]);
  cells.clear();
  expect(cells.tally()).toEqual({ queueDepth: 0, kinds: [] });
  expect(cells.idle.size).toBe(0);
});

it('sums the mail of the cells that got some, leaving out emptied mailboxes and cells that left', () => {
  const cells = new Cells(createManualClock(1_000));
  const [a, b, c] = ['a', 'b', 'c'].map((id) => createTestCell(id, 'Agent', false));
  if (!a || !b || !c) throw new Error('three cells expected');
  for (const cell of [a, b, c]) cells.set(cell.id, cell);
  fillMailbox(cells, a, 3);
  fillMailbox(cells, b, 2);
  fillMailbox(cells, c, 4);
  expect(cells.tally()).toEqual({ queueDepth: 9, kinds: [{ kind: 'Agent', actors: 3, backlog: 9 }] });

  a.mailbox.shift();
  b.mailbox.drain();
  cells.delete('c');
  expect(cells.tally()).toEqual({ queueDepth: 2, kinds: [{ kind: 'Agent', actors: 2, backlog: 2 }] });

  // Mail again in a cell the tally let go of.
  fillMailbox(cells, b, 1);
  expect(cells.tally()).toEqual({ queueDepth: 3, kinds: [{ kind: 'Agent', actors: 2, backlog: 3 }] });
});

it('counts the mail a cell brings with it when it enters', () => {
  const cells = new Cells(createManualClock(1_000));
  const restored = createTestCell('r', 'Agent', true);
  restored.mailbox.restore({ n: 1 });
  cells.set('r', restored);

  expect(cells.tally().queueDepth).toBe(1);
});

it('orders the durable cells by when they were last active, entering memory counting as activity', () => {
  const clock = createManualClock(1_000);
  const cells = new Cells(clock);
  for (const id of ['a', 'b', 'c']) {
    cells.set(id, createTestCell(id, 'Agent', true));
    clock.advance(10);
  }
  cells.set('m', createTestCell('m', 'Memo', false));
  const b = cells.get('b');
  if (!b) throw new Error('b expected');
  cells.touch(b, clock.now());

  expect([...cells.idle.oldestFirst()].map((cell) => [cell.id, cell.lastActive])).toEqual([
    ['a', 1_000],
    ['c', 1_020],
    ['b', 1_030],
  ]);
});
