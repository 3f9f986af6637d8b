/**
 * Tables: entries a durable actor writes with its turn, read back by its own later turns at
 * once (before their commit lands), by the main thread once committed, after a restart —
 * and never when the turn that wrote them failed. Bad names and keys are refused naming them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  type ActorRef,
  type ActorSystem,
  createActorSystem,
  InvalidArgumentError,
} from '../../../../src/kernel/index.js';
import { Notebook, type NotebookMsg } from '../../../fixtures/tables/notebook.js';

let dataDir: string;
let system: ActorSystem | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-tables-'));
});
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

function open(): ActorSystem {
  system = createActorSystem({ threads: 2, dataDir });
  return system;
}

it('reads its own writes at once, in key order, and the main thread reads what was committed', async () => {
  const sys = open();
  const book = await sys.spawn(Notebook, { id: 'book' });
  // Many notes in flight: later turns run while earlier commits are still on their way.
  const numbers = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      book.ask<number>({ type: 'note', topic: i % 2 ? 'odd' : 'even', text: `n${i}` }),
    ),
  );
  expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  const seen = await book.ask<{ key: unknown[] }[]>({ type: 'note-and-read', topic: 'odd', text: 'last' });
  expect(seen).toHaveLength(101);
  expect(seen.at(-1)?.key).toEqual(['odd', 201]);
  // Committed (the reply left after the commit): the main thread sees every entry.
  const odd = sys.table<string>('notes').range({ prefix: ['odd'] });
  expect(odd.map((entry) => entry.key[1])).toEqual([
    ...Array.from({ length: 100 }, (_, i) => 2 * i + 2),
    201,
  ]);
  expect(
    sys
      .table<number>('topics')
      .range()
      .map((e) => [e.key, e.value]),
  ).toEqual([
    [['even'], 199],
    [['odd'], 200],
  ]);
  expect(sys.table('notes').get(['even', 1])).toBe('n0');
});

it('pages with a cursor, forwards and backwards', async () => {
  const sys = open();
  const book = await sys.spawn(Notebook, { id: 'book' });
  for (let i = 0; i < 7; i++) await book.ask({ type: 'note', topic: 't', text: String(i) });
  const notes = sys.table<string>('notes');
  const first = notes.range({ prefix: ['t'], limit: 3 });
  const second = notes.range({ prefix: ['t'], limit: 3, after: first.at(-1)?.key });
  const third = notes.range({ prefix: ['t'], limit: 3, after: second.at(-1)?.key });
  expect([...first, ...second, ...third].map((e) => e.value)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
  const back = notes.range({ prefix: ['t'], limit: 2, reverse: true });
  const backMore = notes.range({ prefix: ['t'], limit: 2, reverse: true, after: back.at(-1)?.key });
  expect([...back, ...backMore].map((e) => e.value)).toEqual(['6', '5', '4', '3']);
  // In the actor, the same pages.
  const inActor = await book.ask<{ value: string }[]>({
    type: 'list',
    range: { prefix: ['t'], after: ['t', 5] },
  });
  expect(inActor.map((e) => e.value)).toEqual(['5', '6']);
});

it('keeps the entries across a restart, and removals too', async () => {
  let sys = open();
  let book: ActorRef<NotebookMsg> = await sys.spawn(Notebook, { id: 'book' });
  await book.ask({ type: 'note', topic: 'a', text: 'one' });
  await book.ask({ type: 'note', topic: 'a', text: 'two' });
  await book.ask({ type: 'erase', topic: 'a', n: 1 });
  await sys.shutdown();
  sys = open();
  book = sys.refOf<NotebookMsg>('book');
  expect(await book.ask({ type: 'get', topic: 'a', n: 1 })).toBeNull();
  expect(await book.ask({ type: 'get', topic: 'a', n: 2 })).toBe('two');
  expect(
    sys
      .table('notes')
      .range()
      .map((e) => e.key),
  ).toEqual([['a', 2]]);
});

it('keeps nothing a failed turn wrote', async () => {
  const sys = open();
  const book = await sys.spawn(Notebook, { id: 'book' });
  await book.tell({ type: 'fail-after-write', topic: 'x' });
  await book.ask({ type: 'note', topic: 'y', text: 'after' });
  expect(sys.table('notes').get(['x', 0])).toBeUndefined();
  expect(await book.ask({ type: 'get', topic: 'x', n: 0 })).toBeNull();
});

it('takes hostile keys as plain data and refuses bad names, keys and ranges naming them', async () => {
  const sys = open();
  const book = await sys.spawn(Notebook, { id: 'book' });
  for (const topic of ['__proto__', 'constructor', 'toString', 'hasOwnProperty'])
    await book.ask({ type: 'note', topic, text: topic });
  expect(
    sys
      .table('topics')
      .range()
      .map((e) => e.key[0]),
  ).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
  expect(() => sys.table('Bad Name')).toThrow(InvalidArgumentError);
  expect(() => sys.table('notes').get([])).toThrow(/key must be an array of 1 to 8/);
  expect(() => sys.table('notes').get(['x'.repeat(601)])).toThrow(/at most 600 characters/);
  expect(() => sys.table('notes').range({ limit: 0 })).toThrow(/range.limit/);
  await expect(book.ask({ type: 'raw-key', key: [{}] })).rejects.toThrow(/key must hold only strings/);
});

it('is refused to an actor that is not durable, and to a system without a store', async () => {
  const memory = createActorSystem({ threads: 1 });
  try {
    expect(() => memory.table('notes')).toThrow(/dataDir/);
    const book = await memory.spawn(Notebook, { id: 'book' });
    await expect(book.ask({ type: 'note', topic: 't', text: 'x' })).rejects.toThrow(/durable actors/);
  } finally {
    await memory.shutdown();
  }
});
