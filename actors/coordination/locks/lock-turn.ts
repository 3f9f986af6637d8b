/**
 * One turn of a lock actor: the lease's life (grant, renew, end, hand over to the first
 * waiter) with everything that goes with it in the same turn — the index entries
 * (`leases`, `leases-by-holder`), the expiry timer, the waiters' answers and deadline
 * timers, `lease-granted` to the new holder's agent actor, and one `locks-changed` to the
 * change watch when the lease changed. The message dispatch is `lock-actor.ts`'s.
 *
 * Every turn starts with {@link LockTurn.settle}: a lease past its expiry ends there, whether
 * or not its timer fired yet, so no request ever sees a lease held past its expiry — and so
 * does a lease whose holder went offline or deregistered (`holder-presence.ts`), whether or
 * not its `holder-gone` came yet.
 */
import type { ActorContext, ActorRef } from '../../../src/kernel/index.js';
import { AGENTS_TABLE, type AgentSummary } from '../agents/agent-record.js';
import type { LocksChanged } from '../change-events.js';
import { isHolderPresent } from './holder-presence.js';
import {
  type FileLease,
  type ForcedRelease,
  holderKey,
  LEASES_BY_HOLDER_TABLE,
  LEASES_TABLE,
  LOCKS_TABLE,
  type LockEntry,
  leaseKey,
} from './lease.js';
import type { AcquireAnswer, AgentNews, LockMsg, Park } from './lock-messages.js';
import {
  MAX_WAITERS_PER_LOCK,
  sortOut,
  THREAD_INCARNATION,
  type Waiter,
  waitTimerKey,
  withoutWaiter,
  withWaiter,
} from './lock-waiters.js';

/** A lease as the lock actor keeps it: with its holder's agent actor and the call that was granted it. */
export interface HeldLease extends FileLease {
  readonly agent: ActorRef<AgentNews>;
  /** The ticket of the call that was granted it (renewals keep it): `cancel-wait` ends only that grant. */
  readonly ticket: string;
}

export interface LockState {
  /** Normalized. */
  readonly path: string;
  readonly lease: HeldLease | null;
  readonly lastForced: ForcedRelease | null;
  readonly waiters: readonly Waiter[];
  /** Where lease changes are pushed: the last one a request named. */
  readonly watch: ActorRef<LocksChanged> | null;
}

const EXPIRY_TIMER = 'expiry';

/** The public part of a lease. */
export function publicLease(lease: HeldLease): FileLease {
  const { path, holder, acquiredAt, expiresAt } = lease;
  return { path, holder, acquiredAt, expiresAt };
}

export class LockTurn {
  private leaseChanged = false;

  constructor(
    public state: LockState,
    private readonly ctx: ActorContext<LockMsg>,
    readonly now: number,
  ) {}

  /** End an expired lease, or one whose holder is gone; answer the waiters that can no longer be served. */
  settle(): void {
    const lease = this.state.lease;
    if (lease && (lease.expiresAt <= this.now || !isHolderPresent(this.agents(), lease.holder))) this.end();
    const { stale, late, waiting } = sortOut(this.state.waiters, this.now);
    if (stale.length === 0 && late.length === 0) return;
    for (const waiter of stale) this.dismiss(waiter, { kind: 'retry' });
    for (const waiter of late) this.dismiss(waiter, this.timeout());
    this.state = { ...this.state, waiters: waiting };
  }

  private agents() {
    return this.ctx.table<AgentSummary>(AGENTS_TABLE);
  }

  /** The live lease (after {@link settle}). */
  get lease(): HeldLease | null {
    return this.state.lease;
  }

  /** A new lease for `agentId` until `expiresAt`; its agent actor hears of it. */
  grant(
    agentId: string,
    agent: ActorRef<AgentNews>,
    expiresAt: number,
    ticket: string,
    acquiredAt = this.now,
  ): HeldLease {
    const lease: HeldLease = { path: this.state.path, holder: agentId, acquiredAt, expiresAt, agent, ticket };
    this.hold(lease);
    this.ctx.tell(agent, {
      type: 'lease-granted',
      path: lease.path,
      expiresAt: lease.expiresAt,
      lock: this.ctx.self,
      lockId: this.ctx.self.id,
    });
    return lease;
  }

  /** The holder's lease, `ttlMs` from now (its start and its grant stay). */
  renew(ttlMs: number): HeldLease {
    const lease = this.state.lease as HeldLease;
    const renewed = { ...lease, expiresAt: this.now + ttlMs };
    this.hold(renewed);
    return renewed;
  }

  /** End the lease (if any) and hand the path to the first waiter. Returns the lease that ended. */
  end(): HeldLease | null {
    const lease = this.state.lease;
    if (!lease) return null;
    this.ctx.table(LEASES_TABLE).remove(leaseKey(lease.path, this.ctx.self.id));
    this.ctx.table(LEASES_BY_HOLDER_TABLE).remove(holderKey(lease.holder, lease.path, this.ctx.self.id));
    this.ctx.cancelSchedule(EXPIRY_TIMER);
    this.state = { ...this.state, lease: null };
    this.leaseChanged = true;
    this.handOver();
    return lease;
  }

