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
  // The walk that builds no path strings first; only a value that fails is walked again for its path.
  if (encodable(value, 0)) return;
  if (typeof value !== 'object' || value === null) check(value, path, 0);
  else checkObject(value, path, 0);
}

/** Whether `value` encodes: the same rules as `check`, allocating nothing. */
function encodable(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'function':
    case 'symbol':
      return false;
    case 'object':
      return value === null || encodableObject(value, depth);
    default:
      return true;
  }
}

function encodableObject(value: object, depth: number): boolean {
  if (value instanceof ActorRef || ArrayBuffer.isView(value) || value instanceof Date) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      if (!isPlain(value[i]) && !encodable(value[i], depth + 1)) return false;
  } else if (value instanceof Map) {
    for (const item of value.values()) if (!isPlain(item) && !encodable(item, depth + 1)) return false;
  } else if (value instanceof Set) {
    for (const item of value) if (!isPlain(item) && !encodable(item, depth + 1)) return false;
  } else {
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (!isPlain(item) && !encodable(item, depth + 1)) return false;
    }
  }
  return true;
}

function check(value: unknown, path: string, depth: number): void {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'bigint':
      return;
    case 'function':
      throw new UnencodableMessageError(`${path} is a function`);
    case 'symbol':
      throw new UnencodableMessageError(`${path} is a symbol`);
    case 'object':
      if (value !== null) checkObject(value, path, depth);
  }
}

function checkObject(value: object, path: string, depth: number): void {
  if (value instanceof ActorRef || ArrayBuffer.isView(value) || value instanceof Date) return;
  if (depth >= MAX_DEPTH) {
    throw new UnencodableMessageError(`${path} is nested deeper than ${MAX_DEPTH} levels (or is a cycle)`);
  }
  // Paths are built only on the way to an error: the happy path allocates nothing.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      if (!isPlain(value[i])) check(value[i], `${path}[${i}]`, depth + 1);
  } else if (value instanceof Map) {
    for (const [key, item] of value)
      if (!isPlain(item)) check(item, `${path}.get(${String(key)})`, depth + 1);
  } else if (value instanceof Set) {
    for (const item of value) if (!isPlain(item)) check(item, `${path}.<set item>`, depth + 1);
  } else {
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (!isPlain(item)) check(item, `${path}.${key}`, depth + 1);
    }
  }
}

/** Primitives that always encode. */
function isPlain(value: unknown): boolean {
  const type = typeof value;
  return (
    type === 'number' || type === 'string' || type === 'boolean' || value === undefined || value === null
  );
}
