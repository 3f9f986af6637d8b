/**
 * Canonical JSON: one text per value, whatever the order its object keys were written in.
 * The result cache keys arguments with it and the tool catalog hashes schemas with it, so
 * `{a:1,b:2}` and `{b:2,a:1}` are the same call and the same schema.
 *
 * Keys are sorted by code unit; `undefined` members are left out (as JSON.stringify does);
 * a value JSON cannot carry (a function, a symbol, a bigint, a cycle) is refused rather
 * than silently dropped, since two different calls must never share a key.
 */
import { createHash } from 'node:crypto';

/** The canonical JSON text of `value`; throws a TypeError for what JSON cannot carry. */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

/** A short stable digest of `value`'s canonical JSON (hex sha-256, first `length` characters). */
export function canonicalHash(value: unknown, length = 16): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
}

function write(value: unknown, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // JSON has no NaN or Infinity: JSON.stringify writes them as null, and so do we.
      return Number.isFinite(value) ? JSON.stringify(value === 0 ? 0 : value) : 'null';
    case 'object':
      if (value === null) return 'null';
      return writeObject(value, ancestors);
    default:
      throw new TypeError(`cannot write a ${typeof value} as JSON`);
  }
}

function writeObject(value: object, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw new TypeError('cannot write a cyclic value as JSON');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${value.map((item) => (item === undefined ? 'null' : write(item, ancestors))).join(',')}]`;
    }
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined) continue;
      members.push(`${JSON.stringify(key)}:${write(member, ancestors)}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}