  /** Record a forced release (kept in state and in the `locks` entry). */
  recordForced(forced: ForcedRelease): void {
    this.state = { ...this.state, lastForced: forced };
    this.ctx
      .table<LockEntry>(LOCKS_TABLE)
      .put([this.ctx.self.id], { path: this.state.path, lastForced: forced });
  }

  /** Park the ask being handled behind the holder; refused when the lock has as many waiters as it may keep. */
  park(
    msg: { agentId: string; agent: ActorRef<AgentNews>; ttlMs: number; ticket: string },
    park: Park,
  ): void {
    if (this.state.waiters.length >= MAX_WAITERS_PER_LOCK) {
      this.ctx.reply({
        kind: 'refused',
        error: {
          code: 'limit_exceeded',
          message: `"${this.state.path}" has ${MAX_WAITERS_PER_LOCK} waiters already, as many as it keeps`,
          field: 'wait_s',
        },
      } satisfies AcquireAnswer);
      return;
    }
    const replyTo = this.ctx.deferReply();
    if (!replyTo) return;
    const waiter: Waiter = {
      ticket: msg.ticket,
      agentId: msg.agentId,
      agent: msg.agent,
      ttlMs: msg.ttlMs,
      behind: park.behind,
      until: park.until,
      queuedAt: park.queuedAt,
      replyTo,
      incarnation: THREAD_INCARNATION,
    };
    this.ctx.schedule(
      { at: park.until },
      { type: 'wait-timeout', ticket: msg.ticket },
      { key: waitTimerKey(msg.ticket) },
    );
    this.state = { ...this.state, waiters: withWaiter(this.state.waiters, waiter) };
  }

  /** Forget the waiter with this ticket (answered already, or its caller gone). */
  unpark(ticket: string): Waiter | null {
    const waiter = this.state.waiters.find((w) => w.ticket === ticket) ?? null;
    if (!waiter) return null;
    this.ctx.cancelSchedule(waitTimerKey(ticket));
    this.state = { ...this.state, waiters: withoutWaiter(this.state.waiters, ticket) };
    return waiter;
  }

  /** Answer a parked waiter's `acquire` and forget it. */
  answer(waiter: Waiter, answer: AcquireAnswer): void {
    this.unpark(waiter.ticket);
    this.ctx.replyTo(waiter.replyTo, answer);
  }

  /** Answer a waiter the caller is taking out of the list itself (its timer goes too). */
  private dismiss(waiter: Waiter, answer: AcquireAnswer): void {
    this.ctx.cancelSchedule(waitTimerKey(waiter.ticket));
    this.ctx.replyTo(waiter.replyTo, answer);
  }

  /** What a wait that reached its deadline is answered. */
  timeout(): AcquireAnswer {
    const lease = this.state.lease;
    return { kind: 'timeout', holder: lease?.holder ?? null, expiresAt: lease?.expiresAt ?? null };
  }

  /** The state to keep, after telling the change watch once if the lease changed. */
  finish(watch: ActorRef<LocksChanged> | null): LockState {
    const known = this.state.watch;
    if (watch && (known?.id !== watch.id || known.thread !== watch.thread))
      this.state = { ...this.state, watch };
    if (this.leaseChanged && this.state.watch) this.ctx.tell(this.state.watch, { type: 'locks-changed' });
    return this.state;
  }

  /** Arm the expiry timer again (it fired before the lease's expiry by the clock). */
  rearm(): void {
    const lease = this.state.lease;
    if (lease) this.ctx.schedule({ at: lease.expiresAt }, { type: 'expire' }, { key: EXPIRY_TIMER });
  }

  /** Keep `lease`: in state, in both indexes, with a timer at its expiry. */
  private hold(lease: HeldLease): void {
    const lockId = this.ctx.self.id;
    const record = publicLease(lease);
    this.ctx.table<FileLease>(LEASES_TABLE).put(leaseKey(lease.path, lockId), record);
    this.ctx
      .table<FileLease>(LEASES_BY_HOLDER_TABLE)
      .put(holderKey(lease.holder, lease.path, lockId), record);
    this.ctx.schedule({ at: lease.expiresAt }, { type: 'expire' }, { key: EXPIRY_TIMER });
    this.state = { ...this.state, lease };
    this.leaseChanged = true;
  }

  /**
   * The path is free: the first waiter that can be served gets it, in this turn; every other
   * waiter is answered `held` by the new holder (its caller reports the new wait edge to the
   * deadlock detector and parks again, keeping its place).
   */
  private handOver(): void {
    if (this.state.lease || this.state.waiters.length === 0) return;
    const { stale, late, waiting } = sortOut(this.state.waiters, this.now);
    this.state = { ...this.state, waiters: [] };
    for (const waiter of stale) this.dismiss(waiter, { kind: 'retry' });
    for (const waiter of late) this.dismiss(waiter, this.timeout());
    const [first, ...rest] = waiting;
    if (!first) return;
    const lease = this.grant(first.agentId, first.agent, this.now + first.ttlMs, first.ticket);
    this.dismiss(first, { kind: 'granted', lease: publicLease(lease) });
    for (const waiter of rest)
      this.dismiss(waiter, { kind: 'held', holder: lease.holder, expiresAt: lease.expiresAt });
  }
}
