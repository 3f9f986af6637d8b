/**
 * The file-lock tools: `acquire_file_lock`, `renew_file_lock`, `release_file_lock`,
 * `force_release_file_lock`, `check_file_lock`, `list_file_locks` — onto the lock facade
 * (`actors/coordination/locks/`: a durable lock actor per path). Seed 003 names the path
 * `file_path`; troupe's earlier name `path` is still accepted. Taking, renewing and releasing
 * a lease acts for the calling agent (proven once per MCP session); who holds what is public.
 */
import { z } from 'zod';
import type { LocksChanged } from '../../../actors/coordination/change-events.js';
import type { ChangeWatchMsg } from '../../../actors/coordination/change-watch.js';
import {
  acquireFileLock,
  checkFileLock,
  DEFAULT_LEASE_S,
  type FileLease,
  forceReleaseFileLock,
  listFileLocks,
  MAX_LEASE_S,
  MAX_WAIT_S,
  releaseFileLock,
  renewFileLock,
} from '../../../actors/coordination/locks/index.js';
import type { DeadlockDetector } from '../../../actors/supervisors/deadlock/index.js';
import { type ActorRef, type ActorSystem, type Outcome, refuse } from '../../kernel/index.js';
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
import { failure, success } from '../tool-result.js';

const Id = z.string().min(1).max(512);
const Path = z.string().min(1).max(4096);
const PathFields = {
  file_path: Path.optional().describe('the file to lock (required; seed 003 name)'),
  path: Path.optional().describe('the same as file_path (troupe’s earlier name)'),
};
const TtlS = z
  .number()
  .positive()
  .max(MAX_LEASE_S)
  .optional()
  .describe(`seconds the lease lasts (default ${DEFAULT_LEASE_S})`);
const Acting = { agent_id: Id, agent_token: z.string().optional(), session_id: Id.optional() };
const leased = { lease: LeaseRecordSchema };
const withLease = (lease: FileLease) => ({ lease: leaseRecord(lease) });

/** What the lock tools need besides the system: where waits are reported and where lease changes go. */
export interface LockToolsContext {
  readonly system: ActorSystem;
  readonly detector?: DeadlockDetector | undefined;
  readonly watch?: ActorRef<ChangeWatchMsg> | undefined;
}

/** `file_path`, or its older name `path`; exactly one of them. */
function filePathOf(args: {
  readonly file_path?: string | undefined;
  readonly path?: string | undefined;
}): Outcome<string> {
  if (args.file_path !== undefined && args.path !== undefined && args.file_path !== args.path)
    return refuse(
      'invalid_argument',
      'give file_path or path (its older name), not two different paths',
      'path',
    );
  const path = args.file_path ?? args.path;
  return path === undefined
    ? refuse('invalid_argument', 'file_path is required', 'file_path')
    : { ok: true, value: path };
}

/** `{ [key]: value }` when the caller gave it, `{}` when not (the facade's default applies). */
function seconds<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: number });
}

function answer<T>(outcome: Outcome<T>, shape: (value: T) => Record<string, unknown>) {
  return outcome.ok ? success(shape(outcome.value)) : failure(outcome.error);
}

