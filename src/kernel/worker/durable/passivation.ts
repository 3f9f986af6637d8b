/**
 * `Passivation`: durable actors leave memory; their state stays in the store and they come
 * back on their next message (`activation.ts`). Two reasons to leave:
 * - **idle**: a sweep every half idle period drops the actors idle past `idleTimeoutMs`;
 * - **the activation limit**: past `maxActive` durable actors in memory on this thread, the
 *   least recently active ones leave (down to 90% of the limit, so a flood of activations
 *   pays one walk per tenth of the limit, not one per actor). The number of stored actors is
 *   then bounded by the disk, not by the heap.
 *
 * An actor stays while it has mail, commits in flight, a turn scheduled or under way, or
 * children it supervises; one that has not run a turn yet is idle from when it came into
 * memory (`cells.ts`), never from the epoch. Both walks go from the longest idle
 * (`idle-order.ts`): the sweep stops at the first actor idle for less than the timeout, the
 * limit at the first point under its low-water mark — each costs the actors it drops and
 * those it must keep, not every actor in memory. Leaving memory itself is `stop.ts`'s `dropCell`.
 */
import { getHeapStatistics } from 'node:v8';
import type { Clock } from '../../clock.js';
import type { ActorCell } from '../cell.js';
import type { IdleOrder } from '../idle-order.js';

/** How a cell leaves memory without leaving the store (`Stopper.dropCell`). */
export interface CellDropper {
  dropCell(cell: ActorCell, reason: 'passivated'): void;
}

/** Heap set aside per durable actor in memory when the limit is derived from the heap limit. */
const BYTES_PER_ACTIVE_ACTOR = 16 * 1024;
/** The limit brings the actors in memory down to this share of it. */
const LOW_WATER = 0.9;
/** After a walk that could not get under the limit (every actor busy), the next waits this long. */
const RETRY_MS = 20;

/**
 * The default activation limit of a thread: its heap limit / 16 KiB (an idle durable actor
 * takes ~3.5 KB; the rest is head room for state, mail and everything else), at least 1,000.
 */
export function defaultMaxActiveActors(heapLimitBytes = getHeapStatistics().heap_size_limit): number {
  return Math.max(1_000, Math.floor(heapLimitBytes / BYTES_PER_ACTIVE_ACTOR));
}

export class Passivation {
  private readonly sweepTimer: NodeJS.Timeout;
  /** A walk down to the low-water mark is scheduled. */
  private shrinking = false;
  /** Actors dropped by the limit (not by idleness), since the thread started. */
  private evicted = 0;

  constructor(
    private readonly idle: IdleOrder,
    private readonly clock: Clock,
    private readonly idleTimeoutMs: number,
    private readonly dropper: CellDropper,
    /** Durable actors this thread keeps in memory at most (beyond it: least recently active leave). */
    readonly maxActive: number = defaultMaxActiveActors(),
  ) {
    this.sweepTimer = setInterval(() => this.passivateIdle(), Math.max(50, idleTimeoutMs / 2));
    this.sweepTimer.unref();
    idle.onGrowth(() => {
      if (!this.shrinking && idle.size > this.maxActive) this.scheduleShrink(0);
    });
  }

  /** Durable actors dropped because the thread reached its activation limit. */
  get evictions(): number {
    return this.evicted;
  }

  /** Drop the durable actors idle since `idleTimeoutMs` before `now`; returns how many left. */
  passivateIdle(now = this.clock.now()): number {
    let passivated = 0;
    // Dropping the cell at hand takes it out of the order: the walk goes on with the next.
    for (const cell of this.idle.oldestFirst()) {
      if (now - cell.lastActive < this.idleTimeoutMs) break;
      if (!isDroppable(cell)) continue;
      this.dropper.dropCell(cell, 'passivated');
      passivated++;
    }
    return passivated;
  }

  /** Drop the least recently active droppable actors until at most 90% of the limit are in memory. */
  passivateOverLimit(): number {
    const target = Math.floor(this.maxActive * LOW_WATER);
    let passivated = 0;
    for (const cell of this.idle.oldestFirst()) {
      if (this.idle.size <= target) break;
      if (!isDroppable(cell)) continue;
      this.dropper.dropCell(cell, 'passivated');
      passivated++;
    }
    this.evicted += passivated;
    return passivated;
  }

  close(): void {
    clearInterval(this.sweepTimer);
  }

  /**
   * Shrink outside the code that brought the actor in (a spawn, an activation in the middle of
   * a delivery): the walk runs from the event loop, where no cell is half made.
   */
  private scheduleShrink(delayMs: number): void {
    this.shrinking = true;
    const shrink = () => {
      this.shrinking = false;
      this.passivateOverLimit();
      // Still over: every actor left is busy (mail, commits in flight, a turn): try again shortly.
      if (this.idle.size > this.maxActive) this.scheduleShrink(RETRY_MS);
    };
    if (delayMs === 0) setImmediate(shrink).unref();
    else setTimeout(shrink, delayMs).unref();
  }
}

/** May `cell` leave memory now? Not with mail, commits in flight, a turn, or children it supervises. */
function isDroppable(cell: ActorCell): boolean {
  if (cell.status !== 'active' || cell.scheduled || cell.mailboxDepth > 0 || cell.pendingCommits > 0)
    return false;
  return !(cell.children && cell.children.size > 0);
}
