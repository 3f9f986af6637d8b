/**
 * `LockTable`: exclusive file locks as renewable leases. A lease belongs to one agent (its
 * token is checked with the registry), ends at its release, its expiry or a forced release,
 * and when its holder is deregistered or offline; such a lease counts as free. A forced
 * release records who did it and why, and tells the former holder through the post office.
 * An agent may park on a held path (`wait`, see `lock-waiters.ts`): it is answered when the
 * lease it waits on ends. Observers hear of every change of the live leases
 * (`lock-news.ts`). Domain errors are typed answers.
 */
import { normalize } from 'node:path';
import {
  type ActorContext,
  type ActorRef,
  defineActor,
  type Outcome,
  refuse,
  reply,
} from '../../src/kernel/index.js';
import type { Agent } from './agent.js';
import type { AgentChanged, LocksChanged } from './change-events.js';
import type { Lease } from './lease.js';
import { announce, earliestExpiry, fingerprint } from './lock-news.js';
import { addWaiter, type Freed, nextCheck, removeWaiter, settle, type Waiters } from './lock-waiters.js';
import type { PostMsg } from './post-office.js';
import { presentAgents } from './presence.js';
import type { RegistryMsg } from './registry.js';

/** A forced release, kept so that "who took my lock?" has an answer. */
export interface ForcedRelease {
  readonly lease: Lease;
  readonly by: string;
  readonly reason: string;
  readonly at: number;
}

/** The answer to `check`: the live lease, or none, and the last forced release of the path. */
export interface LockView {
  readonly path: string;
  readonly lease: Lease | null;
  readonly lastForced: ForcedRelease | null;
}

interface Caller {
  readonly agentId: string;
  readonly token: string;
}

export type LockMsg =
  | ({ readonly type: 'acquire'; readonly path: string; readonly ttlS: number } & Caller)
  | ({ readonly type: 'renew'; readonly path: string; readonly ttlS: number } & Caller)
  | ({ readonly type: 'release'; readonly path: string } & Caller)
  | ({ readonly type: 'force-release'; readonly path: string; readonly reason: string } & Caller)
  | { readonly type: 'check'; readonly path: string }
  | { readonly type: 'list'; readonly holder?: string }
  /** Ask: answered `Freed` once `holder` no longer holds `path` (at once if it does not now). */
  | {
      readonly type: 'wait';
      readonly path: string;
      readonly agentId: string;
      readonly holder: string;
      readonly ticket: string;
      readonly until: number;
    }
  | { readonly type: 'cancel-wait'; readonly path: string; readonly ticket: string }
  /** Timer: look at the leases again (the earliest expiry, waited leases whose holder may be gone). */
  | { readonly type: 'recheck' }
  /** From the registry: an agent changed (it may have gone offline, freeing its leases). */
  | AgentChanged
  /** Who to tell when the live leases change (the change watch): replaces the previous list. */
  | { readonly type: 'observe'; readonly observers: readonly ActorRef<LocksChanged>[] };

interface Table {
  readonly registry: ActorRef<RegistryMsg>;
  readonly post: ActorRef<PostMsg>;
  readonly leases: Readonly<Record<string, Lease>>;
  readonly forced: Readonly<Record<string, ForcedRelease>>;
  readonly waiters: Waiters;
  readonly observers: readonly ActorRef<LocksChanged>[];
  /** The live leases last announced (`lock-news.ts`). */
  readonly announced: string;
}

/** The default lease when a caller names no `ttl_s`: renewable, so short is safe. */
export type { Lease } from './lease.js';

export const DEFAULT_LEASE_S = 300;

type Answer = Outcome<unknown> | undefined;
type Live = (path: string) => Lease | null;

export const LockTable = defineActor<
  LockMsg,
  Table,
  { readonly registry: ActorRef<RegistryMsg>; readonly post: ActorRef<PostMsg> }
>({
  module: import.meta.url,
  name: 'LockTable',
  // Every turn returns a new object to change the state: a read commits nothing.
  immutableState: true,
  // Version 2 added waiters, observers and the announced leases.
  version: 2,
  migrate: (state, fromVersion) => {
    const table = state as Table;
    return fromVersion === 1 ? { ...table, waiters: {}, observers: [], announced: '' } : table;
  },
  init: ({ registry, post }) => ({
    registry,
    post,
    leases: {},
    forced: {},
    waiters: {},
    observers: [],
    announced: '',
  }),
  receive: async (table, msg, ctx) => {
    const now = Date.now();
    // A lease ends with its expiry, and with its holder: deregistered or offline agents hold nothing.
    const held = (leases: Table['leases']) => Object.keys(leases).length > 0;
    const present = held(table.leases) ? await presentAgents(table.registry, ctx) : null;
    const liveIn =
      (leases: Table['leases'], holders: ReadonlySet<string>): Live =>
      (path) => {
        const lease = leases[path];
        return lease && lease.expiresAt > now && holders.has(lease.holder) ? lease : null;
      };
    const [answer, next] = await handle(table, msg, ctx, liveIn(table.leases, present ?? new Set()), now);
    // The first lease of an empty table: its holder is asked about too.
    const holders =
      present ?? (held(next.leases) ? await presentAgents(table.registry, ctx) : new Set<string>());
    const live = liveIn(next.leases, holders);
    const settled = news(ctx, live, wake(table, next, ctx, live, now));
    return answer === undefined ? settled : reply(answer, settled);
  },
});

