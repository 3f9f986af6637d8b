/**
 * `acquireLock`: take a file lock, waiting up to `waitS` for it when another agent holds it.
 * It runs on the caller's side (the MCP adapter, an embedding service): each wait parks on
 * the lock table and is reported to the deadlock detector as an edge "waiter → holder", so
 * a cycle of agents waiting on each other's locks is broken at once — the wait that closed
 * it is answered `deadlock`, naming every agent of the cycle — instead of wedging them all
 * until their timeouts.
 */
import { randomUUID } from 'node:crypto';
import { type ActorRef, AskTimeoutError, type Outcome, refuse } from '../../src/kernel/index.js';
import type { DeadlockDetector } from '../supervisors/deadlock/index.js';
import type { Freed } from './lock-waiters.js';
import type { Lease, LockMsg, LockView } from './locks.js';

export interface AcquireRequest {
  readonly path: string;
  readonly ttlS: number;
  readonly agentId: string;
  readonly token: string;
  /** How long to wait for a held lock (0: answer `locked` at once). */
  readonly waitS: number;
  /** The caller gave up (an MCP request cancelled, its session gone): stop waiting, keep no lease. */
  readonly signal?: AbortSignal;
}

/** The node of an agent in the wait-for graph (kept apart from actor ids). */
export const agentNode = (agentId: string): string => `agent:${agentId}`;

export async function acquireLock(
  table: ActorRef<LockMsg>,
  request: AcquireRequest,
  detector?: DeadlockDetector,
): Promise<Outcome<Lease>> {
  const { path, ttlS, agentId, token, signal } = request;
  const deadline = Date.now() + request.waitS * 1000;
  const gaveUp = () => refuse('locked', `the wait for "${path}" was cancelled by its caller`, 'wait_s');
  const started = Date.now();
  const acquire = async (): Promise<Outcome<Lease>> => {
    const outcome = await table.ask<Outcome<Lease>>({ type: 'acquire', path, ttlS, agentId, token });
    if (!signal?.aborted) return outcome;
    // Nobody listens for a lease this call took: give it back rather than hold it until its
    // ttl. A lease the agent held before the call (acquiring again renews) stays its own.
    if (outcome.ok && outcome.value.acquiredAt >= started)
      await table.ask({ type: 'release', path, agentId, token });
    return gaveUp();
  };
  for (;;) {
    const outcome = await acquire();
    if (signal?.aborted || outcome.ok || outcome.error.code !== 'locked' || Date.now() >= deadline)
      return outcome;
    const view = await table.ask<Outcome<LockView>>({ type: 'check', path });
    const holder = view.ok ? view.value.lease?.holder : undefined;
    if (holder === undefined) continue;
    const waited = await waitFor(table, detector, { path, agentId, holder, until: deadline }, signal);
    if (waited === 'cancelled') return gaveUp();
    if (waited === 'timeout') return acquire();
    if (waited !== 'freed') {
      const cycle = waited.cycle.map((node) => node.replace(/^agent:/, '')).join(' → ');
      return refuse('deadlock', `waiting for "${path}" would deadlock: ${cycle}`, 'path');
    }
  }
}

interface Wait {
  readonly path: string;
  readonly agentId: string;
  readonly holder: string;
  readonly until: number;
}

/** Park on the table until the holder lets go, the deadline passes, or the detector breaks a cycle through this wait. */
async function waitFor(
  table: ActorRef<LockMsg>,
  detector: DeadlockDetector | undefined,
  wait: Wait,
  signal: AbortSignal | undefined,
): Promise<'freed' | 'timeout' | 'cancelled' | { readonly cycle: readonly string[] }> {
  const ticket = randomUUID();
  const abort = new AbortController();
  if (signal?.aborted) return 'cancelled';
  const broken: { cycle?: readonly string[] } = {};
  const closing = detector?.reportWait({
    waiter: agentNode(wait.agentId),
    holder: agentNode(wait.holder),
    kind: 'lock',
    token: ticket,
    onDeadlock: (error) => {
      broken.cycle = error.cycle;
      abort.abort(error);
    },
  });
  if (closing) return { cycle: closing.cycle };
  const cancel = () => abort.abort(signal?.reason);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    await table.ask<Outcome<Freed>>(
      { type: 'wait', ticket, ...wait },
      { timeoutMs: Math.max(1, wait.until - Date.now()), signal: abort.signal },
    );
    return 'freed';
  } catch (error) {
    table.tell({ type: 'cancel-wait', path: wait.path, ticket });
    if (broken.cycle) return { cycle: broken.cycle };
    if (signal?.aborted) return 'cancelled';
    if (error instanceof AskTimeoutError) return 'timeout';
    throw error;
  } finally {
    signal?.removeEventListener('abort', cancel);
    detector?.endWait('lock', ticket);
  }
}
