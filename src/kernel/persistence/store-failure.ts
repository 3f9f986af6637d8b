/**
 * What a failed LMDB commit means: `StoreFullError` when the disk (or the map) is out of
 * space, `StoreWriteError` otherwise — read from the cause lmdb-js carries, and from the
 * file system's free space when LMDB only says EIO. The store (`lmdb-store.ts`) throws it.
 */
import { statfsSync } from 'node:fs';
import { constants } from 'node:os';
import { describe, StoreFullError, StoreWriteError } from '../errors.js';

/** The error a commit of the store at `path` that failed with `error` is reported as. */
export async function commitFailure(path: string, error: unknown): Promise<StoreWriteError> {
  const cause = await causeOf(error);
  return isOutOfSpace(cause) || isDiskFull(path)
    ? new StoreFullError(path, cause)
    : new StoreWriteError(path, cause);
}

/** lmdb-js rejects with "Commit failed" and carries the LMDB/OS error in `commitError`, a promise. */
async function causeOf(error: unknown): Promise<unknown> {
  const detail = (error as { commitError?: PromiseLike<unknown> } | null)?.commitError;
  if (!detail) return error;
  const settled = new Promise<unknown>((resolve) => {
    detail.then(
      () => resolve(error),
      (cause: unknown) => resolve(cause),
    );
  });
  const timeout = new Promise<unknown>((resolve) => setTimeout(resolve, 1_000, error).unref());
  return Promise.race([settled, timeout]);
}

const MDB_MAP_FULL = -30792;
const OUT_OF_SPACE = new Set<number>([
  MDB_MAP_FULL,
  constants.errno.ENOSPC,
  constants.errno.EDQUOT,
  constants.errno.EFBIG,
]);

/**
 * LMDB reports a short write as EIO, and a full disk shows up as exactly that: so after a
 * failed commit, a file system with (almost) nothing left counts as full.
 */
function isDiskFull(path: string): boolean {
  try {
    const { bavail, bsize } = statfsSync(path);
    return bavail * bsize < NEARLY_FULL_BYTES;
  } catch {
    return false;
  }
}

const NEARLY_FULL_BYTES = 1024 * 1024;

function isOutOfSpace(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | null)?.code;
  return (typeof code === 'number' && OUT_OF_SPACE.has(code)) || /MDB_MAP_FULL|ENOSPC/.test(describe(cause));
}
