/**
 * `ChildRecords`: a child added by a spawn reads as a record like any other — one record
 * per child whichever way it is read (get, values, entries, forEach), so the marks the
 * supervisor writes on it stay — and the start order holds through every read and delete.
 */
import { expect, it } from 'vitest';
import type { ChildRecord } from '../../../src/kernel/worker/cell.js';
import { ChildRecords } from '../../../src/kernel/worker/child-records.js';
import { createTestCell } from '../../fixtures/worker/cells.js';

const specOf = (id: string) => createTestCell(id, 'Child', false).spec;

it('reads a spawned child as a record that keeps the marks written on it', () => {
  const children = new ChildRecords();
  const spec = specOf('a');
  children.addSpawned(spec);
  expect(children.has('a')).toBe(true);
  expect(children.size).toBe(1);
  const record = children.get('a');
  expect(record).toEqual({ spec, stopping: false });
  if (!record) throw new Error('a record expected');
  record.stopping = true;
  record.failed = true;
  expect(children.get('a')).toBe(record);
  expect([...children.values()]).toEqual([record]);
  expect(children.get('a')).toEqual({ spec, stopping: true, failed: true });
  expect(children.get('missing')).toBeUndefined();
});

it('returns the same record from every kind of read, in start order', () => {
  const children = new ChildRecords();
  for (const id of ['a', 'b', 'c']) children.addSpawned(specOf(id));
  const added: ChildRecord = { spec: specOf('d'), stopping: true };
  children.set('d', added);
  const fromValues = [...children.values()];
  expect(fromValues.map((record) => record.spec.id)).toEqual(['a', 'b', 'c', 'd']);
  expect(fromValues[3]).toBe(added);
  const fromEntries = [...children];
  expect(fromEntries.map(([id]) => id)).toEqual(['a', 'b', 'c', 'd']);
  expect(fromEntries.map(([, record]) => record)).toEqual(fromValues);
  for (const [id, record] of fromEntries) expect(children.get(id)).toBe(record);
  const seen: string[] = [];
  children.forEach((record, id, map) => {
    expect(map).toBe(children);
    expect(record).toBe(fromValues[seen.length]);
    seen.push(id);
  });
  expect(seen).toEqual(['a', 'b', 'c', 'd']);
  expect([...children.keys()]).toEqual(['a', 'b', 'c', 'd']);
});

it('keeps the start order when a record is made mid-way, and forgets what is deleted or cleared', () => {
  const children = new ChildRecords();
  for (const id of ['a', 'b', 'c']) children.addSpawned(specOf(id));
  children.get('b');
  expect([...children.keys()]).toEqual(['a', 'b', 'c']);
  expect(children.delete('b')).toBe(true);
  expect(children.delete('b')).toBe(false);
  children.addSpawned(specOf('b'));
  expect([...children.keys()]).toEqual(['a', 'c', 'b']);
  expect(children.get('b')?.stopping).toBe(false);
  children.clear();
  expect(children.size).toBe(0);
  expect([...children.values()]).toEqual([]);
});
