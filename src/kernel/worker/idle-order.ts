/**
 * `IdleOrder`: the durable actors in memory, ordered by when they were last active — the
 * longest idle first — so the passivation sweep walks from the oldest and stops at the
 * first one not idle long enough, instead of looking at every actor.
 *
 * A `Set` keeps insertion order: an actor active again is taken out and put back at the
 * end, so the order is that of `lastActive` as long as the clock does not go back (if it
 * does, an actor behind a later one merely waits for it to be idle too).
 *
 * Which actors enter and leave is `cells.ts`'s; what may be dropped is `durable/passivation.ts`'s.
 */
import type { ActorCell } from './cell.js';

export class IdleOrder {
  private readonly order = new Set<ActorCell>();
  private growth: (() => void) | null = null;

  get size(): number {
    return this.order.size;
  }

  has(cell: ActorCell): boolean {
    return this.order.has(cell);
  }

  /** `listener` hears each actor that enters the order (the activation limit: `durable/passivation.ts`). */
  onGrowth(listener: () => void): void {
    this.growth = listener;
  }

  /** `cell` was active at `now`: it goes to the end, the most recently active. */
  touch(cell: ActorCell, now: number): void {
    cell.lastActive = now;
    const entered = !this.order.delete(cell);
    this.order.add(cell);
    if (entered) this.growth?.();
  }

  remove(cell: ActorCell): void {
    this.order.delete(cell);
  }

  /** The actors, the longest idle first. Removing the actor at hand while iterating is safe. */
  oldestFirst(): IterableIterator<ActorCell> {
    return this.order.values();
  }
}
