/**
 * The file-lock tools: `acquire_file_lock`, `renew_file_lock`, `release_file_lock`,
 * `force_release_file_lock`, `check_file_lock`, `list_file_locks` — messages to the
 * `LockTable`, which keeps the leases.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
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
import { answerer, failure, OrchestrationSchema, orchestration, success } from '../tool-result.js';

const Id = z.string().min(1).max(512);
const Path = z.string().min(1).max(4096);
const TtlS = z.number().positive().max(86_400).default(DEFAULT_LEASE_S);
const WaitS = z.number().min(0).max(3_600).default(0);
const LeaseSchema = z.object({
  path: z.string(),
  holder: z.string(),
  acquiredAt: z.number(),
  expiresAt: z.number(),
});
const ForcedSchema = z.object({ lease: LeaseSchema, by: z.string(), reason: z.string(), at: z.number() });
const Caller = { agent_id: Id, agent_token: z.string(), session_id: Id.optional() };
const leased = { lease: LeaseSchema, orchestration: OrchestrationSchema };

/** `detector`: where lock waits are reported (the system's deadlock detector). */
export function registerLockTools(
  server: McpServer,
  table: ActorRef<LockMsg>,
  detector: DeadlockDetector | undefined,
): void {
  const answer = answerer(table);
  const by = table.id;
  const withLease = (args: { agent_id: string; session_id?: string }) => (lease: Lease) => ({
    lease,
    orchestration: orchestration(by, args),
  });
  server.registerTool(
    'acquire_file_lock',
    {
      description: `Take an exclusive lease on a path (ttl_s, default ${DEFAULT_LEASE_S}); held by another agent → wait up to wait_s (default 0) for it, then locked; a wait that would close a cycle of agents → deadlock. Acquiring again renews.`,
      inputSchema: { path: Path, ttl_s: TtlS, wait_s: WaitS, ...Caller },
      outputSchema: leased,
      annotations: changes({ destructive: false, idempotent: true }),
    },
    async (args, extra) => {
      const outcome = await acquireLock(
        table,
        {
          signal: extra.signal,
          path: args.path,
          ttlS: args.ttl_s,
          waitS: args.wait_s,
          agentId: args.agent_id,
          token: args.agent_token,
        },
        detector,
      );
      return outcome.ok ? success(withLease(args)(outcome.value)) : failure(outcome.error);
    },
  );
  server.registerTool(
    'renew_file_lock',
    {
      description: 'Extend a lease the agent holds by ttl_s from now.',
      inputSchema: { path: Path, ttl_s: TtlS, ...Caller },
      outputSchema: leased,
      annotations: changes({ destructive: false, idempotent: true }),
    },
    (args) =>
      answer(
        { type: 'renew', path: args.path, ttlS: args.ttl_s, agentId: args.agent_id, token: args.agent_token },
        withLease(args),
      ),
  );
  server.registerTool(
    'release_file_lock',
    {
      description: 'Give up a lease the agent holds.',
      inputSchema: { path: Path, ...Caller },
      outputSchema: leased,
      annotations: changes({ destructive: true, idempotent: false }),
    },
    (args) =>
      answer(
        { type: 'release', path: args.path, agentId: args.agent_id, token: args.agent_token },
        withLease(args),
      ),
  );
  server.registerTool(
    'force_release_file_lock',
    {
      description:
        "End another agent's lease; who and why are recorded and the holder gets an urgent message.",
      inputSchema: { path: Path, reason: z.string().min(1), ...Caller },
      outputSchema: { released: ForcedSchema, orchestration: OrchestrationSchema },
      annotations: changes({ destructive: true, idempotent: false }),
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
        (released) => ({ released, orchestration: orchestration(by, args) }),
      ),
  );
  server.registerTool(
    'check_file_lock',
    {
      description: 'Who holds a path now (null when free), and its last forced release.',
      inputSchema: { path: Path },
      outputSchema: { path: z.string(), lease: LeaseSchema.nullable(), lastForced: ForcedSchema.nullable() },
      annotations: READS,
    },
    (args) => answer<LockView>({ type: 'check', path: args.path }, (view) => ({ ...view })),
  );
  server.registerTool(
    'list_file_locks',
    {
      description: 'The live leases, all or one holder’s.',
      inputSchema: { holder: Id.optional() },
      outputSchema: { leases: z.array(LeaseSchema) },
      annotations: READS,
    },
    (args) => answer<Lease[]>({ type: 'list', holder: args.holder }, (leases) => ({ leases })),
  );
}
