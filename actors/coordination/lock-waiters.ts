/**
 * The lock table's waiters: agents parked on a held path until it changes hands. A waiter
 * keeps the reply obligation of its `wait` ask and is answered "freed" as soon as the
 * lease it waited on ends (release, expiry, forced release, holder gone) — the waiter then
 * asks to acquire again. Waiters past their deadline are dropped unanswered (their asker
 * has timed out already), so a restart leaves no waiter behind for long.
 */
import type { ReplyTo } from '../../src/kernel/index.js';
import type { Lease } from './lease.js';
import { earliestExpiry } from './lock-news.js';

export interface Waiter {
  readonly ticket: string;
  readonly agentId: string;
  /** The holder it waits on: a different holder (or none) means the path changed hands. */
  readonly holder: string;
  /** Epoch ms after which nobody listens for the answer any more. */
  readonly until: number;
  readonly replyTo: ReplyTo;
}

export type Waiters = Readonly<Record<string, readonly Waiter[]>>;

/** What the wait ends with: the path is free to try again. */
export interface Freed {
  readonly path: string;
  readonly freed: true;
}

export function addWaiter(waiters: Waiters, path: string, waiter: Waiter): Waiters {
  return { ...waiters, [path]: [...(waiters[path] ?? []), waiter] };
}

export function removeWaiter(waiters: Waiters, path: string, ticket: string): Waiters {
  return withPath(
    waiters,
    path,
    (waiters[path] ?? []).filter((w) => w.ticket !== ticket),
  );
}

/**
 * Split the waiters into those to answer now (their holder no longer holds the path) and
 * those still waiting; expired waiters are dropped.
 */
export function settle(
  waiters: Waiters,
  live: (path: string) => Lease | null,
  now: number,
): { readonly wake: readonly (Freed & { readonly waiter: Waiter })[]; readonly waiting: Waiters } {
  const wake: (Freed & { readonly waiter: Waiter })[] = [];
  let waiting = waiters;
  for (const [path, parked] of Object.entries(waiters)) {
    const holder = live(path)?.holder;
    const stay = parked.filter((w) => {
      if (w.until <= now) return false;
      if (w.holder !== holder) {
        wake.push({ path, freed: true, waiter: w });
        return false;
      }
      return true;
    });
    if (stay.length !== parked.length) waiting = withPath(waiting, path, stay);
  }
  return { wake, waiting };
}

/** When to look again: the earliest expiry among waited leases, and at least every second (a holder may go offline). */
export function nextCheck(waiters: Waiters, live: (path: string) => Lease | null, now: number): number {
  return Math.min(now + 1000, earliestExpiry(Object.keys(waiters), live) ?? Number.POSITIVE_INFINITY);
}

function withPath(waiters: Waiters, path: string, parked: readonly Waiter[]): Waiters {
  const { [path]: _old, ...rest } = waiters;
  return parked.length > 0 ? { ...rest, [path]: parked } : rest;
}
