/**
 * The file-lock tools: `acquire_file_lock`, `renew_file_lock`, `release_file_lock`,
 * `force_release_file_lock`, `check_file_lock`, `list_file_locks` — messages to the
 * `LockTable`, which keeps the leases.
 */
import { z } from 'zod';
import { acquireLock } from '../../../actors/coordination/acquire-lock.js';
import {
  DEFAULT_LEASE_S,
  type ForcedRelease,
  type Lease,
  type LockMsg,
  type LockView,
} from '../../../actors/coordination/locks.js';
import type { DeadlockDetector } from '../../../actors/supervisors/deadlock/index.js';
import type { ActorRef } from '../../kernel/index.js';
import { changes, READS } from '../annotations.js';
import {
  ForcedReleaseRecordSchema,
  forcedReleaseRecord,
  LeaseRecordSchema,
  LockViewRecordSchema,
  leaseRecord,
  lockViewRecord,
} from '../records/index.js';
import type { ToolRegistry } from '../tool-registry.js';
import { answerer, failure, success } from '../tool-result.js';

const Id = z.string().min(1).max(512);
const Path = z.string().min(1).max(4096);
const TtlS = z.number().positive().max(86_400).default(DEFAULT_LEASE_S);
const WaitS = z.number().min(0).max(3_600).default(0);
const Caller = { agent_id: Id, agent_token: z.string(), session_id: Id.optional() };
const leased = { lease: LeaseRecordSchema };
const withLease = (lease: Lease) => ({ lease: leaseRecord(lease) });

/** `detector`: where lock waits are reported (the system's deadlock detector). */
export function registerLockTools(
  tools: ToolRegistry,
  table: ActorRef<LockMsg>,
  detector: DeadlockDetector | undefined,
): void {
  const answer = answerer(table);
  const handledBy = table.id;
  tools.register(
    'acquire_file_lock',
    {
      description: `Take an exclusive lease on a path (ttl_s, default ${DEFAULT_LEASE_S}); held by another agent → wait up to wait_s (default 0) for it, then locked; a wait that would close a cycle of agents → deadlock. Acquiring again renews.`,
      inputSchema: { path: Path, ttl_s: TtlS, wait_s: WaitS, ...Caller },
      outputSchema: leased,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
      caller: 'agent_id',
    },
    async (args, call) => {
      const outcome = await acquireLock(
        table,
        {
          signal: call.signal,
          path: args.path,
          ttlS: args.ttl_s,
          waitS: args.wait_s,
          agentId: args.agent_id,
          token: args.agent_token,
        },
        detector,
      );
      return outcome.ok ? success(withLease(outcome.value)) : failure(outcome.error);
    },
  );
  tools.register(
    'renew_file_lock',
    {
      description: 'Extend a lease the agent holds by ttl_s from now.',
      inputSchema: { path: Path, ttl_s: TtlS, ...Caller },
      outputSchema: leased,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer(
        { type: 'renew', path: args.path, ttlS: args.ttl_s, agentId: args.agent_id, token: args.agent_token },
        withLease,
      ),
  );
  tools.register(
    'release_file_lock',
    {
      description: 'Give up a lease the agent holds.',
      inputSchema: { path: Path, ...Caller },
      outputSchema: leased,
      annotations: changes({ destructive: true, idempotent: false }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer(
        { type: 'release', path: args.path, agentId: args.agent_id, token: args.agent_token },
        withLease,
      ),
  );
  tools.register(
    'force_release_file_lock',
    {
      description:
        "End another agent's lease; who and why are recorded and the holder gets an urgent message.",
      inputSchema: { path: Path, reason: z.string().min(1), ...Caller },
      outputSchema: { released: ForcedReleaseRecordSchema },
      annotations: changes({ destructive: true, idempotent: false }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer<ForcedRelease>(
        {
          type: 'force-release',
          path: args.path,
          reason: args.reason,
          agentId: args.agent_id,
          token: args.agent_token,
        },
        (released) => ({ released: forcedReleaseRecord(released) }),
      ),
  );
  tools.register(
    'check_file_lock',
    {
      description: 'Who holds a path now (null when free), and its last forced release.',
      inputSchema: { path: Path },
      outputSchema: LockViewRecordSchema.shape,
      annotations: READS,
      handledBy,
    },
    (args) => answer<LockView>({ type: 'check', path: args.path }, lockViewRecord),
  );
  tools.register(
    'list_file_locks',
    {
      description: 'The live leases, all or one holder’s.',
      inputSchema: { holder: Id.optional() },
      outputSchema: { leases: z.array(LeaseRecordSchema) },
      annotations: READS,
      handledBy,
    },
    (args) =>
      answer<Lease[]>({ type: 'list', holder: args.holder }, (leases) => ({
        leases: leases.map(leaseRecord),
      })),
  );
}
