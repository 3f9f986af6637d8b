/**
 * `Passivation`: idle durable actors leave memory; their state stays in the store and they
 * come back on their next message (`activation.ts`). A sweep runs every half idle period.
 *
 * An actor stays while it has mail, commits in flight, a turn scheduled or under way, or
 * children it supervises; one that has not run a turn yet is idle from when it came into
 * memory (`cells.ts`), never from the epoch. The sweep walks the durable actors from the longest idle
 * (`idle-order.ts`) and stops at the first one idle for less than the timeout: it costs the
 * actors it drops and those it must keep, not every actor in memory. Leaving memory itself
 * is `stop.ts`'s `dropCell`.
 */
import type { Clock } from '../../clock.js';
import type { ActorCell } from '../cell.js';
import type { IdleOrder } from '../idle-order.js';

/** How a cell leaves memory without leaving the store (`Stopper.dropCell`). */
export interface CellDropper {
  dropCell(cell: ActorCell, reason: 'passivated'): void;
}

export class Passivation {
  private readonly sweepTimer: NodeJS.Timeout;

  constructor(
    private readonly idle: IdleOrder,
    private readonly clock: Clock,
    private readonly idleTimeoutMs: number,
    private readonly dropper: CellDropper,
  ) {
    this.sweepTimer = setInterval(() => this.passivateIdle(), Math.max(50, idleTimeoutMs / 2));
    this.sweepTimer.unref();
  }

  /** Drop the durable actors idle since `idleTimeoutMs` before `now`; returns how many left. */
  passivateIdle(now = this.clock.now()): number {
    let passivated = 0;
    // Dropping the cell at hand takes it out of the order: the walk goes on with the next.
    for (const cell of this.idle.oldestFirst()) {
      if (now - cell.lastActive < this.idleTimeoutMs) break;
      if (cell.status !== 'active' || cell.scheduled || cell.mailboxDepth > 0 || cell.pendingCommits > 0)
        continue;
      if (cell.children && cell.children.size > 0) continue;
      this.dropper.dropCell(cell, 'passivated');
      passivated++;
    }
    return passivated;
  }

  close(): void {
    clearInterval(this.sweepTimer);
  }
}
