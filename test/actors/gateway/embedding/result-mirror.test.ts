/**
 * The embedding handle's copy of cache entries (`result-mirror.ts`), on a manual clock: it
 * keeps only answers the directory cached, until the directory's `cachedUntil` and not
 * after; it keys by session as the call carried it; it counts hits per answering server; a
 * copy taken while the directory's news of dropped entries was on its way is not kept.
 */
import { describe, expect, it } from 'vitest';
import type { ToolCallResult } from '../../../../actors/gateway/call-events.js';
import { ResultMirror } from '../../../../actors/gateway/embedding/result-mirror.js';
import { createManualClock } from '../../../../src/kernel/index.js';

const answer = (cachedUntil?: number): ToolCallResult => ({
  result: { content: [{ type: 'text', text: 'hello' }] },
  server: 'files-a',
  group: 'files',
  tool: 'read',
  cached: false,
  attempts: [{ server: 'files-a', round: 1 }],
  durationMs: 3,
  ...(cachedUntil === undefined ? {} : { cachedUntil }),
});
const key = (sessionId?: string) => ({ name: 'files__read', args: { path: '/a', n: 1 }, sessionId });

describe('ResultMirror', () => {
  it('answers a kept call as a hit until cachedUntil, and not after', () => {
    const clock = createManualClock(1_000);
    const mirror = new ResultMirror(clock);
    mirror.keep(key(), answer(1_500), mirror.generation);
    expect(mirror.get({ name: 'files__read', args: { n: 1, path: '/a' }, sessionId: undefined })).toEqual({
      result: answer().result,
      group: 'files',
      tool: 'read',
      cached: true,
      attempts: [],
      durationMs: 0,
    });
    expect(mirror.hitsOf('files-a')).toBe(1);
    clock.advance(499);
    expect(mirror.get(key())?.cached).toBe(true);
    clock.advance(1);
    expect(mirror.get(key())).toBeUndefined();
    expect(mirror.hitsOf('files-a')).toBe(2);
  });

  it('keeps nothing the directory did not cache, or kept while news of dropped entries was on its way', () => {
    const mirror = new ResultMirror(createManualClock(1_000));
    mirror.keep(key(), answer(), mirror.generation);
    expect(mirror.get(key())).toBeUndefined();
    const sent = mirror.generation;
    mirror.clear();
    mirror.keep(key(), answer(60_000), sent);
    expect(mirror.get(key())).toBeUndefined();
    mirror.keep(key(), answer(60_000), mirror.generation);
    expect(mirror.get(key())?.cached).toBe(true);
    mirror.clear();
    expect(mirror.get(key())).toBeUndefined();
  });

  it('keys calls of different sessions apart', () => {
    const mirror = new ResultMirror(createManualClock(1_000));
    mirror.keep(key('s1'), answer(60_000), mirror.generation);
    expect(mirror.get(key('s2'))).toBeUndefined();
    expect(mirror.get(key())).toBeUndefined();
    expect(mirror.get(key('s1'))?.cached).toBe(true);
  });
});
