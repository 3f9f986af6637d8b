/**
 * The writer lock of a store directory (`src/kernel/persistence/writer-lock.ts`): one process
 * at a time runs an actor system on a store. A second process is refused with
 * `StoreLockedError` naming the holder's pid — or gets the directory when the holder hands it
 * over within the wait — and a holder killed with SIGKILL leaves a lock the next process takes
 * over at once, with everything the dead one acknowledged in the store. A lock whose pid now
 * belongs to another process (pid reuse) or whose file is garbage is taken over too.
 *
 * Why the rule: lmdb-js 3.5.6 alone — no troupe code — loses acknowledged commits and corrupts
 * pages when processes write one environment at once. Measured on 2026-12-03 (4 processes × 800
 * transactions of one put each, `noSync`, each process checking its key after every commit, on a
 * loaded 2-core machine): a resolved commit missing in 1 of 12 runs with child transactions,
 * 1 of 12 with aborted child transactions, 2 of 24 with plain transactions (writers crashing with
 * `MDB_BAD_TXN: mdb_page_touch no parent`), 1 of 24 with the map pre-sized (no resize), 1 of 24
 * with `maxFreeSpaceToRetain: 0`; 0 of 24 with fsync on (500 each, slower). Threads of one
 * process share one environment and are safe (`kinds-concurrency.test.ts`).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createActorSystem, StoreLockedError } from '../../../src/kernel/index.js';
import { openStore } from '../../../src/kernel/persistence/store.js';
import {
  acquireWriterLock,
  isOwnerAlive,
  processStartTime,
} from '../../../src/kernel/persistence/writer-lock.js';
import { scratchDir } from '../../fixtures/persistence/records.js';

const HOLDER = fileURLToPath(new URL('../../fixtures/persistence/lock-holder.js', import.meta.url));

let dir: ReturnType<typeof scratchDir>;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = scratchDir();
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  dir.remove();
});

/** A process holding the directory through a running actor system; resolves with its pid. */
async function holder(): Promise<{ child: ChildProcess; pid: number }> {
  const child = fork(HOLDER, [dir.path], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { ready: number }).ready));
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code} before it was ready`)));
  });
  return { child, pid };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

it('refuses a second process with StoreLockedError naming the holder, and lets it in once the holder is killed', async () => {
  const { child, pid } = await holder();
  let refusal: unknown;
  try {
    createActorSystem({ dataDir: dir.path, threads: 1, storeLockWaitMs: 100 });
  } catch (error) {
    refusal = error;
  }
  expect(refusal).toBeInstanceOf(StoreLockedError);
  expect(refusal).toMatchObject({ code: 'store_locked', pid, path: dir.path });
  expect((refusal as Error).message).toContain(`process ${pid}`);

  child.kill('SIGKILL');
  await exited(child);
  const system = createActorSystem({ dataDir: dir.path, threads: 1, storeLockWaitMs: 0 });
  try {
    const store = openStore({ path: dir.path, durability: 'commit' });
    expect(store.getActor('held-by-child')?.spec.id).toBe('held-by-child');
    await store.close();
    const owner = JSON.parse(readFileSync(join(dir.path, 'writer.lock'), 'utf8')) as { pid: number };
    expect(owner.pid).toBe(process.pid);
  } finally {
    await system.shutdown();
  }
}, 30_000);

it('waits for a holder that hands the directory over within the wait', async () => {
  const { child } = await holder();
  const released = new Promise<void>((resolve) => child.on('message', (m) => m === 'released' && resolve()));
  const waiter = fork(
    fileURLToPath(new URL('../../fixtures/persistence/lock-waiter.js', import.meta.url)),
    [dir.path],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  children.push(waiter);
  const outcome = new Promise<unknown>((resolve) =>
    waiter.on('message', (message) => {
      // The waiter is about to block in createActorSystem: let it wait a while, then hand over.
      if (message === 'starting') setTimeout(() => child.send('shutdown'), 400);
      else resolve(message);
    }),
  );
  await released;
  expect(await outcome).toMatchObject({ opened: true, record: 'held-by-child' });
  expect(((await outcome) as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(300);
}, 30_000);

it('refuses a second actor system of the same process on the same directory at once', async () => {
  const first = createActorSystem({ dataDir: dir.path, threads: 1 });
  try {
    const started = Date.now();
    expect(() => createActorSystem({ dataDir: dir.path, threads: 1, storeLockWaitMs: 5_000 })).toThrow(
      StoreLockedError,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  } finally {
    await first.shutdown();
  }
  // Released on shutdown: the directory is free again.
  const again = createActorSystem({ dataDir: dir.path, threads: 1, storeLockWaitMs: 0 });
  await again.shutdown();
});

it('takes over a lock whose pid now belongs to another process, or whose file is garbage', () => {
  const file = join(dir.path, 'writer.lock');
  const reused = { pid: process.ppid, started: 'not-its-start-time', host: hostname(), nonce: 'old' };
  expect(isOwnerAlive(reused)).toBe(false);
  writeFileSync(file, JSON.stringify(reused));
  const lock = acquireWriterLock(dir.path, 0);
  expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
  lock.release();

  writeFileSync(file, '{"pid": "__proto__", "constructor": 1');
  const second = acquireWriterLock(dir.path, 0);
  expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
  second.release();
  expect(() => readFileSync(file)).toThrow(/ENOENT/);
});

it('takes a zombie (dead, not yet reaped by its parent) for dead', async () => {
  // sh starts a short sleep and then becomes a long one, which never reaps it: a zombie once it ends.
  const parent = spawn('sh', ['-c', 'sleep 1 & echo $!; exec sleep 10'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const pid = Number(
      await new Promise<string>((resolve) => parent.stdout.once('data', (d) => resolve(String(d)))),
    );
    let state = '';
    for (let tries = 0; tries < 250 && state !== 'Z'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '';
    }
    expect(state).toBe('Z');
    expect(processStartTime(pid)).toBeNull();
    writeFileSync(
      join(dir.path, 'writer.lock'),
      JSON.stringify({ pid, started: '1', host: hostname(), nonce: 'z' }),
    );
    acquireWriterLock(dir.path, 0).release();
  } finally {
    parent.kill('SIGKILL');
  }
}, 15_000);

it('judges a live owner by pid and start time', () => {
  const started = processStartTime(process.pid);
  expect(started).toMatch(/^\d+$/);
  expect(isOwnerAlive({ pid: process.pid, started, host: hostname(), nonce: 'x' })).toBe(true);
  expect(isOwnerAlive({ pid: 2 ** 22 + 7, started: null, host: hostname(), nonce: 'x' })).toBe(false);
});
