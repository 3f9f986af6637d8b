/**
 * File leases over MCP: `{ file_path, holder_id, acquired_at, expires_at }` (`file_path` as
 * the seed's lock tools name it), a forced release `{ lease, forced_by, reason, forced_at }`,
 * and what `check_file_lock` answers: the live lease or null, and the last forced release.
 */
import { z } from 'zod';
import type {
  ForcedRelease,
  FileLease as Lease,
  LockView,
} from '../../../actors/coordination/locks/index.js';
import { IsoTimeSchema, isoTime } from './time.js';

export const LeaseRecordSchema = z.object({
  file_path: z.string(),
  holder_id: z.string(),
  acquired_at: IsoTimeSchema,
  expires_at: IsoTimeSchema,
});

export const ForcedReleaseRecordSchema = z.object({
  lease: LeaseRecordSchema,
  forced_by: z.string(),
  reason: z.string(),
  forced_at: IsoTimeSchema,
});

export const LockViewRecordSchema = z.object({
  file_path: z.string(),
  lease: LeaseRecordSchema.nullable(),
  last_forced: ForcedReleaseRecordSchema.nullable(),
});

export type LeaseRecord = z.infer<typeof LeaseRecordSchema>;

export function leaseRecord(lease: Lease): LeaseRecord {
  return {
    file_path: lease.path,
    holder_id: lease.holder,
    acquired_at: isoTime(lease.acquiredAt),
    expires_at: isoTime(lease.expiresAt),
  };
}

export function forcedReleaseRecord(forced: ForcedRelease): z.infer<typeof ForcedReleaseRecordSchema> {
  return {
    lease: leaseRecord(forced.lease),
    forced_by: forced.by,
    reason: forced.reason,
    forced_at: isoTime(forced.at),
  };
}

export function lockViewRecord(view: LockView): z.infer<typeof LockViewRecordSchema> {
  return {
    file_path: view.path,
    lease: view.lease === null ? null : leaseRecord(view.lease),
    last_forced: view.lastForced === null ? null : forcedReleaseRecord(view.lastForced),
  };
}
