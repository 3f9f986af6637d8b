/**
 * A table of the store as a `TableReader`: what the main thread reads (`system.table`) —
 * the entries durable actors' turns committed, in key order.
 */
import {
  assertTableKey,
  assertTableName,
  resolveRange,
  type TableEntry,
  type TableKey,
  type TableRange,
  type TableReader,
} from '../actor/table.js';
import type { Store } from './store.js';

export function storeTable<Value>(
  store: Pick<Store, 'getEntry' | 'rangeEntries'>,
  name: string,
): TableReader<Value> {
  assertTableName(name);
  return {
    get: (key: TableKey) => {
      assertTableKey(key);
      return store.getEntry(name, key) as Value | undefined;
    },
    range: (range?: TableRange) => store.rangeEntries(name, resolveRange(range)) as TableEntry<Value>[],
  };
}
