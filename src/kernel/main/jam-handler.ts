/**
 * `JamHandler`: what the system does when the watchdog finds a thread jammed. It publishes
 * `thread-jammed`, charges the jam to the *message* whose turn it was — an `actor-failed`
 * event with the attempts so far, and, for a stored message, a charge (inbox seq, attempts)
 * handed to the thread's next worker, which raises that message's attempts when it comes
 * back from the inbox, so a message that keeps jamming is quarantined and no other is — and
 * ends the worker; the pool then replaces the thread. The attempts are also written to the
 * message's inbox record, so they still count after the process restarts (a poison message
 * does not get a fresh set of jams with every process).
 *
 * Charges are kept only until the replacement's task is made (`takeCharges`): nothing here
 * grows with the number of jams. A message not in the store dies with its thread, so only
 * the event is published for it.
 *
 * It does not watch threads (`watchdog.ts`) nor start or replace them (`thread-pool.ts`).
 */
import { ThreadJammedError, toErrorRecord } from '../errors.js';
import type { JamCharge } from '../wire/thread-task.js';
import type { EventBus } from './event-bus.js';
import type { MainStore } from './main-store.js';
import type { ThreadPool } from './thread-pool.js';
import type { JamReport } from './watchdog.js';

export class JamHandler {
  /** Per logical thread, the charges its next worker is to get. */
  private readonly charges = new Map<number, JamCharge[]>();

  constructor(
    private readonly events: EventBus,
    private readonly workers: Pick<ThreadPool, 'terminateWorker'>,
    /** Where a stored message's attempts are written (`null`: a memory-only system). */
    private readonly stored: Pick<MainStore, 'noteAttempts'> | null = null,
  ) {}

  /** The charges for the worker now starting on `thread` (they are handed over once). */
  takeCharges(thread: number): JamCharge[] {
    const charges = this.charges.get(thread) ?? [];
    this.charges.delete(thread);
    return charges;
  }

  /** How many charges wait for a replacement (all threads). */
  get pending(): number {
    let count = 0;
    for (const charges of this.charges.values()) count += charges.length;
    return count;
  }

  onJam(report: JamReport): void {
    const reason = `${report.kind === 'turn' ? 'a turn' : 'its event loop'} made no progress for ${Math.round(report.stuckMs)} ms${heapWords(report.heapPermille)}`;
    this.events.publish({ type: 'thread-jammed', thread: report.thread, actorId: report.actorId, reason });
    if (report.actorId) {
      const attempts = report.attempts + 1;
      if (report.inboxSeq > 0) {
        const charges = this.charges.get(report.thread) ?? [];
        charges.push({ seq: report.inboxSeq, attempts });
        this.charges.set(report.thread, charges);
        // Best effort: the charge above still counts in this process if the write fails.
        this.stored?.noteAttempts(report.actorId, report.inboxSeq, attempts).catch(() => {});
      }
      this.events.publish({
        type: 'actor-failed',
        id: report.actorId,
        error: toErrorRecord(new ThreadJammedError(report.thread, reason)),
        attempt: attempts,
        thread: report.thread,
      });
    }
    this.workers.terminateWorker(report.thread, report.threadId, { reason, actorId: report.actorId ?? null });
  }
}

/** Heap in use at or above this share of its limit makes a stalled loop most likely a dying heap. */
const FULL_HEAP_PERMILLE = 900;

/** What the reason adds when the thread's heap was nearly full: the jam is most likely memory. */
function heapWords(permille: number): string {
  if (permille < FULL_HEAP_PERMILLE) return '';
  return ` — its heap was ${Math.round(permille / 10)}% full when last seen, so most likely out of memory (workerResourceLimits, maxActiveActors)`;
}
