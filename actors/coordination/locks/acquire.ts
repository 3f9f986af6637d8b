/**
 * `acquireFileLock`: take the lease on a path — at once, or by waiting up to `waitS` for the
 * agent that holds it. Runs on the main thread (the MCP adapter, an embedding service).
 *
 * A wait parks on the lock actor (its `acquire` ask is answered when the lease is handed to
 * this caller, or at the wait's deadline) and is reported to the deadlock detector as an
 * edge `agent:<waiter> → agent:<holder>`; the wait that closes a cycle is answered
 * `deadlock` naming the agents (`bob → ada → bob`), the others go on. When the lease changes
 * hands to another waiter, the lock answers `held` by the new holder: the edge moves to it
 * and the call parks again, keeping its place in the queue.
 *
 * ```
 *   facade ──acquire(park: null)──▶ lock      granted │ held(H)
 *   facade ──reportWait(me → H)──▶ detector   closes a cycle? → deadlock
 *   facade ──acquire(park: behind H)──▶ lock  … granted │ held(H') │ timeout │ retry
 * ```
 *
 * A cancelled call (its `signal`) stops waiting and keeps no lease: the lock is told
 * `cancel-wait`, which also ends a lease this call was granted meanwhile.
 */
import { randomUUID } from 'node:crypto';
import {
  type ActorRef,
  type ActorSystem,
  type DeadlockError,
  isTroupeError,
  type Outcome,
  refuse,
} from '../../../src/kernel/index.js';
import type { DeadlockDetector } from '../../supervisors/deadlock/index.js';
import type { Caller } from '../caller.js';
import { agentActorId } from '../ids.js';
import { agentTenant } from '../tenancy.js';
import type { FileLease } from './lease.js';
import {
  addressOf,
  callingAgent,
  type LockCallOptions,
  lockFor,
  presentAgent,
  systemNow,
} from './lock-access.js';
import { type AcquireInput, AcquireInputSchema, parseInput } from './lock-input.js';
import type { AcquireAnswer, AgentNews, LockMsg } from './lock-messages.js';

export interface AcquireOptions extends LockCallOptions {
  /** Where waits are reported, so that a cycle of agents waiting on each other's locks is broken. */
  readonly detector?: DeadlockDetector;
  /** The caller gave up (an MCP request cancelled, its session gone). */
  readonly signal?: AbortSignal;
}

/** How long past a wait's deadline the facade still listens for the lock's own `timeout` answer. */
const ANSWER_GRACE_MS = 5_000;
/** How many times an ask lost to a crashed worker thread is asked again (the actor comes back from the store). */
const MAX_CRASH_RETRIES = 3;

export async function acquireFileLock(
  system: ActorSystem,
  caller: Caller,
  input: AcquireInput,
  options: AcquireOptions = {},
): Promise<Outcome<FileLease>> {
  const parsed = parseInput(AcquireInputSchema, input);
  if (!parsed.ok) return parsed;
  const agent = callingAgent(caller);
  if (!agent.ok) return agent;
  const present = presentAgent(system, agent.value);
  if (!present.ok) return present;
  const address = addressOf(parsed.value.filePath, agentTenant(system, agent.value));
  const lock = await lockFor(system, address);
  const call = new AcquireCall(system, lock, {
    agentId: agent.value,
    path: address.path,
    ttlMs: Math.max(1, Math.round(parsed.value.ttlS * 1000)),
    waitMs: Math.round(parsed.value.waitS * 1000),
    options,
  });
  return call.run();
}

interface CallSpec {
  readonly agentId: string;
  readonly path: string;
  readonly ttlMs: number;
  readonly waitMs: number;
  readonly options: AcquireOptions;
}

/** One `acquireFileLock` call: its ticket, its deadline, the wait edge it has reported. */
class AcquireCall {
  private readonly ticket = randomUUID();
  private readonly stop = new AbortController();
  private readonly started: number;
  private readonly deadline: number;
  private readonly agent: ActorRef<AgentNews>;
  /** The holder this call reported a wait on (parks behind). */
  private behind: string | null = null;
  /** The cycle the detector broke at this call's wait. */
  private broken: readonly string[] | null = null;
  /** Asks lost to a crashed worker thread, asked again (a few times at most). */
  private crashes = 0;

