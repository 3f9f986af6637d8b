/**
 * `StoreOperations`: the operator's side of a durable system, on the main thread — the
 * suspended actors (list, resume), the kept dead letters, the stored records one-off
 * migrations read and remove, the tables, and the store's figures for `stats()`. Each checks
 * its arguments and that the system has a store (`InvalidArgumentError` naming what is wrong).
 *
 * The decisions stay where they are made: suspending and resuming in the root supervisor,
 * the removal of a record on the actor's home thread (`stored-actors.ts`).
 */
import type { TableReader } from '../actor/table.js';
import { InvalidArgumentError } from '../errors.js';
import { storeTable } from '../persistence/table-reader.js';
import type { SuspendedActor } from '../supervision/suspension.js';
import type { StoreStats } from '../wire/control.js';
import { createDeadLetterOperator, type DeadLetterOperator } from './dead-letter-operator.js';
import type { MainStore } from './main-store.js';
import type { RootSupervisor } from './root-supervisor.js';
import { readStoredActor, removalResult, type StoredActor, storedHomeThread } from './stored-actors.js';
import type { ThreadPool } from './thread-pool.js';

export class StoreOperations {
  private deadLetterOperator: DeadLetterOperator | null = null;

  constructor(
    /** The main thread's handle on the store, `null` for a memory-only system. */
    private readonly durable: MainStore | null,
    private readonly root: Pick<RootSupervisor, 'resume' | 'suspended' | 'forget'>,
    private readonly threads: Pick<ThreadPool, 'handle'>,
    private readonly threadCount: number,
  ) {}

  resume(id: string): Promise<boolean> {
    return this.root.resume(assertId(id), 'operator');
  }

  suspended(): SuspendedActor[] {
    return this.root.suspended();
  }

  deadLetters(): DeadLetterOperator {
    const durable = this.require('deadLetters');
    this.deadLetterOperator ??= createDeadLetterOperator(durable, (id) =>
      storedHomeThread(durable.store, id, this.threadCount),
    );
    return this.deadLetterOperator;
  }

  readStored(id: string): StoredActor | undefined {
    return readStoredActor(this.require('readStored').store, assertId(id));
  }

  async removeStored(id: string): Promise<boolean> {
    const store = this.require('removeStored').store;
    assertId(id);
    const thread = storedHomeThread(store, id, this.threadCount);
    const removed = removalResult(id, thread, await this.threads.handle(thread).control.removeStored(id));
    if (removed) this.root.forget(id);
    return removed;
  }

  table<Value>(name: string): TableReader<Value> {
    return storeTable<Value>(this.require('table').store, name);
  }

  /** The store's figures (`null` without a store). */
  stats(): StoreStats | null {
    const store = this.durable?.store;
    if (!store) return null;
    return {
      suspended: this.root.suspended().length,
      deadLetters: store.deadLetterCount(),
      sizeBytes: store.sizeOnDisk(),
    };
  }

  /** The store's handle; `what` (a method of the system) exists only in a system with a store. */
  private require(what: string): MainStore {
    if (!this.durable) throw new InvalidArgumentError(what, 'is kept only in a system with a dataDir');
    return this.durable;
  }
}

/** `id` as an actor id: a non-empty string. */
export function assertId(id: unknown): string {
  if (typeof id !== 'string' || id.length === 0)
    throw new InvalidArgumentError('id', 'must be a non-empty string');
  return id;
}
