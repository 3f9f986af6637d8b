/**
 * What a troupe store's file is made of: its size on disk against the pages its databases
 * use and the key + value bytes of every record they hold — read straight from LMDB
 * (`getStats` and a raw scan, keys and values as stored bytes), so the figures need no
 * knowledge of the runtime's records. The `entries` database (the actors' tables, keyed
 * `[table, ...key]`) is also split by table.
 *
 * The file is `pages in databases + free pages`; pages in databases hold the records'
 * bytes plus LMDB's own (page headers, node headers, half-full pages after splits). This
 * module only measures; the scenario decides what "live data" is and compares.
 *
 * It opens the environment next to the running system (lmdb-js shares one environment per
 * path and process) and closes its handle before returning; it never writes.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { open } from 'lmdb';

/** The store's named databases (`src/kernel/persistence/databases.ts`). */
const DATABASES = [
  'actors',
  'kinds',
  'states',
  'epochs',
  'inbox',
  'tree',
  'timers',
  'timerIndex',
  'dedup',
  'meta',
  'entries',
  'suspensions',
  'deadLetters',
] as const;

/** Records and bytes of one database, or of one table of `entries`. */
export interface StorePart {
  readonly name: string;
  readonly records: number;
  /** Σ (key bytes + value bytes) as stored. */
  readonly keyValueBytes: number;
  /** Branch, leaf and overflow pages × page size (`null` for a table: tables share pages). */
  readonly pageBytes: number | null;
}

export interface StoreSize {
  readonly fileBytes: number;
  /** Pages the databases use (branch, leaf, overflow), × page size. */
  readonly pageBytes: number;
  /** Pages up to the last one used that no database holds: free pages, the free list, meta pages. */
  readonly otherPageBytes: number;
  readonly keyValueBytes: number;
  readonly databases: readonly StorePart[];
  readonly tables: readonly StorePart[];
}

interface DbStats {
  readonly pageSize: number;
  readonly treeBranchPageCount: number;
  readonly treeLeafPageCount: number;
  readonly overflowPages: number;
  readonly lastPageNumber?: number;
}

const BINARY = { keyEncoding: 'binary', encoding: 'binary' } as const;

/** The `entries` key's first part (the table name): ordered-binary encodes a string as its bytes, ended by 0. */
function tableOf(key: Buffer): string {
  const end = key.indexOf(0);
  return key.subarray(0, end < 0 ? key.length : end).toString('utf8');
}

function addTo(parts: Map<string, { records: number; keyValueBytes: number }>, name: string, bytes: number) {
  const part = parts.get(name) ?? { records: 0, keyValueBytes: 0 };
  part.records++;
  part.keyValueBytes += bytes;
  parts.set(name, part);
}

/** Measure the store in `dataDir` (its `data.mdb`). Scans every record: call it between runs, not in one. */
export async function measureStoreSize(dataDir: string): Promise<StoreSize> {
  const root = open({ path: dataDir, noSync: true, eventTurnBatching: false, maxDbs: 32, ...BINARY });
  try {
    const databases: StorePart[] = [];
    const tables = new Map<string, { records: number; keyValueBytes: number }>();
    for (const name of DATABASES) {
      const db = root.openDB(name, BINARY);
      let records = 0;
      let keyValueBytes = 0;
      for (const { key, value } of db.getRange({})) {
        const bytes = (key as Buffer).length + (value as Buffer).length;
        records++;
        keyValueBytes += bytes;
        if (name === 'entries') addTo(tables, tableOf(key as Buffer), bytes);
      }
      const stats = db.getStats() as DbStats;
      const pages = stats.treeBranchPageCount + stats.treeLeafPageCount + stats.overflowPages;
      databases.push({ name, records, keyValueBytes, pageBytes: pages * stats.pageSize });
    }
    const env = root.getStats() as DbStats;
    const pageBytes = databases.reduce((sum, part) => sum + (part.pageBytes ?? 0), 0);
    const lastPageBytes = ((env.lastPageNumber ?? 0) + 1) * env.pageSize;
    return {
      fileBytes: statSync(join(dataDir, 'data.mdb')).size,
      pageBytes,
      otherPageBytes: Math.max(0, lastPageBytes - pageBytes),
      keyValueBytes: databases.reduce((sum, part) => sum + part.keyValueBytes, 0),
      databases,
      tables: [...tables].map(([name, part]) => ({ name, ...part, pageBytes: null })),
    };
  } finally {
    await root.close();
  }
}

/** `12.3 MB`. */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** "file 199.7 MB = 199.2 MB in database pages (114.2 MB of keys + values) + 0.6 MB other; largest: …" */
export function describeStoreSize(size: StoreSize, largest = 6): string {
  const parts = [...size.databases.filter((part) => part.name !== 'entries'), ...size.tables]
    .filter((part) => part.records > 0)
    .sort((a, b) => b.keyValueBytes - a.keyValueBytes)
    .slice(0, largest)
    .map((part) => `${part.name} ${formatMegabytes(part.keyValueBytes)} (${part.records} records)`);
  // Pages against the bytes they hold, per database: where LMDB's own share (headers, half-full pages) goes.
  const pages = size.databases
    .filter((part) => (part.pageBytes ?? 0) > 0)
    .sort((a, b) => (b.pageBytes ?? 0) - (a.pageBytes ?? 0))
    .slice(0, largest)
    .map(
      (part) =>
        `${part.name} ${formatMegabytes(part.pageBytes ?? 0)} for ${formatMegabytes(part.keyValueBytes)}`,
    );
  return (
    `file ${formatMegabytes(size.fileBytes)} = ${formatMegabytes(size.pageBytes)} in database pages ` +
    `(${formatMegabytes(size.keyValueBytes)} of keys + values as stored) + ` +
    `${formatMegabytes(size.otherPageBytes)} free/other pages; keys + values by database or table: ${parts.join(', ')}; ` +
    `pages by database: ${pages.join(', ')}`
  );
}
