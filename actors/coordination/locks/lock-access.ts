/**
 * What the lock facade reads and checks on the main thread before it asks a lock actor: the
 * caller's standing (an agent, registered, not offline — from the `agents` table the agent
 * actors write), the system clock, and the lock actor of a path (found through the `locks`
 * table, spawned only by a request that may take a lease). It owns no rule about leases.
 */
import {
  type ActorRef,
  type ActorSystem,
  ensureActor,
  ManualClock,
  type Outcome,
  refuse,
} from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import type { LocksChanged } from '../change-events.js';
import { isId, lockActorId, normalizeLockPath } from '../ids.js';
import { LOCKS_TABLE, type LockEntry } from './lease.js';
import { LockActor } from './lock-actor.js';
import type { LockMsg } from './lock-messages.js';

/** The agents' public summaries (written by the agent actors): only `status` is read here. */
const AGENTS_TABLE = 'agents';

/** What every lock request may carry besides its input. */
export interface LockCallOptions {
  /** Where lease changes are pushed (the coordination's change watch, topic `locks`). */
  readonly watch?: ActorRef<LocksChanged>;
}

/** The system clock's time on the main thread (what `ctx.now()` reads in the actors). */
export function systemNow(system: ActorSystem): number {
  const source = system.options.clock;
  return source.kind === 'system' ? Date.now() : new ManualClock(source.buffer).now();
}

/** The agent the caller proved to be, or a refusal: an anonymous caller is `unauthorized`; the operator holds no leases. */
export function callingAgent(caller: Caller): Outcome<string> {
  switch (caller.kind) {
    case 'agent':
      // Proven by the adapter, so valid; checked all the same, as it becomes a table key.
      return isId(caller.agentId)
        ? { ok: true, value: caller.agentId }
        : refuse('invalid_argument', 'agent_id is not a valid agent id', 'agent_id');
    case 'anonymous':
      return refuse('unauthorized', 'taking or giving up a lease needs an agent identity', 'agent_id');
    case 'operator':
      return refuse('forbidden', 'only an agent holds leases: the operator may force a release', 'agent_id');
  }
}

/** The agent as the `agents` table shows it: `unknown_agent` if it is not registered, `agent_offline` if offline. */
export function presentAgent(system: ActorSystem, agentId: string): Outcome<string> {
  const summary = system.table<{ readonly status?: unknown }>(AGENTS_TABLE).get([agentId]);
  if (summary === undefined)
    return refuse('unknown_agent', `no agent "${agentId}" is registered`, 'agent_id');
  if (summary.status === 'offline')
    return refuse(
      'agent_offline',
      `"${agentId}" is offline; a heartbeat makes it available again`,
      'agent_id',
    );
  return { ok: true, value: agentId };
}

/** A path as its lock knows it, with the lock actor's id. */
export interface LockAddress {
  readonly path: string;
  readonly lockId: string;
}

/** The lock of `filePath` in `tenantId` (lock keys are namespaced per tenant: `../ids.ts`). */
export function addressOf(filePath: string, tenantId: string | null): LockAddress {
  return { path: normalizeLockPath(filePath), lockId: lockActorId(filePath, tenantId) };
}

/** The lock's public entry, if its actor exists. */
export function lockEntry(system: ActorSystem, lockId: string): LockEntry | undefined {
  return system.table<LockEntry>(LOCKS_TABLE).get([lockId]);
}

/** The lock actor of a path that was locked before, or `null` (nothing is created). */
export function existingLock(system: ActorSystem, address: LockAddress): ActorRef<LockMsg> | null {
  return lockEntry(system, address.lockId) === undefined ? null : system.refOf<LockMsg>(address.lockId);
}

/** The lock actor of a path, spawned on its first request. */
export async function lockFor(system: ActorSystem, address: LockAddress): Promise<ActorRef<LockMsg>> {
  return (
    existingLock(system, address) ??
    (await ensureActor(system, LockActor, address.lockId, { path: address.path }))
  );
}
