/**
 * How the LMDB store fails on real bytes and a real disk: an unopenable path, undecodable
 * records, and a commit that cannot be written. Each surfaces as a coded error, never as a
 * crash, and leaves nothing half-written. (The same failures asked of a fake, and what the commit
 * pipeline does with them: `faulty-store.test.ts`, `worker/commit-pipeline.test.ts`.)
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { open } from 'lmdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidOptionError, StateDecodeError, StoreOpenError } from '../../../src/kernel/errors.js';
import { openStore, type StoreOptions } from '../../../src/kernel/persistence/store.js';
import { actorRecord, scratchDir } from '../../fixtures/persistence/records.js';

let dir: ReturnType<typeof scratchDir>;

beforeEach(() => {
  dir = scratchDir();
});

afterEach(() => {
  dir.remove();
});

/** Write raw bytes as the value of `id` in `actors`, bypassing the codec. */
async function writeRawActor(path: string, id: string, bytes: Uint8Array): Promise<void> {
  const root = open({ path, noSync: true, eventTurnBatching: false });
  const actors = root.openDB('actors', { encoding: 'binary' });
  await actors.put(id, Buffer.from(bytes));
  await root.close();
}

describe('opening', () => {
  it('names the path when the store cannot be opened', () => {
    const file = join(dir.path, 'not-a-directory');
    writeFileSync(file, 'plain file');

    const attempt = () => openStore({ path: file, durability: 'commit' });
    expect(attempt).toThrow(StoreOpenError);
    try {
      attempt();
    } catch (error) {
      expect((error as StoreOpenError).code).toBe('store_open_failed');
      expect((error as StoreOpenError).path).toBe(file);
      expect((error as Error).message).toContain(file);
      expect((error as Error).cause).toBeDefined();
    }
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a second durability mode for a path this process holds open',
    async () => {
      const commit = openStore({ path: dir.path, durability: 'commit' });
      expect(() => openStore({ path: dir.path, durability: 'flush' })).toThrow(StoreOpenError);
      await commit.close();

      const flush = openStore({ path: dir.path, durability: 'flush' });
      expect(() => openStore({ path: dir.path, durability: 'commit' })).toThrow(
        /already open in this thread with durability "flush"/,
      );
      await flush.close();
    },
  );

  it('names the option that is wrong', () => {
    const bad = (options: Partial<StoreOptions>) => () =>
      openStore({ path: dir.path, durability: 'commit', ...options } as StoreOptions);
    expect(bad({ path: '' })).toThrow(new InvalidOptionError('options.path', 'must be a non-empty string'));
    expect(bad({ durability: 'memory' as never })).toThrow(/options\.durability must be "commit" or "flush"/);
    expect(bad({ mapSizeBytes: -1 })).toThrow(/options\.mapSizeBytes must be a positive integer/);
  });
});

describe('undecodable records', () => {
  it.each([
    ['truncated msgpack', [0x92, 0x01]],
    ['a value that is not an actor record', [0x2a]],
    ['an unknown record structure', [0x7e, 0x01]],
  ])(
    'getActor throws StateDecodeError naming the actor for %s, and the store stays usable',
    async (_, bytes) => {
      const setup = openStore({ path: dir.path, durability: 'commit' });
      await setup.commit([(w) => w.putActor(actorRecord('healthy'))]);
      await setup.close();
      await writeRawActor(dir.path, 'broken', Uint8Array.from(bytes));

      const store = openStore({ path: dir.path, durability: 'commit' });
      try {
        expect(() => store.getActor('broken')).toThrow(StateDecodeError);
        try {
          store.getActor('broken');
        } catch (error) {
          expect((error as StateDecodeError).code).toBe('state_decode_failed');
          expect((error as StateDecodeError).actorId).toBe('broken');
          expect((error as Error).message).toContain('"broken"');
        }
        expect(store.hasActor('broken')).toBe(true);
        expect(store.getActor('healthy')).toEqual(actorRecord('healthy'));
        const outcome = await store.commit([(w) => w.putActor(actorRecord('broken', { repaired: true }))]);
        expect(outcome.failed.size).toBe(0);
        expect(store.getActor('broken')?.state).toEqual({ repaired: true });
      } finally {
        await store.close();
      }
    },
  );
});

describe('a store that cannot grow', () => {
  it('grows the map past a tiny mapSizeBytes: lmdb-js never reports the map full', async () => {
    const store = openStore({ path: dir.path, durability: 'commit', mapSizeBytes: 64 * 1024 });
    try {
      const blob = 'x'.repeat(4_000);
      for (let batch = 0; batch < 4; batch++) {
        const outcome = await store.commit([
          (w) => {
            for (let i = 0; i < 500; i++) w.putMeta(`blob-${batch}-${i}`, blob);
          },
        ]);
        expect(outcome.failed.size).toBe(0);
      }
      expect(store.getMeta('blob-3-499')).toBe(blob); // ~8 MB written through a 64 KiB initial map
    } finally {
      await store.close();
    }
  });

  it.skipIf(process.platform === 'win32')(
    'rejects a commit the disk cannot hold with StoreWriteError, writes none of it, and keeps working',
    async () => {
      const script = fileURLToPath(new URL('../../fixtures/persistence/fill-store.js', import.meta.url));
      // A file-size limit makes the data file unable to grow, as a full disk would.
      const child = spawnSync(
        'sh',
        ['-c', `ulimit -f 2048 && exec "${process.execPath}" "${script}" "${dir.path}"`],
        {
          encoding: 'utf8',
          timeout: 20_000,
        },
      );
      expect(child.status, child.stderr).toBe(0);
      const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}');
      expect(result.big).toMatchObject({ isStoreWriteError: true });
      expect(['store_write_failed', 'store_full']).toContain(result.big.code);
      expect(result.big.message).toContain(dir.path);
      expect(result.markerVisible).toBe(false);
      expect(result.after).toBe('committed');

      const store = openStore({ path: dir.path, durability: 'commit' });
      try {
        expect(store.getMeta('before')).toBe(1);
        expect(store.getMeta('marker')).toBeUndefined();
        expect(store.getMeta('big-0')).toBeUndefined();
        expect(store.getMeta('after')).toBe(1);
      } finally {
        await store.close();
      }
    },
  );
});