export function registerLockTools(tools: ToolRegistry, context: LockToolsContext): void {
  const { system, detector, watch } = context;
  const options = watch ? { watch: system.refOf<LocksChanged>(watch.id) } : {};
  const handledBy = 'lock:<sha256(path)>';
  /** Answer with `act`'s outcome for the path the call named, or the refusal of a missing path. */
  const withPath = async <T>(
    args: { readonly file_path?: string | undefined; readonly path?: string | undefined },
    act: (filePath: string) => Outcome<T> | Promise<Outcome<T>>,
    shape: (value: T) => Record<string, unknown>,
  ) => {
    const path = filePathOf(args);
    if (!path.ok) return failure(path.error);
    const outcome = await act(path.value);
    // A refusal names the path as the caller did: `path` for a caller of troupe's earlier name.
    const usedAlias = args.file_path === undefined && args.path !== undefined;
    if (!outcome.ok && usedAlias && outcome.error.field === 'file_path')
      return failure({ ...outcome.error, field: 'path' });
    return answer(outcome, shape);
  };

  tools.register(
    'acquire_file_lock',
    {
      description: `Lock a file for exclusive access (seed 003: agent_id, file_path). The lease lasts ttl_s (default ${DEFAULT_LEASE_S}); acquiring again renews it. Held by another agent → wait up to wait_s (default 0, at most ${MAX_WAIT_S}) for it, else refused "locked"; a wait that would close a cycle of agents waiting on each other is refused "deadlock" naming them.`,
      inputSchema: {
        ...PathFields,
        ttl_s: TtlS,
        wait_s: z
          .number()
          .min(0)
          .max(MAX_WAIT_S)
          .optional()
          .describe('seconds to wait for a held lock (default 0)'),
        ...Acting,
      },
      outputSchema: leased,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
      caller: 'agent_id',
    },
    (args, call) =>
      withPath(
        args,
        (filePath) =>
          acquireFileLock(
            system,
            call.caller,
            { filePath, ...seconds('ttlS', args.ttl_s), ...seconds('waitS', args.wait_s) },
            { ...options, signal: call.signal, ...(detector ? { detector } : {}) },
          ),
        withLease,
      ),
  );
  tools.register(
    'renew_file_lock',
    {
      description: 'Extend a lease the calling agent holds to ttl_s from now.',
      inputSchema: { ...PathFields, ttl_s: TtlS, ...Acting },
      outputSchema: leased,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
      caller: 'agent_id',
    },
    (args, call) =>
      withPath(
        args,
        (filePath) =>
          renewFileLock(system, call.caller, { filePath, ...seconds('ttlS', args.ttl_s) }, options),
        withLease,
      ),
  );
  tools.register(
    'release_file_lock',
    {
      description:
        'Release a lock the calling agent holds (seed 003: agent_id, file_path); the first waiter gets it.',
      inputSchema: { ...PathFields, ...Acting },
      outputSchema: leased,
      annotations: changes({ destructive: true, idempotent: false }),
      handledBy,
      caller: 'agent_id',
    },
    (args, call) =>
      withPath(args, (filePath) => releaseFileLock(system, call.caller, { filePath }, options), withLease),
  );
  tools.register(
    'force_release_file_lock',
    {
      description:
        "End another agent's lease, saying why: who forced it and why are recorded (check_file_lock shows it) and the former holder is told.",
      inputSchema: { ...PathFields, reason: z.string().min(1).max(65_536), ...Acting },
      outputSchema: { released: ForcedReleaseRecordSchema },
      annotations: changes({ destructive: true, idempotent: false }),
      handledBy,
      caller: 'agent_id',
    },
    (args, call) =>
      withPath(
        args,
        (filePath) => forceReleaseFileLock(system, call.caller, { filePath, reason: args.reason }, options),
        (released) => ({ released: forcedReleaseRecord(released) }),
      ),
  );
  tools.register(
    'check_file_lock',
    {
      description:
        'Check if a file is locked (seed 003: file_path): the live lease and its holder, or null; and the last forced release.',
      inputSchema: { ...PathFields },
      outputSchema: LockViewRecordSchema.shape,
      annotations: READS,
      handledBy,
    },
    (args, call) =>
      withPath(args, (filePath) => checkFileLock(system, { filePath }, call.caller), lockViewRecord),
  );
  tools.register(
    'list_file_locks',
    {
      description: 'The live leases in path order, all or one holder’s, a page at a time (next_cursor).',
      inputSchema: {
        holder: Id.optional(),
        cursor: z.string().max(8192).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      },
      outputSchema: { leases: z.array(LeaseRecordSchema), next_cursor: z.string().nullable() },
      annotations: READS,
      handledBy,
    },
    (args, call) =>
      answer(
        listFileLocks(
          system,
          {
            ...(args.holder === undefined ? {} : { holder: args.holder }),
            ...(args.cursor === undefined ? {} : { cursor: args.cursor }),
            ...(args.limit === undefined ? {} : { limit: args.limit }),
          },
          call.caller,
        ),
        (page) => ({ leases: page.items.map(leaseRecord), next_cursor: page.next_cursor }),
      ),
  );
}
