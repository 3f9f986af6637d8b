/**
 * Table writes from the main thread (`system.writeTables`): put and remove entries of a
 * table without a turn of an actor on a worker thread — for the records an adapter keeps
 * beside its actors, which must be durable before it answers but which no actor's state
 * depends on (an HTTP session's event log: each SSE event committed before it goes out).
 *
 *   system.writeTables((tables) => {
 *     tables.table('events').put([sessionId, seq], event);   // one child transaction,
 *     return tables.table('events').get([sessionId, 1]);     // reads see its own writes
 *   })  ──▶  resolves with the function's result once its batch is acknowledged
 *
 * The functions handed over during one macrotask go to the store as one batch with the main
 * thread's durable tells (`commit-group.ts`), in the order they were made, and each promise
 * settles only once the whole batch is acknowledged in the store's durability mode (committed;
 * in `flush` mode also synced). A function that throws fails alone: its writes are rolled back
 * and its promise rejects. A function may run twice (when another one of its batch threw), so
 * it must be synchronous, read only through `tables`, and keep what it found in its result.
 *
 * One writer per table: a table an actor writes in its turns (`ctx.table`) should not also be
 * written here, or the actor's reads of its own unacknowledged writes (`turn-table.ts`) and
 * these writes could interleave in ways neither expects. Only a system with a store has tables.
 */
import { assertTableKey, assertTableName, type TableKey } from '../actor/table.js';
import { InvalidArgumentError } from '../errors.js';
import type { StoreWriter } from '../persistence/writer.js';
import { assertEncodable } from '../wire/encodable.js';
import type { MainStore } from './main-store.js';

/** A table inside one main-thread write. */
export interface TableWriter<Value = unknown> {
  /** The entry as this write's transaction sees it (its own writes included). */
  get(key: TableKey): Value | undefined;
  /** Insert or replace. */
  put(key: TableKey, value: Value): void;
  /** Nothing when there is no such entry. */
  remove(key: TableKey): void;
}

/** The tables one main-thread write may touch. */
export interface TableTransaction {
  table<Value = unknown>(name: string): TableWriter<Value>;
}

/** A synchronous function of one main-thread write; what it returns is what its promise resolves with. */
export type TableWrite<Result> = (tables: TableTransaction) => Result;

export class TableWrites {
  /** Over the main thread's store handle (or a test's fake of its `write`). */
  constructor(private readonly store: Pick<MainStore, 'write'>) {}

  /** Run `write` in the next batch of the main thread's writes; resolves with its result once committed. */
  write<Result>(write: TableWrite<Result>): Promise<Result> {
    if (typeof write !== 'function')
      return Promise.reject(new InvalidArgumentError('write', 'must be a function'));
    return new Promise<Result>((resolve, reject) => {
      let result: Result;
      this.store.write(
        (w) => {
          result = write(transactionOver(w));
          if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
            (result as Promise<unknown>).catch(() => {});
            throw new InvalidArgumentError('write', 'returned a promise; it must be synchronous');
          }
        },
        (failure) => (failure ? reject(failure) : resolve(result)),
      );
    });
  }
}

function transactionOver(w: StoreWriter): TableTransaction {
  return {
    table: <Value>(name: string): TableWriter<Value> => {
      assertTableName(name);
      return {
        get: (key) => {
          assertTableKey(key);
          return w.getEntry(name, key) as Value | undefined;
        },
        put: (key, value) => {
          assertTableKey(key);
          assertEncodable(value, 'value');
          w.putEntry(name, key, value);
        },
        remove: (key) => {
          assertTableKey(key);
          w.removeEntry(name, key);
        },
      };
    },
  };
}
