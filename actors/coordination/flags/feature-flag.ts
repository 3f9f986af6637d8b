/**
 * A feature flag (seed 004: `name`, `enabled`, `rolloutPercentage`, `description`) and the
 * pure rule that decides it for one subject — an agent or a user id:
 *
 *   disabled                      → false for everyone
 *   enabled, rollout 100          → true for everyone
 *   enabled, rollout p (0 ≤ p < 100)
 *                                 → true when the subject's bucket (0–9,999) is below p × 100
 *
 * The bucket is the first 32 bits of SHA-256(name, subject) modulo 10,000: the same subject
 * always gets the same answer for a flag (raising the percentage only adds subjects), the
 * subjects are spread evenly (the share that gets `true` follows the percentage), and
 * different flags split the subjects differently. Without a subject only 0 and 100 decide.
 *
 * Stored in the `feature-flags` table [name] → FeatureFlag, written by the flags actor
 * (`flags-actor.ts`). Not here: who may change a flag (the adapter's permission check).
 */
import { createHash } from 'node:crypto';

export const FLAGS_TABLE = 'feature-flags';
/** Flag names: letters, digits, `_`, `-`, `.`, `:`, 1 to 128 of them (seed 004 writes SCREAMING_SNAKE_CASE). */
export const FLAG_NAME = /^[A-Za-z0-9_.:-]{1,128}$/;
export const MAX_FLAGS = 1_000;
export const MAX_DESCRIPTION_CHARS = 1_000;
const BUCKETS = 10_000;

export interface FeatureFlag {
  readonly name: string;
  readonly enabled: boolean;
  /** 0 to 100 (fractions allowed, to 0.01): the share of subjects that get `true`. */
  readonly rolloutPercentage: number;
  readonly description: string;
  readonly updatedAt: number;
  /** Who set it last: an agent id, `operator`, or `config`. */
  readonly updatedBy: string;
}

/** Why a subject got the answer it got. */
export type FlagReason =
  | 'unknown_flag'
  | 'disabled'
  | 'full_rollout'
  | 'no_rollout'
  | 'in_rollout'
  | 'outside_rollout'
  | 'no_subject';

export interface FlagDecision {
  readonly enabled: boolean;
  readonly reason: FlagReason;
  /** The subject's bucket, 0–9,999, when a partial rollout looked at one. */
  readonly bucket: number | null;
}

/** The subject's bucket for `flag`: 0 to 9,999, the same for the same pair for ever. */
export function rolloutBucket(flag: string, subject: string): number {
  const digest = createHash('sha256').update(flag).update('\u0000').update(subject).digest();
  return digest.readUInt32BE(0) % BUCKETS;
}

/** Is `flag` on for `subject` (null: no subject known)? */
export function decideFlag(flag: FeatureFlag | undefined, subject: string | null): FlagDecision {
  if (!flag) return { enabled: false, reason: 'unknown_flag', bucket: null };
  if (!flag.enabled) return { enabled: false, reason: 'disabled', bucket: null };
  if (flag.rolloutPercentage >= 100) return { enabled: true, reason: 'full_rollout', bucket: null };
  if (flag.rolloutPercentage <= 0) return { enabled: false, reason: 'no_rollout', bucket: null };
  if (subject === null) return { enabled: false, reason: 'no_subject', bucket: null };
  const bucket = rolloutBucket(flag.name, subject);
  const inside = bucket < Math.round(flag.rolloutPercentage * (BUCKETS / 100));
  return { enabled: inside, reason: inside ? 'in_rollout' : 'outside_rollout', bucket };
}
