/**
 * Durable timers of one thread: one wake-up for the earliest timer in the store.
 *
 * Timers live in the store (written by the commit of the turn that scheduled them), so
 * they survive restarts and fire whether or not their actor is in memory. Firing a timer
 * is itself a commit: the message is written into the actor's inbox and the timer is
 * removed — or, if periodic, moved to its next slot; firings missed while the process
 * was down collapse into one, which carries the number missed.
 */
import type { Clock } from '../../clock.js';
import type { TimerRecord } from '../../persistence/records.js';
import type { Sequence } from '../../persistence/sequence.js';
import type { Store } from '../../persistence/store.js';
import { Envelope, type MailItem } from '../cell.js';
import type { CommitPipeline } from './commit-pipeline.js';

/** Put `item` in the mailbox of `to`, an actor of this thread (`MailDelivery.deliver`). */
export type DeliverFired = (to: string, item: MailItem, seq: number) => Error | null;

/** When a periodic timer due at `dueAt` fires at `now`: firings missed, and the next slot. */
export function nextSlot(
  dueAt: number,
  every: number,
  now: number,
): { readonly missed: number; readonly next: number } {
  const missed = Math.max(0, Math.floor((now - dueAt) / every));
  return { missed, next: dueAt + (missed + 1) * every };
}

export class DurableTimers {
  private wakeUp: NodeJS.Timeout | null = null;
  private wakeAt = Number.POSITIVE_INFINITY;
  /** Timers whose firing is being committed (actor \0 key): never fired twice. */
  private readonly firing = new Set<string>();
  private closed = false;

  constructor(
    private readonly thread: number,
    private readonly clock: Clock,
    private readonly store: Store,
    private readonly sequence: Sequence,
    private readonly pipeline: CommitPipeline,
    private readonly deliver: DeliverFired,
  ) {}

  /** Look at the store again (at start, and after a commit that scheduled a timer due at `dueAt`). */
  arm(dueAt?: number): void {
    if (this.closed) return;
    const next = dueAt ?? this.store.nextTimerDue(this.thread);
    if (next === undefined || next >= this.wakeAt) return;
    if (this.wakeUp) clearTimeout(this.wakeUp);
    this.wakeAt = next;
    this.wakeUp = setTimeout(() => this.fire(), Math.max(0, next - this.clock.now()));
  }

  close(): void {
    this.closed = true;
    if (this.wakeUp) clearTimeout(this.wakeUp);
  }

  private fire(): void {
    this.wakeUp = null;
    this.wakeAt = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    for (const timer of this.store.dueTimers(this.thread, now)) this.fireOne(timer, now);
    this.arm();
  }

  private fireOne(timer: TimerRecord, now: number): void {
    const name = `${timer.actorId}\0${timer.key}`;
    if (this.firing.has(name)) return;
    this.firing.add(name);
    const seq = this.sequence.next();
    const slot = timer.every ? nextSlot(timer.dueAt, timer.every, now) : null;
    this.pipeline.add({
      write: (w) => {
        w.putInbox([timer.actorId, seq], {
          message: timer.message,
          replyTo: null,
          messageId: null,
          missed: slot?.missed ?? 0,
        });
        if (slot) w.putTimer({ ...timer, dueAt: slot.next });
        else w.removeTimer(timer.actorId, timer.key);
      },
      after: () => {
        this.firing.delete(name);
        // Committed to the actor's inbox under `seq`: now the actor may have it.
        this.deliver(timer.actorId, new Envelope(timer.message, null, seq, slot?.missed ?? 0), 0);
        this.arm();
      },
      onFail: () => {
        this.firing.delete(name);
        this.arm();
      },
    });
  }
}
