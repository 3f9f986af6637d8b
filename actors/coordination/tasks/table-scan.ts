/**
 * Pages of a table read on the main thread, with a filter and a bounded cost: a scan reads at
 * most `budget` entries per call, so a sparse filter answers a short (even empty) page with a
 * cursor to go on from, instead of reading the whole table. The cursor is the last key read
 * (`page.ts` encodes it); a cursor a caller forged is refused `invalid_argument` naming it.
 *
 * It owns the paging loop, not what the tables hold.
 */
import {
  type Outcome,
  refuse,
  type TableEntry,
  type TableKey,
  type TableReader,
} from '../../../src/kernel/index.js';
import { decodeCursor, encodeCursor, type Page } from '../page.js';

/** Entries a scan reads at most per call, whatever its filter. */
export const SCAN_BUDGET = 5_000;

const CHUNK = 500;

export interface ScanRequest<Value, Item> {
  readonly table: TableReader<Value>;
  /** Only keys that start with this. */
  readonly prefix?: TableKey;
  readonly cursor?: string | undefined;
  readonly limit: number;
  /** Entries read at most (default {@link SCAN_BUDGET}). */
  readonly budget?: number;
  /** The item an entry shows, or `null` to skip it. */
  readonly pick: (entry: TableEntry<Value>) => Item | null;
}

/** A page of picked items, or a refusal naming `cursor`. */
export function scanPage<Value, Item>(request: ScanRequest<Value, Item>): Outcome<Page<Item>> {
  let after: TableKey | undefined;
  if (request.cursor !== undefined) {
    const decoded = decodeCursor(request.cursor);
    if (!decoded.ok) return decoded;
    after = decoded.value;
  }
  const prefix = request.prefix ?? [];
  const budget = request.budget ?? SCAN_BUDGET;
  const items: Item[] = [];
  let read = 0;
  let last: TableKey | undefined;
  let exhausted = false;
  try {
    while (items.length < request.limit && read < budget) {
      const chunk = Math.min(CHUNK, budget - read);
      const entries = request.table.range({ prefix, ...(after ? { after } : {}), limit: chunk });
      for (const entry of entries) {
        read++;
        last = entry.key;
        after = entry.key;
        const item = request.pick(entry);
        if (item !== null) items.push(item);
        if (items.length === request.limit) break;
      }
      if (entries.length < chunk && last === entries.at(-1)?.key) {
        exhausted = true;
        break;
      }
      if (entries.length === 0) {
        exhausted = true;
        break;
      }
    }
  } catch {
    return refuse('invalid_argument', 'cursor is not a cursor this server gave out', 'cursor');
  }
  if (exhausted || last === undefined) return { ok: true, value: { items, next_cursor: null } };
  const more = request.table.range({ prefix, after: last, limit: 1 }).length > 0;
  return { ok: true, value: { items, next_cursor: more ? encodeCursor(last) : null } };
}
