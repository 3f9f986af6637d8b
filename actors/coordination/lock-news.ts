/**
 * What the lock table tells its observers, and when: whenever the set of live leases differs
 * from the one it last announced — a lease taken, renewed, released or forced, and also one
 * that expired or whose holder went offline (changes no tool call made). The table keeps a
 * timer at the earliest expiry, and hears from the registry when an agent changes, so that
 * those are noticed when they happen.
 */
import type { ActorContext, ActorRef } from '../../src/kernel/index.js';
import type { LocksChanged } from './change-events.js';
import type { Lease } from './lease.js';

/** The live leases as one comparable string: path, holder and expiry of each, in path order. */
export function fingerprint(paths: readonly string[], live: (path: string) => Lease | null): string {
  return paths
    .map(live)
    .filter((lease): lease is Lease => lease !== null)
    .map((lease) => `${lease.path}\u0000${lease.holder}\u0000${lease.expiresAt}`)
    .sort()
    .join('\u0001');
}

/** Tell every observer that the live leases changed. */
export function announce(observers: readonly ActorRef<LocksChanged>[], ctx: ActorContext<unknown>): void {
  for (const observer of observers) ctx.tell(observer, { type: 'locks-changed' });
}

/** The earliest expiry among the live leases (null when none is held). */
export function earliestExpiry(
  paths: readonly string[],
  live: (path: string) => Lease | null,
): number | null {
  let earliest: number | null = null;
  for (const path of paths) {
    const expiry = live(path)?.expiresAt;
    if (expiry !== undefined && (earliest === null || expiry < earliest)) earliest = expiry;
  }
  return earliest;
}
