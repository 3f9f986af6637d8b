/**
 * Validation wording, in one place: parse a value with its zod schema and turn the first
 * issue into an error whose message names the field (`options.threads must be >= 1`,
 * `senderId must be a non-empty string`). Which error class is the caller's choice.
 */
import type { z } from 'zod';

/** Parse `value` with `schema`, or throw `failure(path, wording)` for its first issue, rooted at `root`. */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  value: unknown,
  root: string,
  failure: (path: string, wording: string) => Error,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [root, ...(issue?.path ?? []).map(String)].join('.');
  throw failure(path, describeIssue(issue));
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'is invalid';
  // A schema's own wording ("must …") wins over the generic one.
  const own = issue.message.startsWith('must ') ? issue.message : null;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `has unknown option(s): ${issue.keys.join(', ')}`;
    case 'invalid_type':
      if (own) return own;
      if (issue.message.endsWith('received undefined')) return 'is required';
      return `must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`;
    case 'too_small':
      return own ?? `must be ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}`;
    case 'too_big':
      return own ?? `must be ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'custom':
      return issue.message;
    default:
      return `is invalid: ${issue.message}`;
  }
}
