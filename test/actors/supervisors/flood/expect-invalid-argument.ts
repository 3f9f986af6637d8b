/**
 * Test helper for the supervisor building blocks: assert that an action throws an
 * `InvalidArgumentError` naming `argument`, with the exact message.
 */
import { expect } from 'vitest';
import { InvalidArgumentError } from '../../../../src/kernel/errors.js';

export function expectInvalidArgument(act: () => unknown, argument: string, message: string): void {
  let thrown: unknown;
  try {
    act();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `${argument} ${message}`).toBeInstanceOf(InvalidArgumentError);
  expect(thrown).toMatchObject({ code: 'invalid_argument', argument, message: `${argument} ${message}` });
}
