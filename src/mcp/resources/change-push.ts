/**
 * `ChangePush`: follows, on one topic, the keys a host subscribed to — agents' inboxes (new
 * mail), agents' records (status, task, registration), tasks, or the live leases — and calls
 * `onChange(key)` for each change, with no polling. Following a key is a chain of `watch`
 * asks to the `ChangeWatch` actor, each answered only when the key changed (or after the
 * watch's time-to-live, with no change); every answer re-arms the next ask with the count
 * it saw, so a change between two asks is not missed.
 *
 * ```
 *   start(key) ─ watch(after=null) → baseline n
 *   loop: watch(after=n) ──(change)──▶ {count: n+k} → onChange(key); n = n+k
 * ```
 *
 * `stop` ends one follow (the pending watch is answered at once by `unwatch`); `close` all.
 */
import { randomUUID } from 'node:crypto';
import {
  type ChangeWatchMsg,
  WATCH_TTL_MS,
  type WatchAnswer,
  type WatchTopic,
} from '../../../actors/coordination/change-watch.js';
import { type ActorRef, SystemShutDownError } from '../../kernel/index.js';

/** Beyond the watch's own time-to-live: the ask's timeout only catches a lost change watch. */
const ASK_MARGIN_MS = 10_000;
/** Pause after a failed watch before trying again (the change watch restarting, say). */
const RETRY_AFTER_MS = 1_000;

interface Follow {
  readonly watcherId: string;
  active: boolean;
}

export class ChangePush {
  readonly #watch: ActorRef<ChangeWatchMsg>;
  readonly #topic: WatchTopic;
  readonly #onChange: (key: string) => void;
  readonly #follows = new Map<string, Follow>();

  constructor(watch: ActorRef<ChangeWatchMsg>, topic: WatchTopic, onChange: (key: string) => void) {
    this.#watch = watch;
    this.#topic = topic;
    this.#onChange = onChange;
  }

  /** Follow a key; resolves once a change from now on is sure to be announced. */
  async start(key: string): Promise<void> {
    if (this.#follows.has(key)) return;
    const follow: Follow = { watcherId: `mcp-${randomUUID()}`, active: true };
    this.#follows.set(key, follow);
    try {
      const baseline = await this.#ask(follow, key, null);
      void this.#loop(key, follow, baseline);
    } catch (error) {
      this.#follows.delete(key);
      throw error;
    }
  }

  stop(key: string): void {
    const follow = this.#follows.get(key);
    if (!follow) return;
    follow.active = false;
    this.#follows.delete(key);
    try {
      this.#watch.tell({ type: 'unwatch', watcherId: follow.watcherId });
    } catch {
      // The system is already shutting down: the pending watch ends with it.
    }
  }

  close(): void {
    for (const key of [...this.#follows.keys()]) this.stop(key);
  }

  #ask(follow: Follow, key: string, seen: WatchAnswer | null): Promise<WatchAnswer> {
    return this.#watch.ask<WatchAnswer>(
      {
        type: 'watch',
        watcherId: follow.watcherId,
        key,
        topic: this.#topic,
        epoch: seen?.epoch ?? null,
        after: seen?.count ?? null,
      },
      { timeoutMs: WATCH_TTL_MS + ASK_MARGIN_MS },
    );
  }

  async #loop(key: string, follow: Follow, baseline: WatchAnswer): Promise<void> {
    let seen = baseline;
    while (follow.active) {
      try {
        const answer = await this.#ask(follow, key, seen);
        // Another epoch: the change watch started over, and whatever happened meanwhile counts as a change.
        const changed = answer.epoch !== seen.epoch || answer.count > seen.count;
        if (changed && follow.active) this.#onChange(key);
        seen = answer;
      } catch (error) {
        if (!follow.active || error instanceof SystemShutDownError) return;
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS).unref());
      }
    }
  }
}
