/**
 * Ids that start with a prefix, read from a table keyed by id (the domain's records and
 * indexes: agents, sessions, tasks, runs, workflows) in key order from the prefix on — so a
 * completion costs the same with ten records or ten million: at most `limit` answers, and at
 * most `scan` entries read when some are filtered out (runs a session may not read).
 */
import type { TableEntry, TableReader } from '../../kernel/index.js';

/** MCP's cap on completion values. */
export const MAX_COMPLETIONS = 100;
const MAX_SCAN = 1_000;

export interface IdMatches {
  readonly values: string[];
  /** More ids match than `values` holds (or the scan stopped before the prefix's end). */
  readonly hasMore: boolean;
}

export function idsWithPrefix<Value>(
  table: TableReader<Value>,
  prefix: string,
  keep: (entry: TableEntry<Value>) => boolean = () => true,
  limit = MAX_COMPLETIONS,
): IdMatches {
  const values: string[] = [];
  if (prefix.length > 0) {
    const exact = table.get([prefix]);
    if (exact !== undefined && keep({ key: [prefix], value: exact })) values.push(prefix);
  }
  const entries = table.range({ ...(prefix.length > 0 ? { after: [prefix] } : {}), limit: MAX_SCAN });
  for (const entry of entries) {
    const id = entry.key[0];
    if (typeof id !== 'string' || !id.startsWith(prefix)) return { values, hasMore: false };
    if (!keep(entry)) continue;
    if (values.length === limit) return { values, hasMore: true };
    values.push(id);
  }
  return { values, hasMore: entries.length === MAX_SCAN };
}
