/**
 * List answers read from tables on the main thread: one or more key ranges (prefixes) read
 * in order, entries picked by a filter, a page of at most `limit` items and the key to go on
 * from. A filter that matches little may leave a page short (but never reads more than
 * `maxScan` entries for one page), and then says where to go on: pages stay cheap whatever
 * the table holds. Cursors are the last key of a page (`page.ts` encodes them).
 */
import {
  type Outcome,
  refuse,
  type TableEntry,
  type TableKey,
  type TableReader,
} from '../../../src/kernel/index.js';
import { encodeCursor, type Page } from '../page.js';

/** Entries read per range call, and at most per page. */
const CHUNK = 500;
export const MAX_SCAN = 10_000;

function hasPrefix(key: TableKey, prefix: TableKey): boolean {
  return prefix.length < key.length && prefix.every((part, i) => key[i] === part);
}

export interface ScanOptions<V, T> {
  /** The prefixes read, in this order (none a prefix of another). */
  readonly segments: readonly TableKey[];
  readonly after: TableKey | null;
  readonly limit: number;
  /** The item for an entry, or undefined to leave it out. */
  readonly pick: (value: V, key: TableKey) => T | undefined;
  readonly maxScan?: number;
}

/** A page of picked items; a cursor from elsewhere (no segment's key) is refused naming `cursor`. */
export function scanPage<V, T>(reader: TableReader<V>, options: ScanOptions<V, T>): Outcome<Page<T>> {
  const { segments, after, limit, pick } = options;
  const maxScan = options.maxScan ?? MAX_SCAN;
  let start = 0;
  if (after) {
    start = segments.findIndex((prefix) => hasPrefix(after, prefix));
    if (start < 0) return refuse('invalid_argument', 'is not a cursor of this list', 'cursor');
  }
  const found: { readonly item: T; readonly key: TableKey }[] = [];
  let scanned = 0;
  for (let s = start; s < segments.length; s++) {
    const prefix = segments[s] as TableKey;
    let cursor = s === start ? after : null;
    for (;;) {
      const chunk: TableEntry<V>[] = reader.range({
        prefix,
        limit: CHUNK,
        ...(cursor ? { after: cursor } : {}),
      });
      for (const { key, value } of chunk) {
        scanned++;
        const item = pick(value, key);
        if (item !== undefined) found.push({ item, key });
        if (found.length > limit) {
          const shown = found.slice(0, limit);
          return pageWithCursor(shown, (shown[shown.length - 1] as { key: TableKey }).key);
        }
        // Read enough for one page: a short one, and the cursor where reading stopped.
        if (scanned >= maxScan) return pageWithCursor(found, key);
      }
      if (chunk.length < CHUNK) break;
      cursor = (chunk[chunk.length - 1] as TableEntry<V>).key;
    }
  }
  return { ok: true, value: { items: found.map((f) => f.item), next_cursor: null } };
}

function pageWithCursor<T>(found: readonly { readonly item: T }[], last: TableKey): Outcome<Page<T>> {
  return { ok: true, value: { items: found.map((f) => f.item), next_cursor: encodeCursor(last) } };
}

/** Every entry under `prefix` (in chunks), for a bounded walk the caller stops with `false`. */
export function walk<V>(
  reader: TableReader<V>,
  prefix: TableKey,
  visit: (value: V, key: TableKey) => boolean,
  after?: TableKey,
): void {
  let cursor = after ?? null;
  for (;;) {
    const chunk = reader.range({ prefix, limit: CHUNK, ...(cursor ? { after: cursor } : {}) });
    for (const { key, value } of chunk) if (!visit(value, key)) return;
    if (chunk.length < CHUNK) return;
    cursor = (chunk[chunk.length - 1] as TableEntry<V>).key;
  }
}
