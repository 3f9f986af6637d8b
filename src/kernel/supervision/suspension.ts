/**
 * Suspension: what happens to a durable top-level actor that fails past its restart
 * intensity. Failure never deletes data, so instead of being stopped for good it is set
 * aside — kept in the store with its state and inbox, not activated, mail to it waiting in
 * its inbox — and resumed after a backoff (or at once by the operator). This module holds
 * the record kept of a suspension and the pure rule for when it ends; the root supervisor
 * (`main/root-supervisor.ts`) decides and carries it out.
 *
 * ```
 *   failures past intensity ──▶ suspended (record in the store, event `actor-suspended`)
 *        ▲                          │ resumeAt reached, or system.resume(id)
 *        └── fails again ◀── resumed: activated, its mail handled (the failing message first)
 * ```
 * The n-th suspension in a row waits `initialMs * factor^(n-1)`, at most `maxMs`; a
 * suspension counts as "in a row" when it comes less than `maxMs` after the last resume.
 */
import type { ErrorRecord } from '../errors.js';
import { backoffDelay } from './backoff.js';
import type { BackoffSpec } from './spec.js';

/** A suspension as the store keeps it (keyed by the actor's id). */
export interface SuspensionRecord {
  /** When it was suspended (epoch ms, the system's clock). */
  readonly since: number;
  /** The last error before it was suspended. */
  readonly reason: ErrorRecord;
  /** The failures that exhausted its restart intensity (those in the window, the last included). */
  readonly failures: number;
  /** When it is resumed on its own (epoch ms). */
  readonly resumeAt: number;
  /** How many suspensions in a row this one is (1 for the first): the backoff step. */
  readonly streak: number;
}

/** A suspended actor, as `system.suspended()` lists it. */
export interface SuspendedActor {
  readonly id: string;
  readonly since: number;
  readonly reason: ErrorRecord;
  readonly failures: number;
  /** When it will be resumed on its own (epoch ms). */
  readonly resumeAt: number;
}

/** The defaults of `createActorSystem({ resumeBackoff })`: 30 s, doubling, at most 10 min. */
export const DEFAULT_RESUME_BACKOFF: BackoffSpec = { initialMs: 30_000, maxMs: 600_000, factor: 2 };

/** The streak of a suspension at `now`, after the actor was last resumed at `resumedAt` with `streak`. */
export function nextStreak(
  backoff: BackoffSpec,
  last: { readonly streak: number; readonly resumedAt: number } | null,
  now: number,
): number {
  if (!last || now - last.resumedAt >= backoff.maxMs) return 1;
  return last.streak + 1;
}

/** The record of a suspension decided at `now`. */
export function createSuspension(
  backoff: BackoffSpec,
  reason: ErrorRecord,
  failures: number,
  streak: number,
  now: number,
): SuspensionRecord {
  return { since: now, reason, failures, streak, resumeAt: now + backoffDelay(backoff, streak) };
}

/** Is a suspension due to end at `now`? */
export function isDue(record: Pick<SuspensionRecord, 'resumeAt'>, now: number): boolean {
  return now >= record.resumeAt;
}
