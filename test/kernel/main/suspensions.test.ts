/**
 * `Suspensions` on a store that fails on demand: a suspension is written before it counts
 * (one the store refuses is not kept), a lift removes the record before the actor may come
 * back (one the store refuses leaves it suspended), the backoff doubles for a suspension that
 * follows a resume closely and starts over after a long quiet, and what a restarted process
 * loads is what was written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreWriteError } from '../../../src/kernel/errors.js';
import { Suspensions } from '../../../src/kernel/main/suspensions.js';
import { DEFAULT_RESUME_BACKOFF } from '../../../src/kernel/supervision/suspension.js';
import { FaultyStore } from '../../fixtures/persistence/faulty-store.js';

const T0 = Date.UTC(2030, 0, 1);
const boom = { code: 'error', name: 'Error', message: 'boom' } as const;

let store: FaultyStore;
let suspensions: Suspensions;

beforeEach(() => {
  store = new FaultyStore();
  suspensions = new Suspensions(store, DEFAULT_RESUME_BACKOFF);
});

afterEach(async () => {
  await store.close();
});

describe('suspend', () => {
  it('writes the record, then lists it: since, the last error, failures, when it resumes', async () => {
    const record = await suspensions.suspend('office', boom, 4, T0);

    expect(record).toEqual({ since: T0, reason: boom, failures: 4, resumeAt: T0 + 30_000, streak: 1 });
    expect(store.getSuspension('office')).toEqual(record);
    expect(suspensions.list()).toEqual([
      { id: 'office', since: T0, reason: boom, failures: 4, resumeAt: T0 + 30_000 },
    ]);
    expect(suspensions.due(T0 + 29_999)).toEqual([]);
    expect(suspensions.due(T0 + 30_000)).toEqual(['office']);
  });

  it('keeps nothing when the store refuses the record', async () => {
    store.failNextCommits(1, 'write');

    await expect(suspensions.suspend('office', boom, 4, T0)).rejects.toBeInstanceOf(StoreWriteError);

    expect(suspensions.has('office')).toBe(false);
    expect(store.getSuspension('office')).toBeUndefined();
  });

  it('doubles the backoff for a suspension soon after a resume, up to 10 minutes, and starts over after a quiet spell', async () => {
    const waits: number[] = [];
    let now = T0;
    for (let round = 0; round < 7; round++) {
      const record = await suspensions.suspend('office', boom, 4, now);
      waits.push(record.resumeAt - now);
      now = record.resumeAt;
      await suspensions.lift('office', now);
      now += 1_000;
    }
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);

    const quiet = await suspensions.suspend('office', boom, 4, now + DEFAULT_RESUME_BACKOFF.maxMs);
    expect(quiet.resumeAt - quiet.since).toBe(30_000);
  });
});

describe('lift', () => {
  it('removes the record; a second lift finds nothing', async () => {
    await suspensions.suspend('office', boom, 4, T0);

    expect(await suspensions.lift('office', T0 + 1)).toBe(true);
    expect(await suspensions.lift('office', T0 + 2)).toBe(false);
    expect(store.getSuspension('office')).toBeUndefined();
    expect(suspensions.list()).toEqual([]);
  });

  it('leaves the actor suspended when the store refuses the removal', async () => {
    await suspensions.suspend('office', boom, 4, T0);
    store.failNextCommits(1, 'full');

    await expect(suspensions.lift('office', T0 + 1)).rejects.toThrow(/full/);

    expect(suspensions.has('office')).toBe(true);
    expect(store.getSuspension('office')?.since).toBe(T0);
  });
});

it('loads the suspensions a previous process wrote', async () => {
  await suspensions.suspend('a', boom, 4, T0);
  await suspensions.suspend('b', boom, 5, T0 - 10);

  const next = new Suspensions(store, DEFAULT_RESUME_BACKOFF);

  expect(next.list().map((actor) => actor.id)).toEqual(['b', 'a']);
  expect(next.get('b')?.failures).toBe(5);
});
