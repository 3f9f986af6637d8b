/**
 * `MailWatch`: who is waiting to hear of new mail. A watcher asks `watch` for an agent and
 * gets no answer until a message is posted to that agent's inbox — a deferred reply, so
 * nothing polls. The answer carries how many messages were posted to the agent since this
 * actor started (`deposits`) and the actor's `epoch`; the watcher asks again with what it
 * saw, and is answered at once if it missed something meanwhile.
 *
 * ```
 *   watcher ──watch(after=n)──▶ MailWatch ◀──posted── PostOffice
 *      ▲                            │ deposits > n, or the watch's TTL passed
 *      └──────── {epoch, deposits} ─┘
 * ```
 *
 * It keeps only in-memory state (`persistent: false`): a kept `ReplyTo` names an ask of
 * this process, so it must not outlive it. Every watcher is answered — on a post, on
 * `unwatch`, or when its time-to-live runs out — and then dropped, so watchers never accumulate. A new
 * epoch (this actor restarted) tells a watcher that its count no longer compares.
 */
import { randomUUID } from 'node:crypto';
import { defineActor, type ReplyTo, reply } from '../../src/index.js';
import type { PostEvent } from './post-event.js';

/** How long a watch waits, by default, before it is answered with no news (the watcher then asks again). */
export const WATCH_TTL_MS = 20_000;

export interface MailWatchArgs {
  /** How long a watch waits (default {@link WATCH_TTL_MS}); a watcher's ask timeout must be longer. */
  readonly ttlMs?: number;
}

export interface WatchAnswer {
  readonly agentId: string;
  /** Changes when this actor starts again: counts of another epoch do not compare. */
  readonly epoch: string;
  /** Messages posted to the agent's inbox in this epoch. */
  readonly deposits: number;
}

export type MailWatchMsg =
  | PostEvent
  /** Answer when `agentId` has more than `after` deposits in `epoch` (at once when it already has, or when `after` is null). */
  | {
      readonly type: 'watch';
      readonly watcherId: string;
      readonly agentId: string;
      readonly epoch: string | null;
      readonly after: number | null;
    }
  /** Answer the watcher now and forget it. */
  | { readonly type: 'unwatch'; readonly watcherId: string }
  /** This actor's own timer: the watch ran out of time. */
  | { readonly type: 'expire'; readonly watcherId: string };

interface Watcher {
  readonly agentId: string;
  readonly replyTo: ReplyTo;
}

interface WatchState {
  readonly epoch: string;
  readonly ttlMs: number;
  readonly deposits: Readonly<Record<string, number>>;
  /** By watcher id. */
  readonly watchers: Readonly<Record<string, Watcher>>;
}

const expiryKey = (watcherId: string) => `expire:${watcherId}`;

function answerFor(state: WatchState, agentId: string): WatchAnswer {
  return { agentId, epoch: state.epoch, deposits: state.deposits[agentId] ?? 0 };
}

export const MailWatch = defineActor<MailWatchMsg, WatchState, MailWatchArgs | undefined>({
  module: import.meta.url,
  name: 'MailWatch',
  persistent: false,
  init: (args) => ({ epoch: randomUUID(), ttlMs: args?.ttlMs ?? WATCH_TTL_MS, deposits: {}, watchers: {} }),
  receive: (state, msg, ctx) => {
    /** Answer these watchers with the counts of `after` and drop them. */
    const release = (after: WatchState, watcherIds: readonly string[]): WatchState => {
      const watchers = { ...after.watchers };
      for (const id of watcherIds) {
        const watcher = watchers[id];
        if (!watcher) continue;
        ctx.replyTo(watcher.replyTo, answerFor(after, watcher.agentId));
        ctx.cancelSchedule(expiryKey(id));
        delete watchers[id];
      }
      return { ...after, watchers };
    };
    switch (msg.type) {
      case 'posted': {
        const agentId = msg.message.to;
        const next = {
          ...state,
          deposits: { ...state.deposits, [agentId]: (state.deposits[agentId] ?? 0) + 1 },
        };
        const waiting = Object.entries(state.watchers).filter(([, w]) => w.agentId === agentId);
        return release(
          next,
          waiting.map(([id]) => id),
        );
      }
      case 'watch': {
        // A watcher id names one pending watch: an earlier one under the same id is answered first.
        const next = release(state, [msg.watcherId]);
        const now = answerFor(next, msg.agentId);
        if (msg.after === null || msg.epoch !== next.epoch || now.deposits > msg.after)
          return reply(now, next);
        const replyTo = ctx.deferReply();
        if (!replyTo) return next;
        ctx.schedule(
          next.ttlMs,
          { type: 'expire', watcherId: msg.watcherId },
          { key: expiryKey(msg.watcherId) },
        );
        return {
          ...next,
          watchers: { ...next.watchers, [msg.watcherId]: { agentId: msg.agentId, replyTo } },
        };
      }
      case 'unwatch':
      case 'expire':
        return release(state, [msg.watcherId]);
    }
  },
});