  constructor(
    private readonly system: ActorSystem,
    private readonly lock: ActorRef<LockMsg>,
    private readonly spec: CallSpec,
  ) {
    this.started = systemNow(system);
    this.deadline = this.started + spec.waitMs;
    this.agent = system.refOf<AgentNews>(agentActorId(spec.agentId));
  }

  async run(): Promise<Outcome<FileLease>> {
    const signal = this.spec.options.signal;
    const cancel = () => this.stop.abort(signal?.reason);
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await this.loop();
    } finally {
      signal?.removeEventListener('abort', cancel);
      this.endWait();
    }
  }

  private async loop(): Promise<Outcome<FileLease>> {
    for (;;) {
      if (this.stop.signal.aborted) return this.gaveUp();
      let answer: AcquireAnswer;
      try {
        answer = await this.ask();
      } catch (error) {
        const crashed = isTroupeError(error) && error.code === 'worker_crashed';
        if (crashed && !this.stop.signal.aborted && ++this.crashes <= MAX_CRASH_RETRIES) continue;
        this.lock.tell({ type: 'cancel-wait', ticket: this.ticket });
        if (this.stop.signal.aborted) return this.gaveUp();
        if (isTroupeError(error) && error.code === 'ask_timeout' && this.behind !== null)
          return this.locked(this.behind, null);
        throw error;
      }
      switch (answer.kind) {
        case 'granted':
          return { ok: true, value: answer.lease };
        case 'refused':
          return { ok: false, error: answer.error };
        case 'retry':
          continue;
        case 'timeout':
          return this.locked(answer.holder ?? this.behind, answer.expiresAt);
        case 'held': {
          if (this.spec.waitMs === 0 || systemNow(this.system) >= this.deadline)
            return this.locked(answer.holder, answer.expiresAt);
          const cycle = this.waitOn(answer.holder);
          if (cycle) return this.deadlocked(cycle);
        }
      }
    }
  }

  private ask(): Promise<AcquireAnswer> {
    const parked = this.behind !== null;
    const message: LockMsg = {
      type: 'acquire',
      agentId: this.spec.agentId,
      agent: this.agent,
      ttlMs: this.spec.ttlMs,
      ticket: this.ticket,
      park: parked ? { behind: this.behind as string, until: this.deadline, queuedAt: this.started } : null,
      watch: this.spec.options.watch ?? null,
    };
    const timeoutMs = parked
      ? Math.max(1, this.deadline - systemNow(this.system)) + ANSWER_GRACE_MS
      : undefined;
    return this.lock.ask<AcquireAnswer>(message, {
      signal: this.stop.signal,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  }

  /** Report (or move) this call's wait edge; the cycle it closed, if it did. */
  private waitOn(holder: string): readonly string[] | null {
    if (holder === this.behind) return null;
    this.endWait();
    this.behind = holder;
    const detector = this.spec.options.detector;
    const closing = detector?.reportWait({
      waiter: agentActorId(this.spec.agentId),
      holder: agentActorId(holder),
      kind: 'lock',
      token: this.ticket,
      about: this.spec.path,
      onDeadlock: (error: DeadlockError) => {
        this.broken = error.cycle;
        this.stop.abort(error);
      },
    });
    return closing ? closing.cycle : null;
  }

  private endWait(): void {
    if (this.behind !== null) this.spec.options.detector?.endWait('lock', this.ticket);
  }

  private gaveUp(): Outcome<FileLease> {
    if (this.broken) return this.deadlocked(this.broken);
    return refuse('ask_aborted', `the wait for "${this.spec.path}" was cancelled by its caller`, 'wait_s');
  }

  private deadlocked(cycle: readonly string[]): Outcome<FileLease> {
    const agents = cycle.map((node) => node.replace(/^agent:/, '')).join(' → ');
    return refuse('deadlock', `waiting for "${this.spec.path}" would deadlock: ${agents}`, 'file_path');
  }

  private locked(holder: string | null, expiresAt: number | null): Outcome<FileLease> {
    const who = holder === null ? 'another agent' : `"${holder}"`;
    const until = expiresAt === null ? '' : ` until ${new Date(expiresAt).toISOString()}`;
    return refuse('locked', `"${this.spec.path}" is held by ${who}${until}`, 'file_path');
  }
}
