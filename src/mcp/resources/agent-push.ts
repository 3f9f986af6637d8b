/**
 * `AgentPush`: follows, for the agents a host subscribed to, one topic — their inbox (new
 * mail) or their record (status, task, registration) — and calls `onNews(agentId)` for each
 * change, with no polling. Following an agent is a chain of `watch` asks to the `MailWatch`
 * actor, each answered only when there is news for the agent on the topic (or after the
 * watch's time-to-live, with none); every answer re-arms the next ask with the count it
 * saw, so news between two asks is not missed.
 *
 * ```
 *   start(agent) ─ watch(after=null) → baseline n
 *   loop: watch(after=n) ──(news)──▶ {deposits: n+k} → onNews(agent); n = n+k
 * ```
 *
 * `stop` ends one follow (the pending watch is answered at once by `unwatch`); `close` all.
 */
import { randomUUID } from 'node:crypto';
import {
  type MailWatchMsg,
  WATCH_TTL_MS,
  type WatchAnswer,
  type WatchTopic,
} from '../../../actors/agents/mail-watch.js';
import type { ActorRef } from '../../actor/ref.js';
import { SystemShutDownError } from '../../errors.js';

/** Beyond the watch's own time-to-live: the ask's timeout only catches a lost mail watch. */
const ASK_MARGIN_MS = 10_000;
/** Pause after a failed watch before trying again (the mail watch restarting, say). */
const RETRY_AFTER_MS = 1_000;

interface Follow {
  readonly watcherId: string;
  active: boolean;
}

export class AgentPush {
  readonly #watch: ActorRef<MailWatchMsg>;
  readonly #topic: WatchTopic;
  readonly #onNews: (agentId: string) => void;
  readonly #follows = new Map<string, Follow>();

  constructor(watch: ActorRef<MailWatchMsg>, topic: WatchTopic, onNews: (agentId: string) => void) {
    this.#watch = watch;
    this.#topic = topic;
    this.#onNews = onNews;
  }

  /** Follow an agent; resolves once news from now on is sure to be announced. */
  async start(agentId: string): Promise<void> {
    if (this.#follows.has(agentId)) return;
    const follow: Follow = { watcherId: `mcp-${randomUUID()}`, active: true };
    this.#follows.set(agentId, follow);
    try {
      const baseline = await this.#ask(follow, agentId, null);
      void this.#loop(agentId, follow, baseline);
    } catch (error) {
      this.#follows.delete(agentId);
      throw error;
    }
  }

  stop(agentId: string): void {
    const follow = this.#follows.get(agentId);
    if (!follow) return;
    follow.active = false;
    this.#follows.delete(agentId);
    try {
      this.#watch.tell({ type: 'unwatch', watcherId: follow.watcherId });
    } catch {
      // The system is already shutting down: the pending watch ends with it.
    }
  }

  close(): void {
    for (const agentId of [...this.#follows.keys()]) this.stop(agentId);
  }

  #ask(follow: Follow, agentId: string, seen: WatchAnswer | null): Promise<WatchAnswer> {
    return this.#watch.ask<WatchAnswer>(
      {
        type: 'watch',
        watcherId: follow.watcherId,
        agentId,
        topic: this.#topic,
        epoch: seen?.epoch ?? null,
        after: seen?.deposits ?? null,
      },
      { timeoutMs: WATCH_TTL_MS + ASK_MARGIN_MS },
    );
  }

  async #loop(agentId: string, follow: Follow, baseline: WatchAnswer): Promise<void> {
    let seen = baseline;
    while (follow.active) {
      try {
        const answer = await this.#ask(follow, agentId, seen);
        // Another epoch: the mail watch started over, and whatever happened meanwhile counts as news.
        const news = answer.epoch !== seen.epoch || answer.deposits > seen.deposits;
        if (news && follow.active) this.#onNews(agentId);
        seen = answer;
      } catch (error) {
        if (!follow.active || error instanceof SystemShutDownError) return;
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS).unref());
      }
    }
  }
}
