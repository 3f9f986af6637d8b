/**
 * The gateway's `lock_argument` leases, taken through troupe's lock facade
 * (`actors/coordination/locks/`): the `acquireLease` hook `startGateway` takes
 * (`actors/gateway/embedding/lease-bridge.ts`), so that a proxied call to such a tool holds
 * the same lease `acquire_file_lock` gives — listed by `list_file_locks`, checked by
 * `check_file_lock`, waited on in the lock's queue with the wait reported to the deadlock
 * detector, and released when the call is over.
 *
 * ```
 *  files__write_file(path=P, agent_id=A) ─▶ directory ─▶ bridge ─▶ acquireFileLock(A, P, wait_s)
 *        held by B: waits up to the server's lock_wait_s, then `locked` (0: `locked` at once)
 *        a cycle of waits: `deadlock`          the call ─▶ releaseFileLock(A, P)
 * ```
 *
 * A lease is an agent's: a call by an agent that already holds the path (its own
 * `acquire_file_lock`) runs under that lease and leaves it held. A call that names no proven agent is refused `unauthorized`
 * (field `agent_id`) — the config asked for the tool to be locked, so it is never called
 * unlocked. It owns the adaptation, not the lease rules (the lock actor's).
 */
import { agentCaller } from '../../../actors/coordination/caller.js';
import type { LocksChanged } from '../../../actors/coordination/change-events.js';
import { acquireFileLock, checkFileLock, releaseFileLock } from '../../../actors/coordination/locks/index.js';
import type { AcquireLease } from '../../../actors/gateway/embedding/lease-bridge.js';
import type { DeadlockDetector } from '../../../actors/supervisors/deadlock/index.js';
import { type ActorRef, type ActorSystem, RefusedError, TroupeError } from '../../kernel/index.js';

export interface LockLeaseOptions {
  readonly system: ActorSystem;
  /** Where a waiting call's edge is reported, so that a cycle of agents and tools is broken. */
  readonly detector?: DeadlockDetector;
  /** Where lease changes are pushed (`troupe://locks` subscribers hear them). */
  readonly watch?: ActorRef<LocksChanged>;
}

/** A lease outlives no call: it is released when the call ends; this only bounds a lost release. */
const CALL_LEASE_S = 300;

export function createLockLeases(options: LockLeaseOptions): AcquireLease {
  const { system, detector, watch } = options;
  const pushTo = watch ? { watch } : {};
  return async (path, agentId, { waitMs, anonymous }) => {
    if (anonymous)
      throw new TroupeError(
        'unauthorized',
        `this tool takes troupe's lease on "${path}" for the call: give the agent_id of an agent this session registered (or proved with its token)`,
        { field: 'agent_id' },
      );
    const caller = agentCaller(agentId);
    // A lease the agent took itself (acquire_file_lock) stays after the call: only renewed by it.
    const before = checkFileLock(system, { filePath: path }, caller);
    const alreadyHeld = before.ok && before.value.lease?.holder === agentId;
    const taken = await acquireFileLock(
      system,
      caller,
      { filePath: path, ttlS: CALL_LEASE_S, waitS: waitMs / 1000 },
      { ...pushTo, ...(detector ? { detector } : {}) },
    );
    if (!taken.ok) throw new RefusedError(taken.error);
    if (alreadyHeld) return () => {};
    return async () => {
      await releaseFileLock(system, caller, { filePath: path }, pushTo);
    };
  };
}
