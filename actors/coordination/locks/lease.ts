/**
 * The records of file locks, as plain data (epoch-ms times), and the tables that index them:
 *
 *   table              key                                 value
 *   ─────────────────  ──────────────────────────────────  ────────────────────────────
 *   `locks`            [lockId]                            {@link LockEntry}: the path, its last forced release
 *   `leases`           [pathHead, lockId]                  {@link FileLease} (live leases only)
 *   `leases-by-holder` [holder, pathHead, lockId]          {@link FileLease}
 *
 * A path may be 4096 characters but a table key only 600 in all, so the index keys hold the
 * path's first {@link PATH_HEAD_CHARS} characters (the order users see: by path) and then the
 * lock actor's id (unique: a hash of the whole path); the whole path is in the value. The lock
 * actor writes these in the same turn as its state; the facade reads them on the main thread.
 * This module owns the shapes and the keys, not who writes them (`lock-actor.ts`).
 */
import type { TableKey } from '../../../src/kernel/index.js';

/** A live lease: who holds the (normalized) path, since when, until when. */
export interface FileLease {
  readonly path: string;
  readonly holder: string;
  readonly acquiredAt: number;
  readonly expiresAt: number;
}

/** A forced release, kept so that "who took my lock?" has an answer. */
export interface ForcedRelease {
  readonly lease: FileLease;
  /** The agent that forced it, or {@link OPERATOR_NAME}. */
  readonly by: string;
  readonly reason: string;
  readonly at: number;
}

/** What `checkFileLock` answers: the live lease (or none) and the path's last forced release. */
export interface LockView {
  readonly path: string;
  readonly lease: FileLease | null;
  readonly lastForced: ForcedRelease | null;
}

/** One lock actor's public entry: written when it starts, and at each forced release. */
export interface LockEntry {
  readonly path: string;
  readonly lastForced: ForcedRelease | null;
}

/** Who forced a release when the operator did (not a valid agent id, so never confused with one). */
export const OPERATOR_NAME = '(operator)';

/** How long a lease lasts when the caller names no `ttl_s`: renewable, so short is safe. */
export const DEFAULT_LEASE_S = 300;
/** The longest lease one request may take (a day); renewing extends it. */
export const MAX_LEASE_S = 86_400;
/** The longest a request may wait for a held lock (an hour). */
export const MAX_WAIT_S = 3_600;

export const LOCKS_TABLE = 'locks';
export const LEASES_TABLE = 'leases';
export const LEASES_BY_HOLDER_TABLE = 'leases-by-holder';

/**
 * Characters of the path in index keys: with a 128-character holder id and a 69-character
 * lock id, a `leases-by-holder` key stays within the store's 600.
 */
export const PATH_HEAD_CHARS = 400;

/** The first {@link PATH_HEAD_CHARS} characters of a path, never splitting a surrogate pair. */
export function pathHead(path: string): string {
  if (path.length <= PATH_HEAD_CHARS) return path;
  const last = path.charCodeAt(PATH_HEAD_CHARS - 1);
  const cut = last >= 0xd800 && last <= 0xdbff ? PATH_HEAD_CHARS - 1 : PATH_HEAD_CHARS;
  return path.slice(0, cut);
}

export function leaseKey(path: string, lockId: string): TableKey {
  return [pathHead(path), lockId];
}

export function holderKey(holder: string, path: string, lockId: string): TableKey {
  return [holder, pathHead(path), lockId];
}

/** Is the lease still held at `now`? A lease is never held past its expiry, timer or not. */
export function isLive(lease: FileLease | null, now: number): lease is FileLease {
  return lease !== null && lease.expiresAt > now;
}