/** One request against the table: the answer (none for tells and parked waits) and the next table. */
async function handle(
  table: Table,
  msg: LockMsg,
  ctx: ActorContext<LockMsg>,
  live: Live,
  now: number,
): Promise<readonly [Answer, Table]> {
  const withLease = (path: string, lease: Lease | null): Table => {
    const { [path]: _gone, ...rest } = table.leases;
    return { ...table, leases: lease ? { ...rest, [path]: lease } : rest };
  };
  switch (msg.type) {
    case 'check': {
      const path = normalize(msg.path);
      return [
        { ok: true, value: { path, lease: live(path), lastForced: table.forced[path] ?? null } },
        table,
      ];
    }
    case 'list': {
      const leases = Object.keys(table.leases)
        .map(live)
        .filter((l): l is Lease => l !== null && (!msg.holder || l.holder === msg.holder));
      return [{ ok: true, value: leases }, table];
    }
    case 'wait': {
      const path = normalize(msg.path);
      const freed: Freed = { path, freed: true };
      if (live(path)?.holder !== msg.holder) return [{ ok: true, value: freed }, table];
      const replyTo = ctx.deferReply();
      if (!replyTo) return [undefined, table];
      const { ticket, agentId, holder, until } = msg;
      return [
        undefined,
        { ...table, waiters: addWaiter(table.waiters, path, { ticket, agentId, holder, until, replyTo }) },
      ];
    }
    case 'cancel-wait':
      return [undefined, { ...table, waiters: removeWaiter(table.waiters, normalize(msg.path), msg.ticket) }];
    case 'recheck':
    case 'agent-changed':
      return [undefined, table];
    case 'observe':
      return [
        { ok: true, value: null },
        { ...table, observers: msg.observers },
      ];
    case 'acquire':
    case 'renew':
    case 'release':
    case 'force-release':
      break;
  }
  const who = await ctx.ask<Outcome<Agent>>(table.registry, {
    type: 'authorize',
    agentId: msg.agentId,
    token: msg.token,
  });
  if (!who.ok) return [who, table];
  if (who.value.status === 'offline' && (msg.type === 'acquire' || msg.type === 'renew')) {
    // An offline agent holds nothing: a lease granted now would count as free at once.
    const why = `"${msg.agentId}" is offline; a heartbeat makes it available again`;
    return [refuse('offline', why, 'agent_id'), table];
  }
  const path = normalize(msg.path);
  const held = live(path);
  const mine = held?.holder === msg.agentId ? held : null;
  switch (msg.type) {
    case 'acquire': {
      if (held && !mine) {
        const until = new Date(held.expiresAt).toISOString();
        return [refuse('locked', `"${path}" is held by "${held.holder}" until ${until}`, 'path'), table];
      }
      const lease: Lease = {
        path,
        holder: msg.agentId,
        acquiredAt: mine?.acquiredAt ?? now,
        expiresAt: now + msg.ttlS * 1000,
      };
      return [{ ok: true, value: lease }, withLease(path, lease)];
    }
    case 'renew': {
      if (!mine) return [refuse('not_holder', `"${msg.agentId}" holds no lease on "${path}"`, 'path'), table];
      const lease = { ...mine, expiresAt: now + msg.ttlS * 1000 };
      return [{ ok: true, value: lease }, withLease(path, lease)];
    }
    case 'release': {
      if (!mine) return [refuse('not_holder', `"${msg.agentId}" holds no lease on "${path}"`, 'path'), table];
      return [{ ok: true, value: mine }, withLease(path, null)];
    }
    case 'force-release': {
      if (!held) return [refuse('not_found', `nobody holds "${path}"`, 'path'), table];
      const record: ForcedRelease = { lease: held, by: msg.agentId, reason: msg.reason, at: now };
      ctx.tell(table.post, {
        type: 'notice',
        from: msg.agentId,
        recipientId: held.holder,
        content: { event: 'file_lock_force_released', path, by: msg.agentId, reason: msg.reason },
      });
      const next = withLease(path, null);
      return [
        { ok: true, value: record },
        { ...next, forced: { ...next.forced, [path]: record } },
      ];
    }
  }
}

/** Answer the waiters whose lease ended; keep a recheck timer while any wait. */
function wake(before: Table, table: Table, ctx: ActorContext<LockMsg>, live: Live, now: number): Table {
  if (Object.keys(table.waiters).length === 0 && Object.keys(before.waiters).length === 0) return table;
  const { wake: freed, waiting } = settle(table.waiters, live, now);
  for (const { path, waiter } of freed) {
    ctx.replyTo(waiter.replyTo, { ok: true, value: { path, freed: true } satisfies Freed });
  }
  if (Object.keys(waiting).length > 0) {
    ctx.schedule({ at: nextCheck(waiting, live, now) }, { type: 'recheck' }, { key: RECHECK });
  } else if (Object.keys(before.waiters).length > 0) {
    ctx.cancelSchedule(RECHECK);
  }
  return { ...table, waiters: waiting };
}

const RECHECK = 'lock-waiters';
const EXPIRY = 'lease-expiry';

/**
 * When the live leases changed: announce it, keep a timer at the next expiry (so that it is
 * seen when it happens), and forget the leases that ended — a lease freed by its holder's
 * absence stays freed when the holder comes back.
 */
function news(ctx: ActorContext<LockMsg>, live: Live, table: Table): Table {
  const paths = Object.keys(table.leases);
  const now = fingerprint(paths, live);
  if (now === table.announced) return table;
  const next = earliestExpiry(paths, live);
  if (next !== null) ctx.schedule({ at: next }, { type: 'recheck' }, { key: EXPIRY });
  else ctx.cancelSchedule(EXPIRY);
  announce(table.observers, ctx);
  const leases = Object.fromEntries(
    paths.flatMap((path) => (live(path) ? [[path, live(path) as Lease]] : [])),
  );
  return { ...table, leases, announced: now };
}
