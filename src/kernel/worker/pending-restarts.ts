/**
 * `PendingRestarts`: the restarts of this thread's actors that wait out their backoff, by
 * actor id — so that an explicit stop (or a removal from the store) of an actor cancels the
 * restart its supervisor scheduled before, and the actor never comes back after it.
 *
 * It decides nothing: `supervisor.ts` schedules the restarts, `stop.ts` cancels them.
 */
export class PendingRestarts {
  private readonly waiting = new Map<string, Set<NodeJS.Timeout>>();

  /** Run `restart` of actor `id` after `delayMs` (at once when there is no delay), unless cancelled meanwhile. */
  after(id: string, delayMs: number, restart: () => void): void {
    if (delayMs <= 0) {
      restart();
      return;
    }
    let timers = this.waiting.get(id);
    if (!timers) {
      timers = new Set();
      this.waiting.set(id, timers);
    }
    const pending = timers;
    const timer = setTimeout(() => {
      pending.delete(timer);
      if (pending.size === 0 && this.waiting.get(id) === pending) this.waiting.delete(id);
      restart();
    }, delayMs);
    pending.add(timer);
  }

  /** Forget every restart of `id` still waiting. */
  cancel(id: string): void {
    const timers = this.waiting.get(id);
    if (!timers) return;
    this.waiting.delete(id);
    for (const timer of timers) clearTimeout(timer);
  }

  /** Forget them all (at shutdown). */
  cancelAll(): void {
    for (const id of [...this.waiting.keys()]) this.cancel(id);
  }
}
