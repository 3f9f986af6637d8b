/**
 * The unfinished runs of a system, as `workflow-runs-active` lists them (run-effects.ts keeps
 * it), a page at a time: what a new executor attaches (engine.ts) and what a replaced thread's
 * runs are asked to send again (thread-resync.ts).
 */
import type { ActorSystem, TableKey } from '../../../src/kernel/index.js';
import { ACTIVE_RUNS_TABLE } from './tables.js';

const PAGE = 1_000;

/** Every unfinished run's id, in pages of up to 1,000. */
export async function* activeRunPages(system: ActorSystem): AsyncGenerator<readonly string[]> {
  const active = system.table<number>(ACTIVE_RUNS_TABLE);
  let after: TableKey | undefined;
  for (;;) {
    const page = active.range({ limit: PAGE, ...(after ? { after } : {}) });
    yield page.map((entry) => String(entry.key[0]));
    if (page.length < PAGE) return;
    after = page[page.length - 1]?.key;
  }
}
