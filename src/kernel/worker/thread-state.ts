/**
 * `ThreadState`: the plain facts every part of a worker thread's runtime shares — which
 * thread this is, the clock it reads, the actors living here (by id), its counters, and
 * whether it is shutting down. Data only: what is done with it belongs to the modules
 * that receive it (`mail-delivery.ts`, `turn.ts`, `spawn.ts`, …).
 */
import type { Clock } from '../clock.js';
import { DurationRecorder } from '../wire/duration-histogram.js';
import { WaitWatch } from '../wire/wait-watch.js';
import { Cells } from './cells.js';

/** What the thread reports in its stats (see `wire/control.ts` `ThreadStats`). */
export interface ThreadCounters {
  turns: number;
  messagesReceived: number;
  deadLetters: number;
  failures: number;
  restarts: number;
}

export class ThreadState {
  /** The actors in memory on this thread, by id (with the tallies the stats and passivation read). */
  readonly cells: Cells;
  readonly counters: ThreadCounters = {
    turns: 0,
    messagesReceived: 0,
    deadLetters: 0,
    failures: 0,
    restarts: 0,
  };
  /** How long turns took (`turn.ts` measures them). */
  readonly turnDurations = new DurationRecorder();
  /** Set once the shutdown stops the actors: events and exits are no longer reported. */
  shuttingDown = false;
  /** Effects carried out so far (tells, spawns, …): with the turns, what a drain slice measures. */
  work = 0;
  /** Tell the watchdog the runtime made progress outside a turn (`TurnWatch.pulse`; set by the runtime). */
  pulse: () => void = () => {};
  /** Tell the watchdog the thread enters or leaves a store transaction's write functions (`TurnWatch.writing`). */
  writing: (inside: boolean) => void = () => {};

  constructor(
    readonly thread: number,
    readonly threads: number,
    readonly clock: Clock,
    /** Whether asks between actors are reported as waits (`wire/wait-watch.ts`). */
    readonly waits: WaitWatch = new WaitWatch(null),
  ) {
    this.cells = new Cells(clock);
  }
}
