/**
 * Tables: durable entries an actor keeps beside its state, by key — an inbox kept as an
 * append-only log, a secondary index over many actors — so that a write costs the same
 * with ten entries or ten million, where a state object would be rewritten whole.
 *
 * An actor writes with `ctx.table(name).put(key, value)` / `.remove(key)`: the writes are
 * effects of its turn, committed atomically with its state (and its mail, spawns, timers),
 * and its own later turns read them at once, before the commit is acknowledged. Reads
 * (`get`, `range`) are synchronous and in key order. The main thread reads the committed
 * entries with `system.table(name)` (the queries of an adapter, a dashboard).
 *
 * Keys are tuples of strings and numbers, ordered part by part as LMDB orders them: numbers
 * before strings, numbers by value, strings by their UTF-8 bytes, a tuple before every
 * longer tuple it is a prefix of ({@link compareTableKeys}). Only durable actors have
 * tables: they live in the store.
 */
import { InvalidArgumentError } from '../errors.js';

export type TableKeyPart = string | number;
export type TableKey = readonly TableKeyPart[];

export interface TableRange {
  /** Only the keys that start with these parts (and have more). */
  readonly prefix?: TableKey;
  /** Only the keys after this one in the direction read: the cursor the previous page ended on. */
  readonly after?: TableKey;
  /** At most this many entries (default {@link DEFAULT_RANGE_LIMIT}, at most {@link MAX_RANGE_LIMIT}). */
  readonly limit?: number;
  /** Highest keys first. */
  readonly reverse?: boolean;
}

export interface TableEntry<Value> {
  readonly key: TableKey;
  readonly value: Value;
}

/** Reading a table: what the main thread gets, and half of what an actor gets. */
export interface TableReader<Value = unknown> {
  get(key: TableKey): Value | undefined;
  range(range?: TableRange): TableEntry<Value>[];
}

/** An actor's table during its turn: writes are effects of the turn, committed with its state. */
export interface Table<Value = unknown> extends TableReader<Value> {
  put(key: TableKey, value: Value): void;
  remove(key: TableKey): void;
}

export const TABLE_NAME = /^[a-z][a-z0-9-]{0,63}$/;
export const DEFAULT_RANGE_LIMIT = 1_000;
export const MAX_RANGE_LIMIT = 10_000;
/** Key parts per key, and UTF-16 units over all string parts: every key fits LMDB's 1978-byte limit. */
export const MAX_KEY_PARTS = 8;
export const MAX_KEY_CHARS = 600;

export function assertTableName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !TABLE_NAME.test(name))
    throw new InvalidArgumentError('table', 'must match ^[a-z][a-z0-9-]{0,63}$');
}

/** A key of 1 to 8 parts (strings, finite numbers), 600 characters at most in all. */
export function assertTableKey(key: unknown, argument = 'key'): asserts key is TableKey {
  if (!Array.isArray(key) || key.length === 0 || key.length > MAX_KEY_PARTS)
    throw new InvalidArgumentError(argument, `must be an array of 1 to ${MAX_KEY_PARTS} strings or numbers`);
  let chars = 0;
  for (const part of key) {
    if (typeof part === 'string') chars += part.length;
    else if (typeof part !== 'number' || !Number.isFinite(part))
      throw new InvalidArgumentError(argument, 'must hold only strings and finite numbers');
  }
  if (chars > MAX_KEY_CHARS)
    throw new InvalidArgumentError(argument, `must have at most ${MAX_KEY_CHARS} characters in all`);
}

/** A range with its defaults, checked. */
export interface ResolvedRange {
  readonly prefix: TableKey;
  readonly after: TableKey | null;
  readonly limit: number;
  readonly reverse: boolean;
}

export function resolveRange(range: TableRange = {}): ResolvedRange {
  if (typeof range !== 'object' || range === null)
    throw new InvalidArgumentError('range', 'must be an object');
  const prefix = range.prefix ?? [];
  if (prefix.length > 0) assertTableKey(prefix, 'range.prefix');
  if (range.after !== undefined) assertTableKey(range.after, 'range.after');
  const limit = range.limit ?? DEFAULT_RANGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RANGE_LIMIT)
    throw new InvalidArgumentError('range.limit', `must be an integer from 1 to ${MAX_RANGE_LIMIT}`);
  return { prefix, after: range.after ?? null, limit, reverse: range.reverse === true };
}

function compareParts(a: TableKeyPart, b: TableKeyPart): number {
  if (typeof a === 'number') return typeof b === 'number' ? Math.sign(a - b) : -1;
  if (typeof b === 'number') return 1;
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** LMDB's order of tuple keys. */
export function compareTableKeys(a: TableKey, b: TableKey): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const order = compareParts(a[i] as TableKeyPart, b[i] as TableKeyPart);
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length);
}

/** Does `key` fall in `range` (its prefix, after its cursor)? */
export function inRange(key: TableKey, range: ResolvedRange): boolean {
  if (key.length <= range.prefix.length) return false;
  for (let i = 0; i < range.prefix.length; i++)
    if (compareParts(key[i] as TableKeyPart, range.prefix[i] as TableKeyPart) !== 0) return false;
  if (range.after === null) return true;
  const order = compareTableKeys(key, range.after);
  return range.reverse ? order < 0 : order > 0;
}

/** One string for a table and key (a map key for writes not yet acknowledged). */
export function entryId(table: string, key: TableKey): string {
  // A table name has no ':' (TABLE_NAME), so the name and the key's JSON cannot run into each other.
  return `${table}:${JSON.stringify(key)}`;
}
