/**
 * `Cells`: the actors in memory on this thread, by id — a `Map` that keeps, as cells enter
 * and leave it, what the stats and the passivation sweep would otherwise scan every actor
 * for: the number of actors of each kind and of each status, the cells that got mail, and the durable cells
 * in the order they were last active (`idle-order.ts`).
 *
 * It is a `Map` so that every `set` and `delete`, wherever in the runtime, goes through the
 * bookkeeping without the caller knowing. Mail is the exception: a mailbox fills outside the
 * map, so whoever puts mail in one says so (`noteMail`). The cells noted stay in the set
 * until the cell leaves or `tally` finds its mailbox empty, so a tally costs the cells that
 * had mail since the last one, not every actor.
 *
 * What a cell is and does is `cell.ts`'s; dropping idle actors is `durable/passivation.ts`'s.
 */
import type { Clock } from '../clock.js';
import type { ActorStatus, KindStats, StatusCounts } from '../wire/control.js';
import type { ActorCell } from './cell.js';
import { IdleOrder } from './idle-order.js';

/** The figures `stats()` reports that depend on the actors in memory. */
export interface CellsTally {
  readonly queueDepth: number;
  readonly kinds: KindStats[];
}

export class Cells extends Map<string, ActorCell> {
  /** The durable cells, the longest idle first. */
  readonly idle = new IdleOrder();
  /** Actors in memory per kind (its export name, as the stats report it). */
  private readonly kindCounts = new Map<string, number>();
  /** A superset of the cells in memory with mail in their mailbox. */
  private readonly withMail = new Set<ActorCell>();
  /** Actors in memory per status (each cell moves its own count when its status changes). */
  private readonly statusCounts: Record<ActorStatus, number> = {
    starting: 0,
    active: 0,
    busy: 0,
    suspended: 0,
    restarting: 0,
    stopping: 0,
  };

  constructor(private readonly clock: Clock) {
    super();
  }

  override set(id: string, cell: ActorCell): this {
    const previous = super.get(id);
    if (previous === cell) return this;
    if (previous) this.forget(previous);
    super.set(id, cell);
    const kind = cell.spec.kind.name;
    this.kindCounts.set(kind, (this.kindCounts.get(kind) ?? 0) + 1);
    this.statusCounts[cell.status]++;
    cell.statusCounts = this.statusCounts;
    // Coming into memory counts as activity: the actor is idle from now on.
    if (cell.spec.persistent) this.idle.touch(cell, this.clock.now());
    if (cell.mailboxDepth > 0) this.withMail.add(cell);
    return this;
  }

  override delete(id: string): boolean {
    const cell = super.get(id);
    if (!cell) return false;
    this.forget(cell);
    return super.delete(id);
  }

  override clear(): void {
    for (const cell of super.values()) this.forget(cell);
    super.clear();
  }

  /** Mail was put in `cell`'s mailbox (accepted, restored from the store, put back after a failed turn). */
  noteMail(cell: ActorCell): void {
    this.withMail.add(cell);
  }

  /** `cell` is handling its mail now (`run-queue.ts`): for passivation, it is not idle (only durable actors passivate). */
  touch(cell: ActorCell, now: number): void {
    if (!cell.spec.persistent) return;
    if (this.idle.has(cell)) this.idle.touch(cell, now);
    else cell.lastActive = now;
  }

  /**
   * The mail waiting in this thread's mailboxes, in all and per kind, and the actors of each
   * kind. Cells whose mailbox is empty leave the mail set here.
   */
  tally(): CellsTally {
    const kinds = new Map<string, { kind: string; actors: number; backlog: number }>();
    for (const [kind, actors] of this.kindCounts) kinds.set(kind, { kind, actors, backlog: 0 });
    let queueDepth = 0;
    for (const cell of this.withMail) {
      const depth = cell.mailboxDepth;
      if (depth === 0 || super.get(cell.id) !== cell) {
        this.withMail.delete(cell);
        continue;
      }
      queueDepth += depth;
      const kind = kinds.get(cell.spec.kind.name);
      if (kind) kind.backlog += depth;
    }
    return { queueDepth, kinds: [...kinds.values()] };
  }

  /** The actors in memory by status. */
  statuses(): StatusCounts {
    return { ...this.statusCounts };
  }

  private forget(cell: ActorCell): void {
    if (cell.statusCounts === this.statusCounts) {
      this.statusCounts[cell.status]--;
      cell.statusCounts = null;
    }
    const kind = cell.spec.kind.name;
    const count = (this.kindCounts.get(kind) ?? 0) - 1;
    if (count > 0) this.kindCounts.set(kind, count);
    else this.kindCounts.delete(kind);
    this.withMail.delete(cell);
    this.idle.remove(cell);
  }
}
