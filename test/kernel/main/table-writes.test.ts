/**
 * Table writes from the main thread (`system.writeTables`): committed before their promise
 * resolves (with the function's result), grouped per macrotask into one batch with each
 * caller hearing only its own outcome, read back by `system.table` and by an actor's turn
 * told after them; a function that throws fails alone; bad tables, keys, values and
 * functions are refused naming what is wrong; a system without a store, or shut down, refuses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ActorSystem,
  createActorSystem,
  InvalidArgumentError,
  SystemShutDownError,
  UnencodableMessageError,
} from '../../../src/kernel/index.js';
import { CommitGroup } from '../../../src/kernel/main/commit-group.js';
import { TableWrites } from '../../../src/kernel/main/table-writes.js';
import { FaultyStore } from '../../fixtures/persistence/faulty-store.js';
import { Notebook, type NotebookMsg } from '../../fixtures/tables/notebook.js';

const aTurnLater = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TableWrites over the main thread commit group', () => {
  let store: FaultyStore;
  let writes: TableWrites;

  beforeEach(() => {
    store = new FaultyStore();
    const group = new CommitGroup(store);
    writes = new TableWrites({ write: (write, settle) => group.add(write, settle) });
  });
  afterEach(async () => {
    await store.close();
  });

  it('commits the writes of one macrotask as one batch, and resolves each only after it', async () => {
    store.holdAcknowledgements();
    const settled: number[] = [];
    const all = [1, 2, 3].map((n) =>
      writes
        .write((tables) => {
          tables.table<number>('shelf').put(['book', n], n * 10);
          return n;
        })
        .then((result) => settled.push(result)),
    );
    await aTurnLater();
    expect(store.pending).toBe(1);
    expect(settled).toEqual([]);
    expect(store.getEntry('shelf', ['book', 1])).toBeUndefined();
    await store.acknowledge(1);
    await Promise.all(all);
    expect(settled).toEqual([1, 2, 3]);
    expect(store.getEntry('shelf', ['book', 3])).toBe(30);
  });

  it('fails a function that throws alone: its writes are rolled back, the others commit', async () => {
    const kept = writes.write((tables) => tables.table('shelf').put(['kept'], true));
    const failed = writes.write((tables) => {
      tables.table('shelf').put(['lost'], true);
      throw new Error('the write changed its mind');
    });
    await expect(failed).rejects.toThrow('the write changed its mind');
    await kept;
    expect(store.getEntry('shelf', ['kept'])).toBe(true);
    expect(store.getEntry('shelf', ['lost'])).toBeUndefined();
  });

  it('fails every write of a transaction that fails', async () => {
    store.failNextCommits(1);
    const write = writes.write((tables) => tables.table('shelf').put(['a'], 1));
    await expect(write).rejects.toMatchObject({ code: 'store_write_failed' });
    expect(store.getEntry('shelf', ['a'])).toBeUndefined();
  });
});

describe('system.writeTables', () => {
  let dataDir: string;
  let system: ActorSystem;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'troupe-table-writes-'));
    system = createActorSystem({ threads: 1, dataDir });
  });
  afterEach(async () => {
    await system.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('puts and removes entries, reads its own writes, and resolves with its result once committed', async () => {
    await system.writeTables((tables) => {
      const shelf = tables.table<string>('shelf');
      shelf.put(['a', 1], 'first');
      shelf.put(['a', 2], 'second');
      shelf.put(['b', 1], 'other');
    });
    const seen = await system.writeTables((tables) => {
      const shelf = tables.table<string>('shelf');
      shelf.remove(['a', 1]);
      shelf.remove(['a', 99]);
      return [shelf.get(['a', 1]) ?? null, shelf.get(['a', 2]) ?? null];
    });
    expect(seen).toEqual([null, 'second']);
    expect(system.table('shelf').range({ prefix: ['a'] })).toEqual([{ key: ['a', 2], value: 'second' }]);
    expect(system.table('shelf').get(['b', 1])).toBe('other');
  });

  it('is committed before a durable tell made after it: the told actor reads it in its turn', async () => {
    const book = await system.spawn(Notebook, { id: 'book' });
    // The main thread writes a note the actor did not write, then tells it to erase it.
    const written = system.writeTables((tables) => tables.table('notes').put(['main', 7], 'from main'));
    book.tell({ type: 'erase', topic: 'main', n: 7 } satisfies NotebookMsg);
    await written;
    const listed = await book.ask<unknown[]>({
      type: 'list',
      range: { prefix: ['main'] },
    } satisfies NotebookMsg);
    expect(listed).toEqual([]);
  });

  it('refuses bad tables, keys, values and functions, naming them', async () => {
    await expect(system.writeTables((tables) => tables.table('Bad Name'))).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/^table /),
    });
    await expect(system.writeTables((tables) => tables.table('shelf').put([], 1))).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(
      system.writeTables((tables) => tables.table('shelf').remove([{} as unknown as string])),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^key /) });
    await expect(
      system.writeTables((tables) => tables.table('shelf').put(['f'], { f: () => 1 })),
    ).rejects.toThrow(UnencodableMessageError);
    await expect(
      system.writeTables(async (tables) => tables.table('shelf').put(['late'], 1)),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^write .*synchronous/) });
    await expect(system.writeTables('nope' as unknown as () => void)).rejects.toMatchObject({
      message: expect.stringMatching(/^write /),
    });
    expect(system.table('shelf').range()).toEqual([]);
  });

  it('is refused after shutdown', async () => {
    await system.shutdown();
    await expect(system.writeTables(() => undefined)).rejects.toThrow(SystemShutDownError);
  });
});

it('is refused by a system without a store', async () => {
  const memory = createActorSystem({ threads: 1 });
  try {
    await expect(memory.writeTables(() => undefined)).rejects.toMatchObject({
      message: expect.stringMatching(/^writeTables /),
    });
  } finally {
    await memory.shutdown();
  }
});
