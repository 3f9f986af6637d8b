/**
 * `PendingEntries`: the table entries an actor wrote whose commit is not acknowledged yet.
 * Its later turns run before that (commits are pipelined), and they must read what it
 * wrote: reads look here before the store. Each write is counted until its commit lands;
 * a commit that fails drops the whole actor from memory, and these with it.
 */
import { entryId, type TableKey } from '../actor/table.js';

export interface PendingEntry {
  readonly table: string;
  readonly key: TableKey;
  /** The value written, or `undefined` for a removal. */
  value: unknown;
  removed: boolean;
  /** Writes of this entry not yet acknowledged. */
  count: number;
}

export class PendingEntries {
  private readonly entries = new Map<string, PendingEntry>();

  get size(): number {
    return this.entries.size;
  }

  /** A write made by a turn whose commit is now on its way. */
  add(table: string, key: TableKey, value: unknown, removed: boolean): void {
    const id = entryId(table, key);
    const pending = this.entries.get(id);
    if (pending) {
      pending.value = value;
      pending.removed = removed;
      pending.count++;
    } else this.entries.set(id, { table, key, value, removed, count: 1 });
  }

  /** One write of this entry was acknowledged (the store has it, or a later value). */
  settle(table: string, key: TableKey): void {
    const id = entryId(table, key);
    const pending = this.entries.get(id);
    if (pending && --pending.count === 0) this.entries.delete(id);
  }

  get(table: string, key: TableKey): PendingEntry | undefined {
    return this.entries.get(entryId(table, key));
  }

  /** The pending entries of one table. */
  *of(table: string): Generator<PendingEntry> {
    for (const entry of this.entries.values()) if (entry.table === table) yield entry;
  }
}
