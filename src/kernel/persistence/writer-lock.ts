/**
 * The writer lock of a store directory: one process at a time runs an actor system on it.
 *
 * Why: lmdb-js 3.5 (its own LMDB fork keeps a free-page cache per process) loses commits
 * and corrupts pages when two processes write one environment at once — measured with
 * lmdb-js alone (`test/kernel/persistence/writer-lock.test.ts` names the figures). Every
 * thread of one process shares one environment and is safe; so the rule is one writing
 * process per directory, and a second one is refused with `StoreLockedError` instead of
 * silently losing what the first acknowledged. (`troupe serve` never needs two: later
 * processes attach to the first one's runtime over its endpoint.)
 *
 *   <store>/writer.lock   { pid, started, host, nonce }   created with link(2): atomic, whole
 *
 * The owner is alive while its pid exists, is not a zombie, and has the same start time (Linux:
 * /proc/<pid>/stat, so a reused pid is not taken for the owner); a dead owner's lock (kill -9) is taken over at
 * once, under `writer.lock.takeover` (a guard made, whole, with link(2), naming its taker) so that two processes finding the same
 * dead owner cannot both take it. Held locks are released on `release()` and on process exit.
 * Not here: opening the store (`lmdb-store.ts`); who takes the lock (the actor system).
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { StoreLockedError, StoreOpenError } from '../errors.js';

const LOCK_FILE = 'writer.lock';
const POLL_MS = 25;

/** Who holds a lock, as written in its file. */
export interface LockOwner {
  readonly pid: number;
  /** The process's start time as the OS counts it (`/proc/<pid>/stat` field 22), or null where unknown. */
  readonly started: string | null;
  readonly host: string;
  readonly nonce: string;
}

/** A lock this process holds. */
export interface WriterLock {
  readonly path: string;
  /** Give the lock up (idempotent); the next process may open the store. */
  release(): void;
}

/** Paths this process holds, so that a second actor system in it is refused at once. */
const held = new Map<string, WriterLock>();

/**
 * The start time of `pid` (Linux: `/proc/<pid>/stat` field 22); null where the OS does not
 * tell, the process is gone, or it is a zombie (dead, waiting to be reaped by its parent).
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": field 3 (state) is [0], field 22 (starttime) is [19].
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote `owner` still runs (a different host's owner counts as alive). */
export function isOwnerAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return owner.started === null || processStartTime(owner.pid) === owner.started;
}

function readOwner(file: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.nonce !== 'string' || typeof parsed.host !== 'string')
      return null;
    return { pid: parsed.pid, started: parsed.started ?? null, host: parsed.host, nonce: parsed.nonce };
  } catch {
    return null;
  }
}

/**
 * Whether the store at `path` is held by a live process: its writer lock names a process that
 * still runs (or one on another host, which cannot be checked). False when there is no lock.
 */
export function isStoreHeld(path: string): boolean {
  const owner = readOwner(join(resolve(path), LOCK_FILE));
  return owner !== null && isOwnerAlive(owner);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/**
 * Take the writer lock of the store at `path`, waiting up to `waitMs` for a live owner to let
 * go (a process handing the directory over); throws `StoreLockedError` naming the owner.
 */
export function acquireWriterLock(path: string, waitMs: number): WriterLock {
  const dir = resolve(path);
  if (held.has(dir)) throw new StoreLockedError(path, process.pid, 'another actor system of this process');
  const file = join(dir, LOCK_FILE);
  const me: LockOwner = {
    pid: process.pid,
    started: processStartTime(process.pid),
    host: hostname(),
    nonce: randomBytes(8).toString('hex'),
  };
  // Our record, whole, before it is linked anywhere: a reader never sees a half-written lock.
  const mine = join(dir, `.writer.${me.pid}.${me.nonce}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(mine, JSON.stringify(me));
  } catch (error) {
    throw new StoreOpenError(path, error);
  }
  const deadline = Date.now() + waitMs;
  try {
    let owner: LockOwner | null = null;
    for (;;) {
      const attempt = tryTake(file, mine);
      if (attempt.taken) break;
      owner = attempt.owner ?? owner;
      if (Date.now() >= deadline) {
        const pid = owner?.pid ?? null;
        throw new StoreLockedError(path, pid, pid === null ? 'another process' : `process ${pid}`);
      }
      sleepSync(POLL_MS);
    }
  } finally {
    unlinkQuietly(mine);
  }
  const lock: WriterLock = {
    path: dir,
    release() {
      if (held.get(dir) !== lock) return;
      held.delete(dir);
      if (held.size === 0) process.off('exit', releaseAll);
      if (readOwner(file)?.nonce === me.nonce) unlinkQuietly(file);
    },
  };
  if (held.size === 0) process.on('exit', releaseAll);
  held.set(dir, lock);
  return lock;
}

type Attempt = { readonly taken: true } | { readonly taken: false; readonly owner: LockOwner | null };
const TAKEN: Attempt = { taken: true };

/** One attempt at making `mine` the lock; when it is not, the live owner (null: contended, look again). */
function tryTake(file: string, mine: string): Attempt {
  try {
    linkSync(mine, file);
    return TAKEN;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const owner = readOwner(file);
  if (owner !== null && isOwnerAlive(owner)) return { taken: false, owner };
  // The owner is gone (kill -9) or its file is unreadable: take over, one taker at a time.
  const guard = `${file}.takeover`;
  try {
    linkSync(mine, guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const taker = readOwner(guard);
    if (taker !== null && !isOwnerAlive(taker)) unlinkQuietly(guard); // a taker that died taking over
    return { taken: false, owner: null };
  }
  try {
    const now = readOwner(file);
    // Someone took it since we looked: look again.
    if (now !== null && now.nonce !== owner?.nonce) return { taken: false, owner: null };
    renameSync(mine, file);
    return TAKEN;
  } finally {
    unlinkQuietly(guard);
  }
}

function releaseAll(): void {
  for (const lock of [...held.values()]) lock.release();
}
