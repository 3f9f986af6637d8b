/**
 * The file-lock facade: what the MCP tools (and embedding services) call, on the main thread.
 * Each function validates its input (refusals name the field as a client writes it), checks
 * the proven caller, then asks the path's lock actor — or, for the reads, reads the tables.
 *
 *   acquireFileLock(system, caller, { filePath, ttlS?, waitS? }, { detector?, signal?, watch? })
 *   renewFileLock(system, caller, { filePath, ttlS? }, { watch? })
 *   releaseFileLock(system, caller, { filePath }, { watch? })
 *   forceReleaseFileLock(system, caller, { filePath, reason }, { watch? })
 *   checkFileLock(system, { filePath }, caller?)                    public, in the caller's tenant
 *   listFileLocks(system, { holder?, cursor?, limit? }, caller?)     public, a page in path order
 *
 * Who may: an agent takes, renews and releases its own leases; any agent (or the operator)
 * may force a release — it is recorded (`lastForced`) and the former holder is told. A lock
 * actor exists for every path ever locked; a request about a path never locked is answered
 * here (`not_holder`, `not_found`, a free lock) without creating one.
 *
 * Tenants: lock keys are namespaced per tenant (`lockActorId(path, tenant)`): an agent takes,
 * checks and releases the locks of its own tenant, two tenants may each lock the same path,
 * and a list shows only the caller's tenant's leases (the operator's: every tenant's; its
 * check and forced release reach the default tenant's locks).
 */
import { type ActorSystem, type Outcome, refuse, type TableKey } from '../../../src/kernel/index.js';
import { AGENTS_TABLE, type AgentSummary } from '../agents/agent-record.js';
import type { Caller } from '../caller.js';
import { DEFAULT_PAGE } from '../limits.js';
import { decodeCursor, encodeCursor, type Page } from '../page.js';
import { agentTenant, creationTenant, isAgentInScope, tenantScopeOf } from '../tenancy.js';
import { isHolderPresent } from './holder-presence.js';
import {
  type FileLease,
  type ForcedRelease,
  isLive,
  LEASES_BY_HOLDER_TABLE,
  LEASES_TABLE,
  type LockView,
  leaseKey,
  OPERATOR_NAME,
} from './lease.js';
import {
  addressOf,
  callingAgent,
  existingLock,
  type LockCallOptions,
  lockEntry,
  presentAgent,
  systemNow,
} from './lock-access.js';
import {
  type ForceReleaseInput,
  ForceReleaseInputSchema,
  type ListInput,
  ListInputSchema,
  type PathInput,
  PathInputSchema,
  parseInput,
  type RenewInput,
  RenewInputSchema,
} from './lock-input.js';

export { type AcquireOptions, acquireFileLock } from './acquire.js';
export type { LockCallOptions } from './lock-access.js';

/** Extend the caller's lease to `ttlS` from now. */
export async function renewFileLock(
  system: ActorSystem,
  caller: Caller,
  input: RenewInput,
  options: LockCallOptions = {},
): Promise<Outcome<FileLease>> {
  const parsed = parseInput(RenewInputSchema, input);
  if (!parsed.ok) return parsed;
  const agent = callingAgent(caller);
  if (!agent.ok) return agent;
  const present = presentAgent(system, agent.value);
  if (!present.ok) return present;
  const address = addressOf(parsed.value.filePath, agentTenant(system, agent.value));
  const lock = existingLock(system, address);
  if (!lock) return notHolder(agent.value, address.path);
  return lock.ask<Outcome<FileLease>>({
    type: 'renew',
    agentId: agent.value,
    ttlMs: Math.max(1, Math.round(parsed.value.ttlS * 1000)),
    watch: options.watch ?? null,
  });
}

/** Give up the caller's lease; the first waiter gets it. Answers the lease that ended. */
export async function releaseFileLock(
  system: ActorSystem,
  caller: Caller,
  input: PathInput,
  options: LockCallOptions = {},
): Promise<Outcome<FileLease>> {
  const parsed = parseInput(PathInputSchema, input);
  if (!parsed.ok) return parsed;
  const agent = callingAgent(caller);
  if (!agent.ok) return agent;
  const address = addressOf(parsed.value.filePath, agentTenant(system, agent.value));
  const lock = existingLock(system, address);
  if (!lock) return notHolder(agent.value, address.path);
  return lock.ask<Outcome<FileLease>>({
    type: 'release',
    agentId: agent.value,
    watch: options.watch ?? null,
  });
}

