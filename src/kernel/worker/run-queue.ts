/**
 * `RunQueue`: the actors of this thread that have mail to handle, in the order they got
 * it, drained in time slices so the event loop keeps turning (batches for other threads
 * leave, incoming ones are read, the loop beat the watchdog watches advances).
 *
 * ```
 *   schedule ─▶ (no drain pending) queueMicrotask(drain)      the first drain comes at once
 *   drain: run cells ─▶ slice used up ─▶ setImmediate(drain)   the event loop turns first
 *                    └▶ queue empty   ─▶ idle until the next schedule
 * ```
 * A drain stays pending from the moment it is queued until one finds the queue empty, so mail
 * scheduled while a drain runs never queues another microtask in front of the yield. A slice
 * lasts until the event loop has turned, not just one drain: drains started by microtasks
 * (an async turn completing, say) in the same macrotask share it, so a thread whose work comes
 * back through promises yields too. The slice is measured on the clock every
 * `DRAIN_CHECK_WORK` units of work — a turn is one, and so is each effect it carried out (a
 * turn that spawns ten thousand actors counts ten thousand) — and when a drain starts.
 *
 * What running an actor means is `turn.ts`'s business: the queue hands each cell to the
 * `run` function it was given.
 */
import { RingQueue } from '../actor/ring-queue.js';
import type { ActorCell } from './cell.js';
import type { ThreadState } from './thread-state.js';

/** How long one drain may run before yielding to the event loop (ms). */
const DRAIN_SLICE_MS = 2;
/** Work (turns and effects) between two looks at the clock during a drain. */
const DRAIN_CHECK_WORK = 32;

export class RunQueue {
  private readonly queue = new RingQueue<ActorCell>(1024);
  /** A drain is queued or running: scheduling needs nothing more. */
  private drainPending = false;
  private readonly drainBound = () => this.drain();
  /** The current slice: open from its first drain until the event loop turned (`closeSlice`). */
  private sliceOpen = false;
  private sliceStarted = 0;
  private workAtCheck = 0;
  private readonly closeSlice = () => {
    this.sliceOpen = false;
  };

  constructor(
    private readonly state: ThreadState,
    /** Run some turns of `cell` (see `TurnRunner.runCell`). */
    private readonly run: (cell: ActorCell) => void,
  ) {}

  get size(): number {
    return this.queue.size;
  }

  schedule(cell: ActorCell): void {
    cell.scheduled = true;
    this.queue.push(cell);
    if (!this.drainPending) {
      this.drainPending = true;
      queueMicrotask(this.drainBound);
    }
  }

  private drain(): void {
    this.state.pulse();
    try {
      if (!this.sliceSpent()) this.runSlice();
    } finally {
      // Work left (the slice was used up, or a turn threw past the runtime): the next slice
      // comes after the event loop turned. Nothing left: the next schedule starts a drain.
      if (this.queue.size > 0) setImmediate(this.drainBound);
      else this.drainPending = false;
    }
  }

  /** Open a slice if none is open; otherwise, is the open one used up? */
  private sliceSpent(): boolean {
    if (this.sliceOpen) return performance.now() - this.sliceStarted > DRAIN_SLICE_MS;
    this.sliceOpen = true;
    // The slice is measured on the monotonic clock: it is elapsed time, not a time of day.
    this.sliceStarted = performance.now();
    this.workAtCheck = this.state.counters.turns + this.state.work;
    // Runs once the event loop has turned: the next drain starts a new slice.
    setImmediate(this.closeSlice);
    return false;
  }

  /** Run cells until the queue is empty or the slice is used up. */
  private runSlice(): void {
    const state = this.state;
    const counters = state.counters;
    const cells = state.cells;
    // A coarse wall time, read once per drain: when each actor last ran (passivation needs no better).
    const now = state.clock.now();
    for (let cell = this.queue.shift(); cell !== undefined; cell = this.queue.shift()) {
      cell.scheduled = false;
      if (cell.lastActive !== now) cells.touch(cell, now);
      this.run(cell);
      const work = counters.turns + state.work;
      if (work - this.workAtCheck >= DRAIN_CHECK_WORK) {
        this.workAtCheck = work;
        if (performance.now() - this.sliceStarted > DRAIN_SLICE_MS) return;
      }
    }
  }
}
