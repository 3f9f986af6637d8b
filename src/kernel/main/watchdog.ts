/**
 * The worker watchdog, on the main thread: every thread must show progress in its turn
 * watch (`wire/turn-watch.ts`). A turn that runs past its budget, or an event loop that
 * stops beating, means the thread is jammed: the watchdog reports it (`jam-handler.ts`
 * decides what follows: the thread is ended and replaced, its actors restart on the new one).
 *
 * It measures how long real threads make no progress, so it reads a monotonic clock of its
 * own (injected), not the system's clock: a manual clock standing still would hide a jam,
 * and one moved forward would report threads that are working.
 */
import { readTurnWatch } from '../wire/turn-watch.js';

export interface WatchdogOptions {
  /** Default budget of one turn (a kind may set its own). */
  readonly turnTimeoutMs: number;
  /** How long an event loop may go without a beat. */
  readonly loopTimeoutMs: number;
  readonly checkEveryMs: number;
}

export type JamKind = 'turn' | 'loop';

/**
 * How long a loop may go without a beat while a kind module is imported: evaluating a large
 * module graph (an SDK, a schema validator) blocks the loop for a while on a busy machine, and
 * is not a jam — an import that never ends still is.
 */
export const MODULE_LOAD_TIMEOUT_MS = 30_000;

export interface JamReport {
  readonly thread: number;
  readonly kind: JamKind;
  /** The actor whose turn jammed the thread (`null` for a loop that stopped outside turns). */
  readonly actorId: string | null;
  /** The inbox seq of the message that turn was handling (0: none, or a message not in the store). */
  readonly inboxSeq: number;
  /** Failed attempts at that message before this turn (earlier jams included). */
  readonly attempts: number;
  readonly stuckMs: number;
  readonly threadId: number;
  /** The thread's heap in use when it last beat, per mille of its limit. */
  readonly heapPermille: number;
}

interface Watched {
  buffer: SharedArrayBuffer;
  seq: number;
  seqSince: number;
  beat: number;
  beatSince: number;
  /** A jam was reported: wait for the replacement before looking again. */
  reported: boolean;
}

export class Watchdog {
  private readonly watched = new Map<number, Watched>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly options: WatchdogOptions,
    private readonly onJam: (report: JamReport) => void,
    /** Monotonic milliseconds (`performance.now`, or a fake in tests). */
    private readonly clock: () => number,
  ) {}

  /** A watchdog on the system's budgets, checking every `checkEveryMs` on `performance.now`, started. */
  static started(
    budgets: Pick<WatchdogOptions, 'turnTimeoutMs' | 'loopTimeoutMs'>,
    checkEveryMs: number,
    onJam: (report: JamReport) => void,
  ): Watchdog {
    const { turnTimeoutMs, loopTimeoutMs } = budgets;
    const watchdog = new Watchdog({ turnTimeoutMs, loopTimeoutMs, checkEveryMs }, onJam, () =>
      performance.now(),
    );
    watchdog.start();
    return watchdog;
  }

  /** Watch `thread` through `buffer` (again, after a replacement). */
  watch(thread: number, buffer: SharedArrayBuffer): void {
    const now = this.clock();
    this.watched.set(thread, { buffer, seq: 0, seqSince: now, beat: 0, beatSince: now, reported: false });
  }

  start(): void {
    this.timer = setInterval(() => this.check(), this.options.checkEveryMs);
    this.timer.unref();
  }

  /** No more checks, and no more reports (not even from a check under way). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  private loopLimit(loading: boolean): number {
    return loading
      ? Math.max(this.options.loopTimeoutMs, MODULE_LOAD_TIMEOUT_MS)
      : this.options.loopTimeoutMs;
  }

  check(now = this.clock()): void {
    for (const [thread, watched] of this.watched) {
      if (this.stopped) return;
      if (watched.reported) continue;
      const reading = readTurnWatch(watched.buffer);
      if (reading.seq !== watched.seq) {
        watched.seq = reading.seq;
        watched.seqSince = now;
      }
      if (reading.beat !== watched.beat) {
        watched.beat = reading.beat;
        watched.beatSince = now;
      }
      const budget = reading.budgetMs > 0 ? reading.budgetMs : this.options.turnTimeoutMs;
      const turnStuck = reading.inTurn ? now - watched.seqSince : 0;
      // The loop is watched once it has beaten at least once (start-up imports take a while).
      const loopStuck = reading.beat > 0 ? now - watched.beatSince : 0;
      let kind: JamKind | null = null;
      if (turnStuck >= budget) kind = 'turn';
      else if (loopStuck >= this.loopLimit(reading.loading)) kind = 'loop';
      // Never ended inside a write transaction (`TurnWatch.writing`): reported once it is out.
      if (!kind || reading.writing) continue;
      watched.reported = true;
      this.onJam({
        thread,
        kind,
        actorId: reading.inTurn ? reading.actorId() || null : null,
        inboxSeq: reading.inTurn ? reading.inboxSeq : 0,
        attempts: reading.inTurn ? reading.attempts : 0,
        stuckMs: kind === 'turn' ? turnStuck : loopStuck,
        threadId: reading.threadId,
        heapPermille: reading.heapPermille,
      });
    }
  }
}
