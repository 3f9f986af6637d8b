/**
 * Whether anyone watches the waits between actors: one shared word, set by the main thread
 * (`system.watchWaits()`, which the deadlock detector calls), read by every thread on each
 * actor-to-actor ask. While nobody watches, an ask sends no `wait-started` / `wait-ended`
 * events to the main thread: three messages saved per ask for a kernel without a detector.
 *
 * ```
 *   Int32 [0] watchers   how many watchers there are (0: none)
 * ```
 * One buffer per system, handed to every thread task (replacement workers included).
 */
export function createWaitWatchBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(4);
}

export function setWaitWatchers(buffer: SharedArrayBuffer, watchers: number): void {
  Atomics.store(new Int32Array(buffer, 0, 1), 0, watchers);
}

/** The thread's side: a cheap read of whether waits are watched (plain, not atomic: a late view is harmless). */
export class WaitWatch {
  private readonly word: Int32Array | null;

  /** `null`: always watched (a thread built without a system, as in unit tests). */
  constructor(buffer: SharedArrayBuffer | null) {
    this.word = buffer ? new Int32Array(buffer, 0, 1) : null;
  }

  get watched(): boolean {
    return this.word === null || (this.word[0] as number) > 0;
  }
}
