/**
 * Argument checks for the supervisor building blocks: parse a value with its zod schema
 * and turn the first issue into an `InvalidArgumentError` whose message names the field
 * (`options.capacity must be > 0`, `senderId must be a non-empty string`).
 *
 * It owns only the wording of issues; each schema lives next to the function it guards.
 * (Shared by `flood/`, `breaker/` and `heartbeat/`; see the note in `clock.ts`.)
 */
import { z } from 'zod';
import { InvalidArgumentError } from '../../../src/errors.js';

/** Parse `value` with `schema`, or throw an `InvalidArgumentError` rooted at `name` (`options`, `n`, …). */
export function parseArgument<T extends z.ZodType>(schema: T, value: unknown, name: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [name, ...(issue?.path ?? []).map(String)].join('.');
  throw new InvalidArgumentError(path, describeIssue(issue));
}

/** A non-empty id of bounded length: what senders, recipients and monitored entities are named by. */
export const IdSchema = z
  .string({ error: 'must be a non-empty string' })
  .min(1, { error: 'must be a non-empty string' })
  .max(512, { error: 'must be at most 512 characters long' });

/** A reading of a clock: a finite number of milliseconds. */
export const TimeSchema = z.number({ error: 'must be a finite number of milliseconds' });

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'is invalid';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `has unknown option(s): ${issue.keys.join(', ')}`;
    case 'invalid_type':
      if (issue.message.startsWith('must ')) return issue.message;
      if (issue.message.endsWith('received undefined')) return 'is required';
      return `must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`;
    case 'too_small':
      if (issue.message.startsWith('must ')) return issue.message;
      return `must be ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.message.startsWith('must ')) return issue.message;
      return `must be ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'custom':
      return issue.message;
    default:
      return `is invalid: ${issue.message}`;
  }
}
