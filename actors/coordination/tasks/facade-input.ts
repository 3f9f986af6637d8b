/**
 * What the work facades (sessions, tasks, projects, routing) share at their door: parsing an
 * input with its zod schema into an `Outcome` whose refusal names the field as a client
 * wrote it (the seed-003 snake_case name: `participantIds` → `participant_model_ids` where a
 * facade says so, else `parentTaskId` → `parent_task_id`), the caller rules every write
 * needs (a proven agent, or the operator), and the size of a stored value.
 *
 * It owns no rule of any record; each facade says which fields it renames.
 */
import type { z } from 'zod';
import { type Outcome, refuse } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import type { CoordinationLimits } from '../limits.js';

/** How a facade names its camelCase input fields to clients, where snake_case alone is not it. */
export type FieldNames = ReadonlyMap<string, string>;

const NO_NAMES: FieldNames = new Map();

/** `parentTaskId` → `parent_task_id`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** A path of the input as a client names it: `subtasks.0.requiredCapabilities` → `subtasks.0.required_capabilities`. */
export function fieldOf(path: readonly PropertyKey[], names: FieldNames = NO_NAMES): string {
  if (path.length === 0) return 'input';
  return path
    .map((part) => (typeof part === 'string' ? (names.get(part) ?? snakeCase(part)) : String(part)))
    .join('.');
}

/** Parse `input`: the value, or `invalid_argument` / `unknown_argument` naming the first bad field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  names: FieldNames = NO_NAMES,
): Outcome<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue) return refuse('invalid_argument', 'is invalid', 'input');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const field = fieldOf([...issue.path, key], names);
    return refuse('unknown_argument', `${field} is not an argument this takes`, field);
  }
  const field = fieldOf(issue.path, names);
  return refuse('invalid_argument', `${field} ${wordingOf(issue)}`, field);
}

function wordingOf(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith('must ')) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.endsWith('received undefined') ? 'is required' : `must be a ${issue.expected}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return `is invalid: ${issue.message}`;
  }
}

/** The agent a write is made for: the caller's id, `null` for the operator, or `unauthorized`. */
export function writerOf(caller: Caller, what: string): Outcome<string | null> {
  switch (caller.kind) {
    case 'agent':
      return { ok: true, value: caller.agentId };
    case 'operator':
      return { ok: true, value: null };
    case 'anonymous':
      return refuse('unauthorized', `${what} needs a proven agent identity`, 'agent_token');
  }
}

/**
 * Bytes of a value as it is stored and sent (its JSON text): refused `invalid_argument` when it
 * is not plain JSON data (a bigint, a cycle, a function, undefined), `too_large` over `limit`.
 */
export function sizedValue(value: unknown, limit: number, field: string): Outcome<number> {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) return refuse('invalid_argument', `${field} must be JSON data`, field);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limit)
    return refuse('too_large', `${field} takes ${bytes} bytes; the limit is ${limit}`, field);
  return { ok: true, value: bytes };
}

/** `build`, called once per limits object (the schemas of a facade, built for the limits in force). */
export function perLimits<T>(build: (limits: CoordinationLimits) => T): (limits: CoordinationLimits) => T {
  const built = new WeakMap<CoordinationLimits, T>();
  return (limits) => {
    let value = built.get(limits);
    if (value === undefined) {
      value = build(limits);
      built.set(limits, value);
    }
    return value;
  };
}
