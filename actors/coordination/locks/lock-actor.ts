/**
 * `LockActor`: the durable actor of one file path (`lock:<sha256 of the normalized path>`,
 * see `ids.ts`). It owns the exclusive lease on the path — holder, since when, until when —
 * its waiters, and the path's last forced release; it writes the `locks`, `leases` and
 * `leases-by-holder` entries in the same turn (`lease.ts`). Its state is one path's, so a
 * request costs the same with ten locks or ten million.
 *
 * A lease ends at its release, its expiry (a durable timer, and a check against `ctx.now()`
 * on every turn), a forced release (recorded; the former holder's agent actor gets a notice),
 * a cancelled call that was granted it, or its holder going away (`holder-gone`, pushed by
 * the agent actor). When it ends, the first waiter gets it in the same turn.
 *
 * Callers (`api.ts`, `acquire.ts`) validate input and check identity and presence first; this
 * actor checks only who holds the lease. Each turn is `lock-turn.ts`'s `LockTurn`.
 */
import {
  type ActorContext,
  type ActorRef,
  defineActor,
  type Outcome,
  refuse,
} from '../../../src/kernel/index.js';
import { type FileLease, type ForcedRelease, LOCKS_TABLE, type LockEntry } from './lease.js';
import type { AcquireAnswer, AgentNews, LockMsg } from './lock-messages.js';
import { type HeldLease, type LockState, LockTurn, publicLease } from './lock-turn.js';

/** A lease to take over at the start (from the old lock table: `migrate-locks.ts`). */
export interface LockSeed {
  readonly lease: (FileLease & { readonly agent: ActorRef<AgentNews> }) | null;
  readonly lastForced: ForcedRelease | null;
}

export interface LockArgs {
  /** Normalized (`normalizeLockPath`). */
  readonly path: string;
  readonly seed?: LockSeed;
}

/** The ticket of a lease taken over from the old lock table (no call of this process was granted it). */
const SEEDED = 'seeded';

export const LockActor = defineActor<LockMsg, LockState, LockArgs>({
  module: import.meta.url,
  name: 'LockActor',
  // Every change makes a new state object: a turn that changes nothing commits nothing.
  immutableState: true,
  init: ({ path, seed }, ctx) => {
    const lastForced = seed?.lastForced ?? null;
    ctx.table<LockEntry>(LOCKS_TABLE).put([ctx.self.id], { path, lastForced });
    const turn = new LockTurn({ path, lease: null, lastForced, waiters: [], watch: null }, ctx, ctx.now());
    const lease = seed?.lease;
    if (lease && lease.expiresAt > turn.now)
      turn.grant(lease.holder, lease.agent, lease.expiresAt, SEEDED, lease.acquiredAt);
    return turn.finish(null);
  },
  receive: (state, msg, ctx) => {
    const turn = new LockTurn(state, ctx, ctx.now());
    turn.settle();
    handle(turn, msg, ctx);
    return turn.finish('watch' in msg ? msg.watch : null);
  },
});

function handle(turn: LockTurn, msg: LockMsg, ctx: ActorContext<LockMsg>): void {
  const lease = turn.lease;
  switch (msg.type) {
    case 'acquire':
      acquire(turn, msg, ctx);
      return;
    case 'renew':
      if (!isHolder(lease, msg.agentId)) ctx.reply(notHolder(msg.agentId, turn.state.path));
      else ctx.reply(leaseOutcome(turn.renew(msg.ttlMs)));
      return;
    case 'release':
      if (!isHolder(lease, msg.agentId)) ctx.reply(notHolder(msg.agentId, turn.state.path));
      else ctx.reply(leaseOutcome(turn.end() as HeldLease));
      return;
    case 'force-release': {
      if (!lease) {
        ctx.reply(refuse('not_found', `nobody holds "${turn.state.path}"`, 'file_path'));
        return;
      }
      const forced: ForcedRelease = {
        lease: publicLease(lease),
        by: msg.by,
        reason: msg.reason,
        at: turn.now,
      };
      turn.end();
      turn.recordForced(forced);
      ctx.tell(lease.agent, {
        type: 'notice',
        from: msg.by,
        content: {
          event: 'file_lock_force_released',
          path: lease.path,
          by: msg.by,
          reason: msg.reason,
          at: turn.now,
        },
      });
      ctx.reply({ ok: true, value: forced } satisfies Outcome<ForcedRelease>);
      return;
    }
    case 'cancel-wait':
      turn.unpark(msg.ticket);
      // The call gave up after it was granted the lease: nobody listens for it.
      if (lease?.ticket === msg.ticket) turn.end();
      return;
    case 'holder-gone':
      if (lease?.holder === msg.agentId) turn.end();
      return;
    case 'expire':
      // `settle` ended it if it was due; a timer that fired early is armed again.
      turn.rearm();
      return;
    case 'wait-timeout': {
      const waiter = turn.state.waiters.find((w) => w.ticket === msg.ticket);
      if (waiter) turn.answer(waiter, turn.timeout());
      return;
    }
  }
}

function acquire(
  turn: LockTurn,
  msg: Extract<LockMsg, { type: 'acquire' }>,
  ctx: ActorContext<LockMsg>,
): void {
  const lease = turn.lease;
  const answer = (value: AcquireAnswer) => ctx.reply(value);
  if (!lease) {
    answer({
      kind: 'granted',
      lease: publicLease(turn.grant(msg.agentId, msg.agent, turn.now + msg.ttlMs, msg.ticket)),
    });
  } else if (lease.holder === msg.agentId) {
    answer({ kind: 'granted', lease: publicLease(turn.renew(msg.ttlMs)) });
  } else if (msg.park === null || msg.park.behind !== lease.holder) {
    answer({ kind: 'held', holder: lease.holder, expiresAt: lease.expiresAt });
  } else if (msg.park.until <= turn.now) {
    answer(turn.timeout());
  } else {
    turn.park(msg, msg.park);
  }
}

function isHolder(lease: HeldLease | null, agentId: string): lease is HeldLease {
  return lease?.holder === agentId;
}

function leaseOutcome(lease: HeldLease): Outcome<FileLease> {
  return { ok: true, value: publicLease(lease) };
}

function notHolder(agentId: string, path: string): Outcome<never> {
  return refuse('not_holder', `"${agentId}" holds no lease on "${path}"`, 'file_path');
}
