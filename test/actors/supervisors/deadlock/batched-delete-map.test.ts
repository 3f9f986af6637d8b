/**
 * The map behind the graph's indexes: it behaves like a Map for the graph's few
 * operations, reuses the entry of a key deleted and set again (the churn that makes a
 * V8 Map slow), and sweeps vacant entries once they outnumber the live ones.
 */
import { describe, expect, it } from 'vitest';
import { BatchedDeleteMap } from '../../../../actors/supervisors/deadlock/batched-delete-map.js';

const box = (value: number) => ({ value });

describe('BatchedDeleteMap', () => {
  it('gets, sets, deletes and lists only live entries', () => {
    const map = new BatchedDeleteMap<{ value: number }>();
    map.set('a', box(1));
    map.set('b', box(2));
    map.set('a', box(3));
    expect(map.size).toBe(2);
    expect(map.delete('a')).toBe(true);
    expect(map.delete('a')).toBe(false);
    expect(map.delete('never')).toBe(false);
    expect(map.has('a')).toBe(false);
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(1);
    expect([...map.keys()]).toEqual(['b']);
    expect([...map.values()]).toEqual([box(2)]);
    map.set('a', box(4));
    expect(map.get('a')).toEqual(box(4));
    expect(map.size).toBe(2);
  });

  it('reuses the entry of a key deleted and set again, however often', () => {
    const map = new BatchedDeleteMap<{ value: number }>();
    for (let index = 0; index < 1_000; index++) map.set(`live-${index}`, box(index));
    for (let round = 0; round < 10_000; round++) {
      map.set('hot', box(round));
      map.delete('hot');
    }
    expect(map.heldEntries).toBe(1_001);
    expect(map.size).toBe(1_000);
  });

  it('sweeps vacant entries once they outnumber the live ones', () => {
    const map = new BatchedDeleteMap<{ value: number }>();
    for (let index = 0; index < 10_000; index++) map.set(`key-${index}`, box(index));
    for (let index = 0; index < 9_990; index++) {
      map.delete(`key-${index}`);
      expect(map.heldEntries).toBeLessThanOrEqual(2 * map.size + 33 + 1);
    }
    expect(map.size).toBe(10);
    expect([...map.keys()]).toHaveLength(10);
  });
});