/** End whoever's lease is on the path, saying why: recorded, and the former holder is told. */
export async function forceReleaseFileLock(
  system: ActorSystem,
  caller: Caller,
  input: ForceReleaseInput,
  options: LockCallOptions = {},
): Promise<Outcome<ForcedRelease>> {
  const parsed = parseInput(ForceReleaseInputSchema, input);
  if (!parsed.ok) return parsed;
  if (caller.kind === 'anonymous')
    return refuse('unauthorized', 'forcing a release needs an agent identity', 'agent_id');
  const agent = caller.kind === 'agent' ? callingAgent(caller) : null;
  if (agent && !agent.ok) return agent;
  const by = agent ? agent.value : OPERATOR_NAME;
  const address = addressOf(parsed.value.filePath, creationTenant(system, caller));
  const lock = existingLock(system, address);
  if (!lock) return refuse('not_found', `nobody holds "${address.path}"`, 'file_path');
  return lock.ask<Outcome<ForcedRelease>>({
    type: 'force-release',
    by,
    reason: parsed.value.reason,
    watch: options.watch ?? null,
  });
}

/** Who holds the path now in the caller's tenant (null when free), and its last forced release. Public. */
export function checkFileLock(
  system: ActorSystem,
  input: PathInput,
  caller: Caller = OPERATOR,
): Outcome<LockView> {
  const parsed = parseInput(PathInputSchema, input);
  if (!parsed.ok) return parsed;
  const { path, lockId } = addressOf(parsed.value.filePath, creationTenant(system, caller));
  const entry = lockEntry(system, lockId);
  const lease = entry ? (system.table<FileLease>(LEASES_TABLE).get(leaseKey(path, lockId)) ?? null) : null;
  return {
    ok: true,
    value: {
      path,
      lease: isHeld(system, lease, systemNow(system)) ? lease : null,
      lastForced: entry?.lastForced ?? null,
    },
  };
}

/** The live leases in path order, all or one holder's, of the caller's tenant, a page at a time. Public. */
export function listFileLocks(
  system: ActorSystem,
  input: ListInput = {},
  caller: Caller = OPERATOR,
): Outcome<Page<FileLease>> {
  const parsed = parseInput(ListInputSchema, input);
  if (!parsed.ok) return parsed;
  const { holder, cursor } = parsed.value;
  const limit = parsed.value.limit ?? DEFAULT_PAGE;
  let after: TableKey | undefined;
  if (cursor !== undefined) {
    const key = decodeCursor(cursor, 'cursor');
    if (!key.ok) return key;
    if (!isListKey(key.value, holder))
      return refuse('invalid_argument', 'is not a cursor of this list', 'cursor');
    after = key.value;
  }
  const entries =
    holder === undefined
      ? system.table<FileLease>(LEASES_TABLE).range({ after, limit: limit + 1 })
      : system.table<FileLease>(LEASES_BY_HOLDER_TABLE).range({ prefix: [holder], after, limit: limit + 1 });
  const shown = entries.slice(0, limit);
  const now = systemNow(system);
  const last = shown[shown.length - 1];
  // A lease's tenant is its holder's (a lock of a tenant is held only by an agent of it).
  const scope = tenantScopeOf(system, caller);
  return {
    ok: true,
    value: {
      items: shown
        .filter(
          (entry) => isHeld(system, entry.value, now) && isAgentInScope(system, scope, entry.value.holder),
        )
        .map((entry) => entry.value),
      next_cursor: entries.length > limit && last ? encodeCursor(last.key) : null,
    },
  };
}

/** Live, and its holder still there (its lock actor ends it at its next turn otherwise). */
function isHeld(system: ActorSystem, lease: FileLease | null, now: number): lease is FileLease {
  return isLive(lease, now) && isHolderPresent(system.table<AgentSummary>(AGENTS_TABLE), lease.holder);
}

/** A key of `leases` ([head, lockId]) or, for a holder's list, of `leases-by-holder` ([holder, head, lockId]). */
function isListKey(key: TableKey, holder: string | undefined): boolean {
  const strings = key.every((part) => typeof part === 'string');
  return holder === undefined
    ? strings && key.length === 2
    : strings && key.length === 3 && key[0] === holder;
}

const OPERATOR: Caller = Object.freeze({ kind: 'operator' });

function notHolder(agentId: string, path: string): Outcome<never> {
  return refuse('not_holder', `"${agentId}" holds no lease on "${path}"`, 'file_path');
}
