/**
 * `MemoryTimers`: the timers of actors that are not durable (`ctx.schedule` /
 * `ctx.cancelSchedule`), kept on the event loop and lost with the actor. A timer belongs to
 * one incarnation: a restart or stop cancels it, and a timer of an older incarnation that
 * fires anyway delivers nothing. Delays are counted from the injected clock.
 *
 * A durable actor's timers are in the store (`durable/timers.ts`).
 */
import type { Clock } from '../clock.js';
import type { ActorCell, MailItem } from './cell.js';
import type { ThreadState } from './thread-state.js';

/** Put `item` in the mailbox of `to`, an actor of this thread (`MailDelivery`). */
export interface TimerMail {
  deliver(to: string, item: MailItem, seq: number): Error | null;
}

export class MemoryTimers {
  private readonly cells: ReadonlyMap<string, ActorCell>;
  private readonly clock: Clock;

  constructor(
    state: ThreadState,
    private readonly mail: TimerMail,
  ) {
    this.cells = state.cells;
    this.clock = state.clock;
  }

  /** Deliver `message` to `cell` at `dueAt` (epoch ms), then every `every` ms if set; replaces the timer `key`. */
  set(cell: ActorCell, key: string, dueAt: number, every: number | null, message: unknown): void {
    const timers = cell.timers ?? new Map<string, NodeJS.Timeout>();
    cell.timers = timers;
    const previous = timers.get(key);
    if (previous) clearTimeout(previous);
    const incarnation = cell.incarnation;
    const handle = setTimeout(
      () => {
        timers.delete(key);
        if (this.cells.get(cell.id) !== cell || cell.incarnation !== incarnation) return;
        this.mail.deliver(cell.id, message, 0);
        if (every !== null) this.set(cell, key, Math.max(dueAt + every, this.clock.now()), every, message);
      },
      Math.max(0, dueAt - this.clock.now()),
    );
    timers.set(key, handle);
  }

  cancel(cell: ActorCell, key: string): void {
    const handle = cell.timers?.get(key);
    if (handle) {
      clearTimeout(handle);
      cell.timers?.delete(key);
    }
  }

  cancelAll(cell: ActorCell): void {
    if (!cell.timers) return;
    for (const handle of cell.timers.values()) clearTimeout(handle);
    cell.timers.clear();
  }
}
