/**
 * File locks: a durable lock actor per path, its facade, its records and tables, and the
 * migration from the old lock table. Start with `api.ts` (what callers use) and
 * `lock-actor.ts` (what one lock does).
 */
export {
  type AcquireOptions,
  acquireFileLock,
  checkFileLock,
  forceReleaseFileLock,
  type LockCallOptions,
  listFileLocks,
  releaseFileLock,
  renewFileLock,
} from './api.js';
export {
  DEFAULT_LEASE_S,
  type FileLease,
  type ForcedRelease,
  LEASES_BY_HOLDER_TABLE,
  LEASES_TABLE,
  LOCKS_TABLE,
  type LockEntry,
  type LockView,
  MAX_LEASE_S,
  MAX_WAIT_S,
  OPERATOR_NAME,
} from './lease.js';
export { LockActor, type LockArgs, type LockSeed } from './lock-actor.js';
export {
  type AcquireInput,
  AcquireInputSchema,
  type ForceReleaseInput,
  ForceReleaseInputSchema,
  type ListInput,
  ListInputSchema,
  type PathInput,
  PathInputSchema,
  type RenewInput,
  RenewInputSchema,
} from './lock-input.js';
export type {
  AcquireAnswer,
  AgentNews,
  ForceReleasedNotice,
  HolderGone,
  LeaseGranted,
  LockMsg,
  LockNotice,
} from './lock-messages.js';
export { MAX_WAITERS_PER_LOCK } from './lock-waiters.js';
export {
  type LockMigrationReport,
  type LockMigrationSeed,
  type LockTableMigration,
  migrateLocks,
  migrateLockTable,
  OLD_LOCK_TABLE_ID,
} from './migrate-locks.js';
