/**
 * `withTimeout`: a control-plane call answers, or its fallback does — when it rejects, when it
 * is late, and when making it throws at once (the control proxy of a replaced thread does).
 */
import { expect, it } from 'vitest';
import { withTimeout } from '../../../src/kernel/main/with-timeout.js';

it('answers with the call when it answers in time', async () => {
  await expect(
    withTimeout(
      async () => 'stats',
      1_000,
      () => 'none',
    ),
  ).resolves.toBe('stats');
});

it('answers with the fallback when the call rejects, is late, or throws when made', async () => {
  await expect(
    withTimeout(
      () => Promise.reject(new Error('gone')),
      1_000,
      () => 'none',
    ),
  ).resolves.toBe('none');
  await expect(
    withTimeout(
      () => new Promise<string>(() => {}),
      20,
      () => 'none',
    ),
  ).resolves.toBe('none');
  const released = (): Promise<string> => {
    throw new TypeError('Proxy has been released and is not useable');
  };
  await expect(withTimeout(released, 1_000, () => 'none')).resolves.toBe('none');
});
