/**
 * What a lock actor receives and answers, and what it tells others: the agent actor of a
 * holder (`lease-granted`, the forced-release `notice`) and the change watch (`locks-changed`).
 * Plain data declared in one place; the behaviour is `lock-actor.ts` / `lock-turn.ts`.
 *
 * ```
 *   facade ──acquire/renew/release/force-release/cancel-wait──▶ lock:<sha> ──lease-granted, notice──▶ agent:<holder>
 *   agent:<id> ──holder-gone──▶ lock:<sha>                           └──locks-changed──▶ change-watch
 * ```
 */
import type { ActorRef, Refusal } from '../../../src/kernel/index.js';
import type { LocksChanged } from '../change-events.js';
import type { FileLease, ForcedRelease } from './lease.js';

/**
 * From an agent actor: `agentId` went offline or was deregistered, so every lease it holds
 * ends at once (its actor reads `leases-by-holder` [agentId] and tells each lock). The shape
 * `actors/coordination/agents/presence-news.ts` defines; kept here until that lands.
 */
export interface HolderGone {
  readonly type: 'holder-gone';
  readonly agentId: string;
  readonly reason: 'offline' | 'deregistered';
}

/**
 * To the holder's agent actor, whenever a lease is granted (not renewed): an agent that is
 * offline by then answers with `holder-gone` to `lock`, which closes the race between its
 * going offline and a grant in flight.
 */
export interface LeaseGranted {
  readonly type: 'lease-granted';
  readonly path: string;
  readonly expiresAt: number;
  /** The lock actor, to answer with `holder-gone` without deriving its id. */
  readonly lock: ActorRef<LockMsg>;
  /** Its id (a tenant's lock ids are not derived from the path alone). */
  readonly lockId: string;
}

/** What the former holder of a forcibly released lease is told (an urgent notice). */
export interface ForceReleasedNotice {
  readonly event: 'file_lock_force_released';
  readonly path: string;
  readonly by: string;
  readonly reason: string;
  readonly at: number;
}

/**
 * To the former holder's agent actor. Phase B routes it through the messaging facade (an
 * urgent message in its inbox); for now the agent actor takes it as it is.
 */
export interface LockNotice {
  readonly type: 'notice';
  readonly from: string;
  readonly content: ForceReleasedNotice;
}

/** What a lock actor tells an agent actor. */
export type AgentNews = LeaseGranted | LockNotice;

/** A request that may wait: park behind `behind` (the holder the caller reported a wait on) until `until`. */
export interface Park {
  readonly behind: string;
  /** Epoch ms (the system clock) at which the wait is answered `timeout`. */
  readonly until: number;
  /** When the call first parked: waiters are served in this order, re-parking keeps its place. */
  readonly queuedAt: number;
}

/** What the facade sends along so the actor can push changes (stored, for timer turns). */
interface Pushes {
  readonly watch: ActorRef<LocksChanged> | null;
}

export type LockMsg =
  /** Ask → {@link AcquireAnswer}. Held by the caller already: renewed. */
  | ({
      readonly type: 'acquire';
      readonly agentId: string;
      readonly agent: ActorRef<AgentNews>;
      readonly ttlMs: number;
      /** Names this call: its wait, and the lease it was granted (for `cancel-wait`). */
      readonly ticket: string;
      readonly park: Park | null;
    } & Pushes)
  /** Ask → `Outcome<FileLease>`; holder only. */
  | ({ readonly type: 'renew'; readonly agentId: string; readonly ttlMs: number } & Pushes)
  /** Ask → `Outcome<FileLease>` (the lease that ended); holder only. */
  | ({ readonly type: 'release'; readonly agentId: string } & Pushes)
  /** Ask → `Outcome<ForcedRelease>`. */
  | ({ readonly type: 'force-release'; readonly by: string; readonly reason: string } & Pushes)
  /** Tell: the call gave up — drop its wait, and end a lease it was newly granted. */
  | { readonly type: 'cancel-wait'; readonly ticket: string }
  | HolderGone
  /** Timer: the lease's expiry. */
  | { readonly type: 'expire' }
  /** Timer: a parked wait's deadline. */
  | { readonly type: 'wait-timeout'; readonly ticket: string };

/** The answer to `acquire`. */
export type AcquireAnswer =
  | { readonly kind: 'granted'; readonly lease: FileLease }
  /** Another agent holds it (not the one the caller parked behind, or the caller did not park). */
  | { readonly kind: 'held'; readonly holder: string; readonly expiresAt: number }
  /** The parked wait reached its deadline. */
  | { readonly kind: 'timeout'; readonly holder: string | null; readonly expiresAt: number | null }
  /** Ask again: this wait was parked by an earlier incarnation of the actor's thread. */
  | { readonly kind: 'retry' }
  | { readonly kind: 'refused'; readonly error: Refusal };

export type { FileLease, ForcedRelease };
