/**
 * The errors of a store: it cannot be opened, a commit failed (for lack of space or
 * otherwise — nothing of the batch was written), or one actor's record cannot be decoded
 * (the store itself stays usable). `path` is the store's location on disk.
 *
 * It does not decide what the runtime does about them (quarantine, retry): that is the
 * worker side's durability.
 */
import { describe, TroupeError } from './troupe-error.js';

/** The store at `path` could not be opened (not a directory, no permission, incompatible flags, …). */
export class StoreOpenError extends TroupeError {
  readonly path: string;
  constructor(path: string, cause: unknown) {
    super('store_open_failed', `cannot open the store at ${path}: ${describe(cause)}`, { cause });
    this.path = path;
  }
}

/**
 * Another process (or another actor system of this one) runs on the store: one writing process
 * per store directory (`persistence/writer-lock.ts` says why). `pid` is the holder's, when known.
 */
export class StoreLockedError extends TroupeError {
  readonly path: string;
  readonly pid: number | null;
  constructor(path: string, pid: number | null, holder: string) {
    super(
      'store_locked',
      `the store at ${path} is in use by ${holder}: one process at a time runs on a store directory ` +
        '(attach to it — `troupe serve` does — or stop it first)',
    );
    this.path = path;
    this.pid = pid;
  }
}

/** A whole commit failed (I/O error, …): nothing of its batch was written. */
export class StoreWriteError extends TroupeError {
  readonly path: string;
  constructor(
    path: string,
    cause: unknown,
    code: 'store_write_failed' | 'store_full' = 'store_write_failed',
  ) {
    const what = code === 'store_full' ? 'the store is full' : 'a commit failed';
    super(code, `${what} at ${path}: ${describe(cause)}`, { cause });
    this.path = path;
  }
}

/** A commit failed for lack of space (map full, disk full, file size limit): nothing of its batch was written. */
export class StoreFullError extends StoreWriteError {
  constructor(path: string, cause: unknown) {
    super(path, cause, 'store_full');
  }
}

/** The stored record of an actor cannot be decoded; the store itself stays usable. */
export class StateDecodeError extends TroupeError {
  readonly actorId: string;
  constructor(actorId: string, cause: unknown) {
    const why = `stored state of actor "${actorId}" cannot be decoded: ${describe(cause)}`;
    super('state_decode_failed', why, { cause });
    this.actorId = actorId;
  }
}
