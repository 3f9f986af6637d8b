/**
 * `JamHandler`: what the system does when the watchdog finds a thread jammed. It publishes
 * `thread-jammed`, charges the jam to the actor whose turn it was (an `actor-failed` event
 * with the attempts so far — the counts go to the next thread started, so a durable
 * message that keeps jamming is quarantined like any failing one), and ends the worker;
 * the pool then replaces the thread.
 *
 * It does not watch threads (`watchdog.ts`) nor start or replace them (`thread-pool.ts`).
 */
import { ThreadJammedError, toErrorRecord } from '../errors.js';
import type { EventBus } from './event-bus.js';
import type { ThreadPool } from './thread-pool.js';
import type { JamReport } from './watchdog.js';

export class JamHandler {
  /** How often each actor's message jammed a thread (charged as failed attempts after the restart). */
  private readonly jams = new Map<string, number>();

  constructor(
    private readonly events: EventBus,
    private readonly workers: Pick<ThreadPool, 'terminateWorker'>,
  ) {}

  /** The jams charged so far, per actor id (for the `ThreadTask` of a thread being started). */
  counts(): Record<string, number> {
    return Object.fromEntries(this.jams);
  }

  onJam(report: JamReport): void {
    const reason = `${report.kind === 'turn' ? 'a turn' : 'its event loop'} made no progress for ${report.stuckMs} ms`;
    this.events.publish({ type: 'thread-jammed', thread: report.thread, actorId: report.actorId, reason });
    if (report.actorId) {
      const jams = (this.jams.get(report.actorId) ?? 0) + 1;
      this.jams.set(report.actorId, jams);
      this.events.publish({
        type: 'actor-failed',
        id: report.actorId,
        error: toErrorRecord(new ThreadJammedError(report.thread, reason)),
        attempt: jams,
        thread: report.thread,
      });
    }
    this.workers.terminateWorker(report.threadId);
  }
}
