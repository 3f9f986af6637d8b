/**
 * `TurnTable`: `ctx.table(name)` during one turn of a durable actor. Writes are effects of
 * the turn (`table-put`, `table-remove`), committed with its state; reads see, in order of
 * precedence, this turn's own writes, the actor's writes still being committed
 * (`PendingEntries`), and the store's committed entries.
 */
import {
  assertTableKey,
  compareTableKeys,
  entryId,
  inRange,
  resolveRange,
  type Table,
  type TableEntry,
  type TableKey,
  type TableRange,
} from '../actor/table.js';
import type { Store } from '../persistence/store.js';
import { assertEncodable } from '../wire/encodable.js';
import type { ActorCell } from './cell.js';
import type { Effect } from './effects.js';

/** The turn as its table sees it: the actor, and the effects recorded so far. */
export interface TableTurn {
  readonly cell: ActorCell;
  readonly effects: readonly Effect[] | null;
  record(effect: Effect): void;
}

type Write = { readonly key: TableKey; readonly value: unknown; readonly removed: boolean };

export class TurnTable<Value> implements Table<Value> {
  constructor(
    private readonly name: string,
    private readonly turn: TableTurn,
    private readonly store: Pick<Store, 'getEntry' | 'rangeEntries'>,
  ) {}

  get(key: TableKey): Value | undefined {
    assertTableKey(key);
    const own = this.ownWrite(key);
    if (own) return own.removed ? undefined : (own.value as Value);
    const pending = this.turn.cell.pendingEntries?.get(this.name, key);
    if (pending) return pending.removed ? undefined : (pending.value as Value);
    return this.store.getEntry(this.name, key) as Value | undefined;
  }

  range(range?: TableRange): TableEntry<Value>[] {
    const resolved = resolveRange(range);
    const writes = this.unsettledWrites();
    const stored = this.store.rangeEntries(this.name, { ...resolved, limit: resolved.limit + writes.length });
    if (writes.length === 0) return stored.slice(0, resolved.limit) as TableEntry<Value>[];
    const merged = new Map<string, TableEntry<unknown>>();
    for (const entry of stored) merged.set(entryId(this.name, entry.key), entry);
    for (const write of writes) {
      if (!inRange(write.key, resolved)) continue;
      const id = entryId(this.name, write.key);
      if (write.removed) merged.delete(id);
      else merged.set(id, { key: write.key, value: write.value });
    }
    const order = resolved.reverse ? -1 : 1;
    return ([...merged.values()] as TableEntry<Value>[])
      .sort((a, b) => order * compareTableKeys(a.key, b.key))
      .slice(0, resolved.limit);
  }

  put(key: TableKey, value: Value): void {
    assertTableKey(key);
    assertEncodable(value, 'value');
    this.turn.record({ type: 'table-put', table: this.name, key: [...key], value });
  }

  remove(key: TableKey): void {
    assertTableKey(key);
    this.turn.record({ type: 'table-remove', table: this.name, key: [...key] });
  }

  /** This turn's last write of `key`, if it wrote it. */
  private ownWrite(key: TableKey): Write | undefined {
    const effects = this.turn.effects;
    if (!effects) return undefined;
    for (let i = effects.length - 1; i >= 0; i--) {
      const effect = effects[i] as Effect;
      if (
        (effect.type === 'table-put' || effect.type === 'table-remove') &&
        effect.table === this.name &&
        compareTableKeys(effect.key, key) === 0
      )
        return {
          key,
          value: effect.type === 'table-put' ? effect.value : undefined,
          removed: effect.type === 'table-remove',
        };
    }
    return undefined;
  }

  /** The actor's writes to this table the store may not have yet: pending commits, then this turn's. */
  private unsettledWrites(): Write[] {
    const writes: Write[] = [];
    const pending = this.turn.cell.pendingEntries;
    if (pending) for (const entry of pending.of(this.name)) writes.push(entry);
    for (const effect of this.turn.effects ?? []) {
      if (effect.type === 'table-put' && effect.table === this.name)
        writes.push({ key: effect.key, value: effect.value, removed: false });
      else if (effect.type === 'table-remove' && effect.table === this.name)
        writes.push({ key: effect.key, value: undefined, removed: true });
    }
    return writes;
  }
}
