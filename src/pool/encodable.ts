/**
 * `assertEncodable`: the check a deferred cross-thread send makes at the moment it is
 * issued, so that a function, a symbol or a cycle in a message fails at the sender and
 * not later, after the turn, where nobody could catch it.
 */
import { ActorRef } from '../actor/ref.js';
import { UnencodableMessageError } from '../errors.js';

const MAX_DEPTH = 64;

export function assertEncodable(value: unknown, path = 'message'): void {
  check(value, path, 0, new Set());
}

function check(value: unknown, path: string, depth: number, seen: Set<object>): void {
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
    case 'object': {
      if (value === null || value instanceof ActorRef || ArrayBuffer.isView(value) || value instanceof Date) return;
      if (depth >= MAX_DEPTH) throw new UnencodableMessageError(`${path} is nested deeper than ${MAX_DEPTH} levels`);
      if (seen.has(value)) throw new UnencodableMessageError(`${path} is a cycle`);
      seen.add(value);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) check(value[i], `${path}[${i}]`, depth + 1, seen);
      } else if (value instanceof Map) {
        for (const [key, item] of value) check(item, `${path}.get(${String(key)})`, depth + 1, seen);
      } else if (value instanceof Set) {
        for (const item of value) check(item, `${path}.<set item>`, depth + 1, seen);
      } else {
        for (const key in value) check((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1, seen);
      }
      seen.delete(value);
    }
  }
}
