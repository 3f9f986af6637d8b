/**
 * The suspension rule as pure functions: a suspension resumes after the backoff of its
 * streak (30 s, doubling, at most 10 min by default), and a suspension counts as "in a row"
 * only when it follows the last resume by less than the backoff's cap.
 */
import { describe, expect, it } from 'vitest';
import {
  createSuspension,
  DEFAULT_RESUME_BACKOFF,
  isDue,
  nextStreak,
} from '../../../src/kernel/supervision/suspension.js';

const boom = { code: 'error', name: 'Error', message: 'boom' } as const;

describe('createSuspension', () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [5, 480_000],
    [6, 600_000],
    [40, 600_000],
  ])('streak %i resumes after %i ms', (streak, wait) => {
    const record = createSuspension(DEFAULT_RESUME_BACKOFF, boom, 3, streak, 1_000);
    expect(record).toEqual({ since: 1_000, reason: boom, failures: 3, streak, resumeAt: 1_000 + wait });
    expect(isDue(record, 1_000 + wait - 1)).toBe(false);
    expect(isDue(record, 1_000 + wait)).toBe(true);
  });

  it('follows a custom backoff', () => {
    const backoff = { initialMs: 100, maxMs: 250, factor: 3 };
    expect([1, 2, 3].map((streak) => createSuspension(backoff, boom, 1, streak, 0).resumeAt)).toEqual([
      100, 250, 250,
    ]);
  });
});

describe('nextStreak', () => {
  it('starts at 1, grows while suspensions follow resumes closely, starts over after the cap', () => {
    expect(nextStreak(DEFAULT_RESUME_BACKOFF, null, 5_000)).toBe(1);
    expect(nextStreak(DEFAULT_RESUME_BACKOFF, { streak: 2, resumedAt: 0 }, 599_999)).toBe(3);
    expect(nextStreak(DEFAULT_RESUME_BACKOFF, { streak: 2, resumedAt: 0 }, 600_000)).toBe(1);
  });
});
