/**
 * The rollout rule: the same id always gets the same answer; over 10,000 ids the share that
 * gets `true` is the percentage within 2 points; raising the percentage only adds ids; a
 * disabled flag is off for all, 100% on for all, and without an id only 0% and 100% decide.
 */
import { describe, expect, it } from 'vitest';
import { decideFlag, type FeatureFlag, rolloutBucket } from '../../../../actors/coordination/flags/index.js';

const flag = (rolloutPercentage: number, enabled = true): FeatureFlag => ({
  name: 'LM_COACH_REASONING_MODEL',
  enabled,
  rolloutPercentage,
  description: '',
  updatedAt: 0,
  updatedBy: 'test',
});
const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
const shareOn = (f: FeatureFlag) => ids.filter((id) => decideFlag(f, id).enabled).length / ids.length;
/** Each id's bucket for the flag, once: what decideFlag compares with the percentage. */
const buckets = ids.map((id) => rolloutBucket('LM_COACH_REASONING_MODEL', id));

describe('decideFlag', () => {
  it('gives the share of ids the percentage says, within 2 points, at every step', () => {
    expect(Math.abs(shareOn(flag(50)) * 100 - 50)).toBeLessThanOrEqual(2);
    for (const percentage of [1, 10, 25, 75, 90, 99]) {
      const on = buckets.filter((bucket) => bucket < percentage * 100).length / ids.length;
      expect(Math.abs(on * 100 - percentage)).toBeLessThanOrEqual(2);
    }
  });

  it('answers the same for the same id, and raising the percentage only adds ids', () => {
    const sample = ids.slice(0, 2_000);
    const at25 = new Set(sample.filter((id) => decideFlag(flag(25), id).enabled));
    const at50 = new Set(sample.filter((id) => decideFlag(flag(50), id).enabled));
    expect(sample.filter((id) => decideFlag(flag(25), id).enabled)).toEqual([...at25]);
    for (const id of at25) expect(at50.has(id)).toBe(true);
    expect(at50.size).toBeGreaterThan(at25.size);
    expect(rolloutBucket('A', 'user-1')).toBe(rolloutBucket('A', 'user-1'));
  });

  it('splits ids differently for different flags', () => {
    const a = ids.filter((_, i) => (buckets[i] as number) < 5_000);
    const b = new Set(ids.filter((id) => rolloutBucket('FLAG_B', id) < 5_000));
    const both = a.filter((id) => b.has(id)).length / ids.length;
    // Independent halves overlap on about a quarter of the ids.
    expect(both).toBeGreaterThan(0.22);
    expect(both).toBeLessThan(0.28);
  });

  it('is off when disabled or unknown, on at 100%, and needs an id for a partial rollout', () => {
    expect(decideFlag(flag(100, false), 'user-1')).toEqual({
      enabled: false,
      reason: 'disabled',
      bucket: null,
    });
    expect(decideFlag(undefined, 'user-1')).toMatchObject({ enabled: false, reason: 'unknown_flag' });
    expect(decideFlag(flag(100), null)).toMatchObject({ enabled: true, reason: 'full_rollout' });
    expect(decideFlag(flag(0), 'user-1')).toMatchObject({ enabled: false, reason: 'no_rollout' });
    expect(decideFlag(flag(50), null)).toMatchObject({ enabled: false, reason: 'no_subject' });
    expect(decideFlag(flag(50), '__proto__').reason).toMatch(/^(in|outside)_rollout$/);
  });
});
