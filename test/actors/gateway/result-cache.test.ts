/**
 * The shared result cache: keyed by scope, tool and canonical arguments (and session when
 * asked), live for its TTL only, counted per scope, bounded in entries and bytes.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../actors/gateway/canonical-json.js';
import { ResultCache } from '../../../actors/gateway/result-cache.js';
import { createManualClock } from '../../../actors/supervisors/flood/clock.js';

const result = (text: string) => ({ content: [{ type: 'text', text }] });

describe('ResultCache', () => {
  it('serves the same call within its TTL — whatever the order of the arguments — and not after', () => {
    const clock = createManualClock(1_000);
    const cache = new ResultCache({ clock });
    const call = {
      scope: 'memory',
      tool: 'read_graph',
      args: { depth: 2, filter: { kind: 'x', name: 'y' } },
    };
    expect(cache.get(call)).toBeUndefined();
    cache.set(call, result('graph'), 5_000);
    clock.advance(4_999);
    expect(cache.get({ ...call, args: { filter: { name: 'y', kind: 'x' }, depth: 2 } })).toEqual(
      result('graph'),
    );
    expect(cache.get({ ...call, args: { depth: 3 } })).toBeUndefined();
    clock.advance(1);
    expect(cache.get(call)).toBeUndefined();
    expect(cache.countsOf('memory')).toEqual({ hits: 1, misses: 3 });
    expect(cache.countsOf('other')).toEqual({ hits: 0, misses: 0 });
    expect(cache.stats.entries).toBe(0);
  });

  it('counts per server: a hit for the server whose answer the entry holds, a miss for the server that answered', () => {
    const cache = new ResultCache({ clock: createManualClock(0) });
    const call = { scope: 'files', tool: 'read_text_file', args: { path: '/a' } };
    expect(cache.get(call)).toBeUndefined();
    cache.countMiss('files-b');
    cache.set(call, result('a'), 1_000, 'files-b');
    expect(cache.get(call)).toEqual(result('a'));
    expect(cache.get(call)).toEqual(result('a'));
    expect(cache.countsOfServer('files-b')).toEqual({ hits: 2, misses: 1 });
    expect(cache.countsOfServer('files-a')).toEqual({ hits: 0, misses: 0 });
    expect(cache.countsOf('files')).toEqual({ hits: 2, misses: 1 });
  });

  it('keeps sessions apart when asked, and scopes apart always', () => {
    const cache = new ResultCache();
    const call = { scope: 'memory', tool: 'read_graph', args: {} };
    cache.set({ ...call, session: 's1' }, result('one'), 60_000);
    expect(cache.get({ ...call, session: 's2' })).toBeUndefined();
    expect(cache.get({ ...call, session: 's1' })).toEqual(result('one'));
    expect(cache.get({ ...call, scope: 'files' })).toBeUndefined();
    cache.invalidateScope('memory');
    expect(cache.get({ ...call, session: 's1' })).toBeUndefined();
    expect(cache.stats).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('stays within its entry and byte bounds, dropping the least recently used', () => {
    const cache = new ResultCache({ maxEntries: 3, maxBytes: 200 });
    const key = (n: number) => ({ scope: 's', tool: 't', args: { n } });
    for (const n of [1, 2, 3]) cache.set(key(n), result(`r${n}`), 60_000);
    cache.get(key(1));
    cache.set(key(4), result('r4'), 60_000);
    expect(cache.get(key(2))).toBeUndefined();
    expect(cache.get(key(1))).toEqual(result('r1'));
    const big = result('x'.repeat(150));
    cache.set(key(5), big, 60_000);
    expect(cache.stats.bytes).toBeLessThanOrEqual(200);
    expect(cache.get(key(5))).toEqual(big);
    cache.set(key(6), result('y'.repeat(500)), 60_000);
    expect(cache.get(key(6))).toBeUndefined();
  });

  it('keys by canonical JSON and refuses what JSON cannot carry', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: undefined }], a: -0 })).toBe('{"a":0,"b":[1,{"d":2}]}');
    expect(() => ResultCache.keyOf({ scope: 's', tool: 't', args: { f: () => 1 } })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cyclic/);
  });
});
