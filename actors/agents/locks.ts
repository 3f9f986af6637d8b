/**
 * `LockTable`: exclusive file locks as renewable leases. A lease belongs to one agent (its
 * token is checked with the registry), ends at its release, its expiry or a forced release,
 * and when its holder is deregistered or offline; such a lease counts as free. A forced release records who did it and why, and tells
 * the former holder through the post office. Domain errors are typed answers.
 */
import { normalize } from 'node:path';
import { type ActorRef, defineActor, reply } from '../../src/index.js';
import { type Agent, type Outcome, refuse } from './agent.js';
import type { PostMsg } from './post-office.js';
import { presentAgents } from './presence.js';
import type { RegistryMsg } from './registry.js';

export interface Lease {
  readonly path: string;
  readonly holder: string;
  readonly acquiredAt: number;
  readonly expiresAt: number;
}

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
  | { readonly type: 'list'; readonly holder?: string };

interface Table {
  readonly registry: ActorRef<RegistryMsg>;
  readonly post: ActorRef<PostMsg>;
  readonly leases: Readonly<Record<string, Lease>>;
  readonly forced: Readonly<Record<string, ForcedRelease>>;
}

/** The default lease when a caller names no `ttl_s`: renewable, so short is safe. */
export const DEFAULT_LEASE_S = 300;

export const LockTable = defineActor<
  LockMsg,
  Table,
  { readonly registry: ActorRef<RegistryMsg>; readonly post: ActorRef<PostMsg> }
>({
  module: import.meta.url,
  name: 'LockTable',
  init: ({ registry, post }) => ({ registry, post, leases: {}, forced: {} }),
  receive: async (table, msg, ctx) => {
    const now = Date.now();
    // A lease ends with its expiry, and with its holder: deregistered or offline agents hold nothing.
    const holders =
      Object.keys(table.leases).length === 0 ? new Set<string>() : await presentAgents(table.registry, ctx);
    const live = (path: string): Lease | null => {
      const lease = table.leases[path];
      return lease && lease.expiresAt > now && holders.has(lease.holder) ? lease : null;
    };
    const withLease = (path: string, lease: Lease | null): Table => {
      const { [path]: _gone, ...rest } = table.leases;
      return { ...table, leases: lease ? { ...rest, [path]: lease } : rest };
    };
    if (msg.type === 'check') {
      const path = normalize(msg.path);
      const view: LockView = { path, lease: live(path), lastForced: table.forced[path] ?? null };
      return reply({ ok: true, value: view } satisfies Outcome<LockView>, table);
    }
    if (msg.type === 'list') {
      const leases = Object.keys(table.leases)
        .map(live)
        .filter((l): l is Lease => l !== null && (!msg.holder || l.holder === msg.holder));
      return reply({ ok: true, value: leases } satisfies Outcome<Lease[]>, table);
    }
    const who = await ctx.ask<Outcome<Agent>>(table.registry, {
      type: 'authorize',
      agentId: msg.agentId,
      token: msg.token,
    });
    if (!who.ok) return reply(who, table);
    const path = normalize(msg.path);
    const held = live(path);
    const mine = held?.holder === msg.agentId ? held : null;
    switch (msg.type) {
      case 'acquire': {
        if (held && !mine) {
          const until = new Date(held.expiresAt).toISOString();
          return reply(
            refuse('locked', `"${path}" is held by "${held.holder}" until ${until}`, 'path'),
            table,
          );
        }
        const lease: Lease = {
          path,
          holder: msg.agentId,
          acquiredAt: mine?.acquiredAt ?? now,
          expiresAt: now + msg.ttlS * 1000,
        };
        return reply({ ok: true, value: lease } satisfies Outcome<Lease>, withLease(path, lease));
      }
      case 'renew': {
        if (!mine)
          return reply(refuse('not_holder', `"${msg.agentId}" holds no lease on "${path}"`, 'path'), table);
        const lease = { ...mine, expiresAt: now + msg.ttlS * 1000 };
        return reply({ ok: true, value: lease } satisfies Outcome<Lease>, withLease(path, lease));
      }
      case 'release': {
        if (!mine)
          return reply(refuse('not_holder', `"${msg.agentId}" holds no lease on "${path}"`, 'path'), table);
        return reply({ ok: true, value: mine } satisfies Outcome<Lease>, withLease(path, null));
      }
      case 'force-release': {
        if (!held) return reply(refuse('not_found', `nobody holds "${path}"`, 'path'), table);
        const record: ForcedRelease = { lease: held, by: msg.agentId, reason: msg.reason, at: now };
        ctx.tell(table.post, {
          type: 'notice',
          from: msg.agentId,
          recipientId: held.holder,
          content: { event: 'file_lock_force_released', path, by: msg.agentId, reason: msg.reason },
        });
        const next = withLease(path, null);
        return reply({ ok: true, value: record } satisfies Outcome<ForcedRelease>, {
          ...next,
          forced: { ...next.forced, [path]: record },
        });
      }
    }
  },
});
