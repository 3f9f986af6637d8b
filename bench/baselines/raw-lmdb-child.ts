/**
 * Baseline child process for the restart scenario, reading a troupe store with nothing
 * but lmdb-js: `node raw-lmdb-child.js <first-read|scan> <dataDir> <database>`.
 *
 * - `first-read`: open the environment, read the first entry of `database`, print
 *   `{ kind: 'served' }` — the floor for "process start to first answer".
 * - `scan`: read every entry of `database` with `getRange` (values decoded), print
 *   `{ kind: 'scanned', entries, ms }` with `ms` since the process started — the floor
 *   for redelivering a backlog.
 *
 * The store's record databases share msgpackr structures under this key (see
 * src/persistence/databases.ts); it is repeated here so the baseline imports no runtime.
 */
import { performance } from 'node:perf_hooks';
import { open } from 'lmdb';

const STRUCTURES_KEY = Symbol.for('structures');

function main(): void {
  const [mode, dataDir, name] = process.argv.slice(2);
  if ((mode !== 'first-read' && mode !== 'scan') || !dataDir || !name)
    throw new Error('usage: raw-lmdb-child.js <first-read|scan> <dataDir> <database>');
  const root = open({ path: dataDir, readOnly: true });
  const db = root.openDB(name, { sharedStructuresKey: STRUCTURES_KEY });
  if (mode === 'first-read') {
    let value: unknown;
    for (const entry of db.getRange({ limit: 1 })) value = entry.value;
    console.log(JSON.stringify({ kind: 'served', found: value !== undefined }));
  } else {
    let entries = 0;
    for (const entry of db.getRange()) if (entry.value !== undefined) entries++;
    console.log(JSON.stringify({ kind: 'scanned', entries, ms: performance.now() }));
  }
  void root.close();
}

main();
