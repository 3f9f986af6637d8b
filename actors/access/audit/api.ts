/**
 * The audit log's facade: `startAuditLog` spawns (or finds) the `audit` actor and sets its
 * retention; `AuditLog.append` hands it events in batches — the calls that arrive while a
 * batch is being committed wait together for the next one (group commit), and each append
 * resolves once its batch is committed; `queryAuditEvents` reads the committed tables on the
 * main thread, filtered by agent, action and time, newest last, in pages with a cursor.
 */
import { z } from 'zod';
import {
  type ActorRef,
  type ActorSystem,
  ensureActor,
  type Outcome,
  refuse,
} from '../../../src/kernel/index.js';
import { IdSchema } from '../../coordination/ids.js';
import { decodeCursor, encodeCursor } from '../../coordination/page.js';
import { EVERY_TENANT, isInScope, type TenantScope } from '../../coordination/tenancy.js';
import { AUDIT_ACTOR_ID, AuditActor, type AuditMsg } from './audit-actor.js';
import {
  AUDIT_BY_ACTION_TABLE,
  AUDIT_BY_AGENT_TABLE,
  AUDIT_EVENTS_TABLE,
  type AuditEntry,
  type AuditEvent,
} from './audit-event.js';

/** Events per batch message, at most (a larger backlog goes in several). */
export const MAX_AUDIT_BATCH = 256;
export const DEFAULT_AUDIT_PAGE = 100;
export const MAX_AUDIT_PAGE = 1_000;
/** Index entries looked at per query page, at most: a sparse filter answers with a cursor to go on. */
const MAX_SCANNED = 10_000;

export class AuditLog {
  #queue: { entry: AuditEntry; done: (error?: unknown) => void }[] = [];
  #flushing: Promise<void> | null = null;

  constructor(
    readonly system: ActorSystem,
    private readonly actor: ActorRef<AuditMsg>,
  ) {}

  /** Append one event; resolves once it is committed. */
  append(entry: AuditEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ entry, done: (error) => (error === undefined ? resolve() : reject(error)) });
      this.#flushing ??= this.#flush();
    });
  }

  /** Resolves once everything appended so far is committed. */
  async settled(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_AUDIT_BATCH);
      try {
        await this.actor.ask({ type: 'append', entries: batch.map((item) => item.entry) });
        for (const item of batch) item.done();
      } catch (error) {
        for (const item of batch) item.done(error);
      }
    }
    this.#flushing = null;
  }
}

/** The audit log of `system`, keeping events `retentionMs` (null: for ever). */
export async function startAuditLog(system: ActorSystem, retentionMs: number | null): Promise<AuditLog> {
  const actor = await ensureActor(system, AuditActor, AUDIT_ACTOR_ID);
  await actor.ask({ type: 'retain', retentionMs });
  return new AuditLog(system, actor);
}

export const AuditQuerySchema = z
  .object({
    agentId: IdSchema.optional(),
    action: z.string().min(1).max(256).optional(),
    start: z.number().int().nonnegative().optional(),
    end: z.number().int().nonnegative().optional(),
    limit: z.number().int().positive().max(MAX_AUDIT_PAGE).optional(),
    cursor: z.string().max(4_096).optional(),
  })
  .strict();
export type AuditQuery = z.input<typeof AuditQuerySchema>;

export interface AuditPage {
  readonly events: readonly AuditEvent[];
  /** Where the next page starts; null when there is no more. */
  readonly nextCursor: string | null;
}

/**
 * Committed audit events that match, oldest first — of `scope`'s tenant (default: every
 * tenant's, as the operator reads them): an event is its caller's tenant's.
 */
export function queryAuditEvents(
  system: ActorSystem,
  input: AuditQuery,
  scope: TenantScope = EVERY_TENANT,
): Outcome<AuditPage> {
  const parsed = AuditQuerySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'input';
    return refuse('invalid_argument', `${field} ${issue?.message ?? 'is invalid'}`, field);
  }
  const {
    agentId,
    action,
    start = 0,
    end = Number.MAX_SAFE_INTEGER,
    limit = DEFAULT_AUDIT_PAGE,
  } = parsed.data;
  if (end < start) return refuse('invalid_argument', 'end must not be before start', 'end');
  let after: readonly (string | number)[] | null = null;
  if (parsed.data.cursor !== undefined) {
    const decoded = decodeCursor(parsed.data.cursor);
    if (!decoded.ok) return decoded;
    after = decoded.value;
  }
  // The most selective index: by agent, else by action, else every event; keys end in [at, seq].
  const [table, prefix] =
    agentId !== undefined
      ? [AUDIT_BY_AGENT_TABLE, [agentId]]
      : action !== undefined
        ? [AUDIT_BY_ACTION_TABLE, [action]]
        : [AUDIT_EVENTS_TABLE, []];
  const events: AuditEvent[] = [];
  const all = system.table<AuditEvent>(AUDIT_EVENTS_TABLE);
  let from = after ?? [...prefix, start - 0.5];
  let scanned = 0;
  for (;;) {
    const range = system.table(table).range({
      ...(prefix.length > 0 ? { prefix } : {}),
      after: from,
      limit: Math.min(1_000, MAX_SCANNED - scanned),
    });
    for (const { key } of range) {
      scanned++;
      from = key;
      const at = key[prefix.length] as number;
      const seq = key[prefix.length + 1] as number;
      if (at > end) return { ok: true, value: { events, nextCursor: null } };
      const event = all.get([at, seq]);
      if (event === undefined) continue;
      if (action !== undefined && event.action !== action) continue;
      if (!isInScope(scope, event.tenantId)) continue;
      events.push(event);
      if (events.length === limit) return { ok: true, value: { events, nextCursor: encodeCursor(key) } };
    }
    if (range.length === 0) return { ok: true, value: { events, nextCursor: null } };
    if (scanned >= MAX_SCANNED) return { ok: true, value: { events, nextCursor: encodeCursor(from) } };
  }
}
