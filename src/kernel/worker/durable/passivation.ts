/**
 * `Passivation`: idle durable actors leave memory; their state stays in the store and they
 * come back on their next message (`activation.ts`). A sweep runs every half idle period.
 *
 * An actor stays while it has mail, commits in flight, a turn scheduled or under way, or
 * children it supervises; one that has not run a turn yet is idle from the first sweep that sees it. Leaving memory itself is `stop.ts`'s `dropCell`.
 */
import type { Clock } from '../../clock.js';
import type { ActorCell } from '../cell.js';

/** How a cell leaves memory without leaving the store (`Stopper.dropCell`). */
export interface CellDropper {
  dropCell(cell: ActorCell, reason: 'passivated'): void;
}

export class Passivation {
  private readonly sweepTimer: NodeJS.Timeout;

  constructor(
    private readonly cells: ReadonlyMap<string, ActorCell>,
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
    for (const cell of [...this.cells.values()]) {
      if (!cell.spec.persistent || cell.status !== 'active' || cell.scheduled) continue;
      if (cell.lastActive === 0) {
        // Never ran a turn since it came into memory (spawned, or activated without mail): its
        // idle time starts now, not at the epoch — else it leaves at once, its first mail on the way.
        cell.lastActive = now;
        continue;
      }
      if (cell.mailboxDepth > 0 || cell.pendingCommits > 0 || now - cell.lastActive < this.idleTimeoutMs)
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
