/**
 * `assertEncodable`: the check a deferred cross-thread send makes at the moment it is
 * issued, so that a function, a symbol or a cycle in a message fails at the sender and
 * not later, after the turn, where nobody could catch it.
 */
import { ActorRef } from '../actor/ref.js';
import { UnencodableMessageError } from '../errors.js';

/** Deeper than this is refused: a cycle ends up here too, without a set of seen objects per message. */
const MAX_DEPTH = 64;

export function assertEncodable(value: unknown, path = 'message'): void {
  const problem = problemOf(value, 0);
  if (problem) throw new UnencodableMessageError(`${path}${problem.at.reverse().join('')} ${problem.what}`);
}

/** A value that cannot be encoded: what it is, and where (`at`: the steps to it, innermost first). */
interface Problem {
  readonly at: string[];
  readonly what: string;
}

/**
 * What cannot be encoded in `value`, if anything: one walk, which allocates nothing on the way
 * down — the path to the bad value is gathered only on the way back up from it.
 */
function problemOf(value: unknown, depth: number): Problem | null {
  switch (typeof value) {
    case 'function':
      return { at: [], what: 'is a function' };
    case 'symbol':
      return { at: [], what: 'is a symbol' };
    case 'object':
      return value === null ? null : objectProblem(value, depth);
    default:
      return null;
  }
}

function objectProblem(value: object, depth: number): Problem | null {
  if (value instanceof ActorRef || ArrayBuffer.isView(value) || value instanceof Date) return null;
  if (depth >= MAX_DEPTH)
    return { at: [], what: `is nested deeper than ${MAX_DEPTH} levels (or is a cycle)` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = isPlain(value[i]) ? null : problemOf(value[i], depth + 1);
      if (problem) return within(problem, `[${i}]`);
    }
  } else if (value instanceof Map) {
    for (const [key, item] of value) {
      const problem = isPlain(item) ? null : problemOf(item, depth + 1);
      if (problem) return within(problem, `.get(${String(key)})`);
    }
  } else if (value instanceof Set) {
    for (const item of value) {
      const problem = isPlain(item) ? null : problemOf(item, depth + 1);
      if (problem) return within(problem, '.<set item>');
    }
  } else {
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      const problem = isPlain(item) ? null : problemOf(item, depth + 1);
      if (problem) return within(problem, `.${key}`);
    }
  }
  return null;
}

function within(problem: Problem, step: string): Problem {
  problem.at.push(step);
  return problem;
}

/** Primitives that always encode. */
function isPlain(value: unknown): boolean {
  const type = typeof value;
  return (
    type === 'number' || type === 'string' || type === 'boolean' || value === undefined || value === null
  );
}
