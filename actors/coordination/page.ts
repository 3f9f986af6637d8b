/**
 * Pages of list answers: a page holds at most `limit` items and, when more follow, the cursor
 * to ask for them (`next_cursor`). A cursor is the last table key of the page, encoded as
 * base64url JSON — opaque to callers, checked when it comes back (`invalid_argument` naming
 * the field). Lists read the domain's tables (`system.table(name).range({ after, limit })`).
 */
import { type Outcome, refuse, type TableKey } from '../../src/kernel/index.js';

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass it back as `cursor` to get the next page; `null` when this is the last. */
  readonly next_cursor: string | null;
}

export function encodeCursor(key: TableKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key a cursor names, or a refusal naming `field`. */
export function decodeCursor(cursor: string, field = 'cursor'): Outcome<TableKey> {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length > 0 &&
      key.every((part) => typeof part === 'string' || (typeof part === 'number' && Number.isFinite(part)))
    )
      return { ok: true, value: key as TableKey };
  } catch {
    // Not base64url JSON: refused below.
  }
  return refuse('invalid_argument', 'is not a cursor this server gave out', field);
}

/** A page of `items` read with `limit + 1`: the extra one only says that more follow. */
export function pageOf<T>(items: readonly T[], limit: number, keyOf: (item: T) => TableKey): Page<T> {
  if (items.length <= limit) return { items, next_cursor: null };
  const shown = items.slice(0, limit);
  return { items: shown, next_cursor: encodeCursor(keyOf(shown[shown.length - 1] as T)) };
}
