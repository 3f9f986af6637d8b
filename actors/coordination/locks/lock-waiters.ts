/**
 * The waiters of one lock: calls parked on a held path, each holding the deferred reply of
 * its `acquire` ask, served in the order they first parked. Pure functions over a bounded
 * list; the lock actor (`lock-turn.ts`) answers them.
 *
 * A deferred reply names an ask of the process (and thread) that parked it, so a waiter is
 * stamped with {@link THREAD_INCARNATION}: one parked by another incarnation — before a
 * restart of troupe, or of the worker thread, or before the actor moved — is never granted a
 * lease (nobody may be listening); it is answered `retry` (a live caller parks again, a
 * reply to an ask that is gone is dropped) and forgotten. Waiters are not kept across a restart.
 */
import { randomUUID } from 'node:crypto';
import type { ActorRef, ReplyTo } from '../../../src/kernel/index.js';
import type { AgentNews } from './lock-messages.js';

/** This module's instance on this thread: a new one after any restart of the thread or the process. */
export const THREAD_INCARNATION = randomUUID();

/** Waiters one lock keeps; a call beyond it is refused `limit_exceeded`. */
export const MAX_WAITERS_PER_LOCK = 1_000;

export interface Waiter {
  readonly ticket: string;
  readonly agentId: string;
  readonly agent: ActorRef<AgentNews>;
  readonly ttlMs: number;
  /** The holder its caller reported the wait on. */
  readonly behind: string;
  readonly until: number;
  readonly queuedAt: number;
  readonly replyTo: ReplyTo;
  readonly incarnation: string;
}

/** `waiter` in its place: after every waiter that parked earlier (the same ticket is replaced). */
export function withWaiter(waiters: readonly Waiter[], waiter: Waiter): readonly Waiter[] {
  const others = waiters.filter((w) => w.ticket !== waiter.ticket);
  const at = others.findIndex((w) => w.queuedAt > waiter.queuedAt);
  return at < 0 ? [...others, waiter] : [...others.slice(0, at), waiter, ...others.slice(at)];
}

export function withoutWaiter(waiters: readonly Waiter[], ticket: string): readonly Waiter[] {
  return waiters.some((w) => w.ticket === ticket) ? waiters.filter((w) => w.ticket !== ticket) : waiters;
}

/** The waiters that cannot be served any more: parked by another incarnation, or past their deadline. */
export interface Unservable {
  readonly stale: readonly Waiter[];
  readonly late: readonly Waiter[];
  readonly waiting: readonly Waiter[];
}

export function sortOut(waiters: readonly Waiter[], now: number): Unservable {
  const stale: Waiter[] = [];
  const late: Waiter[] = [];
  const waiting: Waiter[] = [];
  for (const waiter of waiters) {
    if (waiter.incarnation !== THREAD_INCARNATION) stale.push(waiter);
    else if (waiter.until <= now) late.push(waiter);
    else waiting.push(waiter);
  }
  return { stale, late, waiting };
}

/** The key of a waiter's deadline timer. */
export const waitTimerKey = (ticket: string): string => `wait:${ticket}`;
