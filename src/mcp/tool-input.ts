/**
 * A tool call's arguments, checked before any handler sees them — troupe's check, not the
 * SDK's, so that every problem is a tool error result naming the field:
 *
 * | problem | code | field | message |
 * |---|---|---|---|
 * | an argument the tool does not take | `unknown_argument` | it | `unknown argument "file"; did you mean "path"? send_message takes: …` |
 * | a required argument left out | `invalid_argument` | it | `agent_id is required` |
 * | a value of the wrong type or out of range | `invalid_argument` | its path | `ttl_s must be > 0`, `subtasks.0.description must be a string` |
 * | a value nested deeper than 32 levels | `too_large` | it | `payload is nested deeper than 32 levels` |
 *
 * Unknown arguments are named first, then the values given, then what is missing — what the
 * caller wrote is what it most likely wants to hear about. The nesting bound keeps any JSON
 * value (a payload, a state value) well inside what an actor message may carry (the kernel's
 * codec refuses 64 levels, and the message wraps the value in a few of its own). The wording is the kernel's
 * (`parseOrThrow`, `src/kernel/validation.ts`), so tools and options read alike. It owns the
 * check only; the schemas are the tools'.
 */
import type { z } from 'zod';
import { closest } from '../../actors/validation/closest-name.js';
import { parseOrThrow, type Refusal, RefusedError } from '../kernel/index.js';

/** Parsed arguments, or why they were refused. */
export type ParsedArguments<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Refusal };

const ROOT = 'arguments';
/** The deepest an argument's value may nest (objects and arrays). */
export const MAX_ARGUMENT_DEPTH = 32;
/** An unknown argument's name is echoed up to this length. */
const MAX_NAME = 128;

/** Parse `raw` (the call's `arguments`) with the tool's strict input schema. */
export function parseToolArguments<S extends z.ZodObject>(
  tool: string,
  schema: S,
  raw: unknown,
): ParsedArguments<z.output<S>> {
  const args = raw ?? {};
  if (typeof args !== 'object' || Array.isArray(args)) {
    return { ok: false, error: { code: 'invalid_argument', message: 'arguments must be an object' } };
  }
  const names = Object.keys(schema.shape);
  for (const key of Object.keys(args)) {
    if (Object.hasOwn(schema.shape, key)) continue;
    const near = closest(key, names);
    const hint = near === null ? '' : `; did you mean "${near}"?`;
    const named = key.length > MAX_NAME ? `${key.slice(0, MAX_NAME)}…` : key;
    const message = `unknown argument "${named}"${hint} ${tool} takes: ${names.join(', ')}`;
    return { ok: false, error: { code: 'unknown_argument', message, field: named } };
  }
  for (const [key, value] of Object.entries(args)) {
    if (!isDeeperThan(value, MAX_ARGUMENT_DEPTH)) continue;
    const message = `${key} is nested deeper than ${MAX_ARGUMENT_DEPTH} levels`;
    return { ok: false, error: { code: 'too_large', message, field: key } };
  }
  try {
    return { ok: true, value: parse(schema, args) };
  } catch (first) {
    if (!(first instanceof RefusedError)) throw first;
  }
  try {
    // Refused: a value given that is wrong is named before an argument left out.
    parse(partialOf(schema), args);
    return { ok: true, value: parse(schema, args) };
  } catch (error) {
    if (error instanceof RefusedError) {
      const { code, message, field } = error;
      return { ok: false, error: field === undefined ? { code, message } : { code, message, field } };
    }
    throw error;
  }
}

/** Does `value` nest objects or arrays more than `limit` levels deep? (Iterative: any depth is safe to ask about.) */
function isDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= limit) return true;
    for (const inner of Object.values(item)) stack.push([inner, depth + 1]);
  }
  return false;
}

const partials = new WeakMap<z.ZodObject, z.ZodObject>();

/** The schema with every field optional: checks the values given, not what is missing. */
function partialOf(schema: z.ZodObject): z.ZodObject {
  let partial = partials.get(schema);
  if (!partial) {
    partial = schema.partial();
    partials.set(schema, partial);
  }
  return partial;
}

function parse<S extends z.ZodType>(schema: S, args: object): z.output<S> {
  return parseOrThrow(schema, args, ROOT, (path, wording) => {
    const field = path === ROOT ? undefined : path.slice(ROOT.length + 1);
    const message = `${field ?? ROOT} ${wording}`;
    return new RefusedError(
      field === undefined
        ? { code: 'invalid_argument', message }
        : { code: 'invalid_argument', message, field },
    );
  });
}
