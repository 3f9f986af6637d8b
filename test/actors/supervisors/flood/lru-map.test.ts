/**
 * LRU map: order of use, O(1) eviction of the least recently used entry, and pruning
 * from the old end.
 */
import { describe, expect, it } from 'vitest';
import { LruMap } from '../../../../actors/supervisors/flood/lru-map.js';

function filled(...keys: string[]): LruMap<number> {
  const map = new LruMap<number>();
  keys.forEach((key, index) => {
    map.set(key, index);
  });
  return map;
}

describe('LruMap', () => {
  it('orders keys by last use: get and set move a key to the newest end, peek does not', () => {
    const map = filled('a', 'b', 'c');
    expect(map.get('a')).toBe(0);
    expect([...map.keys()]).toEqual(['b', 'c', 'a']);
    expect(map.peek('b')).toBe(1);
    expect([...map.keys()]).toEqual(['b', 'c', 'a']);
    map.set('b', 10);
    expect([...map.keys()]).toEqual(['c', 'a', 'b']);
    expect(map.peek('b')).toBe(10);
    expect(map.get('missing')).toBeUndefined();
  });

  it('deletes anywhere, and the least recently used first when asked', () => {
    const map = filled('a', 'b', 'c', 'd');
    expect(map.delete('c')).toBe(true);
    expect(map.delete('c')).toBe(false);
    expect(map.deleteOldest()).toBe('a');
    expect([...map.keys()]).toEqual(['b', 'd']);
    expect(map.deleteOldest()).toBe('b');
    expect(map.deleteOldest()).toBe('d');
    expect(map.deleteOldest()).toBeUndefined();
    expect(map.size).toBe(0);
    map.set('e', 1);
    expect([...map.keys()]).toEqual(['e']);
  });

  it('prunes up to a limit from the old end', () => {
    const map = filled('a', 'b', 'c', 'd', 'e');
    expect(map.pruneOldest(3, (value) => value % 2 === 0)).toBe(2); // a (0) and c (2), not e (beyond the limit)
    expect([...map.keys()]).toEqual(['b', 'd', 'e']);
    expect(map.pruneOldest(Number.POSITIVE_INFINITY, () => true)).toBe(3);
    expect(map.size).toBe(0);
  });
});
