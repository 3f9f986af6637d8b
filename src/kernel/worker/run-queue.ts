/**
 * `RunQueue`: the actors of this thread that have mail to handle, in the order they got
 * it, drained in time slices so the event loop keeps turning (batches for other threads
 * leave, incoming ones are read, the watchdog sees the loop beat).
 *
 * What running an actor means is `turn.ts`'s business: the queue hands each cell to the
 * `run` function it was given.
 */
import { RingQueue } from '../actor/ring-queue.js';
import type { Clock } from '../clock.js';
import type { ActorCell } from './cell.js';
import type { ThreadCounters } from './thread-state.js';

/** How long one drain may run before yielding to the event loop (ms). */
const DRAIN_SLICE_MS = 2;
/** Turns between two looks at the clock during a drain. */
const DRAIN_CHECK_TURNS = 32;

export class RunQueue {
  private readonly queue = new RingQueue<ActorCell>(1024);
  private drainPending = false;
  private readonly drainBound = () => this.drain();

  constructor(
    private readonly counters: ThreadCounters,
    private readonly clock: Clock,
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
    this.drainPending = false;
    // A coarse wall time, read once per drain: when each actor last ran (passivation needs no better).
    const now = this.clock.now();
    // The slice is measured on the monotonic clock: it is elapsed time, not a time of day.
    const started = performance.now();
    const counters = this.counters;
    let turnsAtCheck = counters.turns;
    for (let cell = this.queue.shift(); cell !== undefined; cell = this.queue.shift()) {
      cell.scheduled = false;
      cell.lastActive = now;
      this.run(cell);
      // Look at the clock every few turns (one turn may send thousands of messages).
      if (counters.turns - turnsAtCheck >= DRAIN_CHECK_TURNS) {
        turnsAtCheck = counters.turns;
        if (performance.now() - started > DRAIN_SLICE_MS) {
          // Yield: batches for other threads get flushed and incoming ones get read.
          if (this.queue.size > 0) {
            this.drainPending = true;
            setImmediate(this.drainBound);
          }
          return;
        }
      }
    }
  }
}
