/**
 * Argument checks for the supervisor building blocks: parse a value with its zod schema
 * and turn the first issue into an `InvalidArgumentError` whose message names the field
 * (`options.capacity must be > 0`, `senderId must be a non-empty string`).
 *
 * The wording of issues is the kernel's (`parseOrThrow`); each schema lives next to
 * the function it guards.
 * (Shared by `flood/`, `breaker/` and `heartbeat/`; see the note in `clock.ts`.)
 */
import { z } from 'zod';
import { InvalidArgumentError, parseOrThrow } from '../../../src/kernel/index.js';

/** Parse `value` with `schema`, or throw an `InvalidArgumentError` rooted at `name` (`options`, `n`, …). */
export function parseArgument<T extends z.ZodType>(schema: T, value: unknown, name: string): z.output<T> {
  return parseOrThrow(schema, value, name, (path, wording) => new InvalidArgumentError(path, wording));
}

/** A non-empty id of bounded length: what senders, recipients and monitored entities are named by. */
export const IdSchema = z
  .string({ error: 'must be a non-empty string' })
  .min(1, { error: 'must be a non-empty string' })
  .max(512, { error: 'must be at most 512 characters long' });

/** A reading of a clock: a finite number of milliseconds. */
export const TimeSchema = z.number({ error: 'must be a finite number of milliseconds' });
