/**
 * `decide` for a child lost with its thread: a loss that counts (a crash with no culprit, or
 * the child's own jam) uses up the restart window like a failure; a neighbour's jam does
 * not — the child comes back at once and the window is left as it was.
 */
import { expect, it } from 'vitest';
import { decide } from '../../../src/kernel/supervision/decide.js';
import { DEFAULT_SUPERVISION } from '../../../src/kernel/supervision/spec.js';

const spec = { ...DEFAULT_SUPERVISION, intensity: 2, periodMs: 10_000 };
const children = [{ id: 'kid', restart: 'permanent' as const }];

it('counts a charged loss toward the intensity, and escalates past it', () => {
  const first = decide(spec, children, 'kid', { type: 'lost', charged: true }, [], 1_000);
  expect(first).toMatchObject({ action: 'restart', restart: ['kid'], history: [1_000] });
  const second = decide(spec, children, 'kid', { type: 'lost', charged: true }, [1_000], 2_000);
  expect(second).toMatchObject({ action: 'restart', history: [1_000, 2_000] });
  expect(decide(spec, children, 'kid', { type: 'lost', charged: true }, [1_000, 2_000], 3_000)).toEqual({
    action: 'escalate',
  });
});

it('restarts at once, without using the window, a child lost to a neighbour’s jam', () => {
  const full = [1_000, 2_000];
  for (let i = 0; i < 10; i++) {
    expect(decide(spec, children, 'kid', { type: 'lost', charged: false }, full, 3_000 + i)).toEqual({
      action: 'restart',
      restart: ['kid'],
      delayMs: 0,
      history: full,
    });
  }
});

it('lets a temporary child go whatever the loss', () => {
  const temporary = [{ id: 'kid', restart: 'temporary' as const }];
  expect(decide(spec, temporary, 'kid', { type: 'lost', charged: false }, [], 0)).toEqual({
    action: 'remove',
  });
});
