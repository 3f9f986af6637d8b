/**
 * `MailWatch`: who is waiting to hear of news about an agent — new mail in its inbox
 * (topic `inbox`, told by the post office) or a change of its record, such as its status
 * turning `unresponsive` through silence (topic `agent`, told by the registry) — and of the
 * live file leases (topic `locks`, key `*`, told by the lock table) and of a task (topic
 * `task`, key: its id, told by the task board). A watcher
 * asks `watch` for an agent and a topic and gets no answer until there is news — a deferred
 * reply, so nothing polls. The answer carries how many pieces of news there were since this
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
import type { AgentChanged, LocksChanged, TaskChanged } from './agent.js';
import type { PostEvent } from './post-event.js';

/** How long a watch waits, by default, before it is answered with no news (the watcher then asks again). */
export const WATCH_TTL_MS = 20_000;

export interface MailWatchArgs {
  /** How long a watch waits (default {@link WATCH_TTL_MS}); a watcher's ask timeout must be longer. */
  readonly ttlMs?: number;
}

/** What a watch follows: an agent's inbox, its record in the registry, the live leases (key `*`), or a task (key: its id). */
export type WatchTopic = 'inbox' | 'agent' | 'locks' | 'task';

export interface WatchAnswer {
  readonly agentId: string;
  readonly topic: WatchTopic;
  /** Changes when this actor starts again: counts of another epoch do not compare. */
  readonly epoch: string;
  /** News on the topic in this epoch: messages posted to the inbox, or changes of the record. */
  readonly deposits: number;
}

export type MailWatchMsg =
  | PostEvent
  | AgentChanged
  | LocksChanged
  | TaskChanged
  /** Answer when `agentId` has more than `after` deposits in `epoch` (at once when it already has, or when `after` is null). */
  | {
      readonly type: 'watch';
      readonly watcherId: string;
      readonly agentId: string;
      /** Default `inbox`. */
      readonly topic?: WatchTopic;
      readonly epoch: string | null;
      readonly after: number | null;
    }
  /** Answer the watcher now and forget it. */
  | { readonly type: 'unwatch'; readonly watcherId: string }
  /** This actor's own timer: the watch ran out of time. */
  | { readonly type: 'expire'; readonly watcherId: string };

interface Watcher {
  readonly agentId: string;
  readonly topic: WatchTopic;
  readonly replyTo: ReplyTo;
}

interface WatchState {
  readonly epoch: string;
  readonly ttlMs: number;
  /** News counts by topic, then agent id. */
  readonly deposits: Readonly<Record<WatchTopic, Readonly<Record<string, number>>>>;
  /** By watcher id. */
  readonly watchers: Readonly<Record<string, Watcher>>;
}

const expiryKey = (watcherId: string) => `expire:${watcherId}`;

function answerFor(state: WatchState, topic: WatchTopic, agentId: string): WatchAnswer {
  return { agentId, topic, epoch: state.epoch, deposits: state.deposits[topic][agentId] ?? 0 };
}

/** One more piece of news on `topic` for `agentId`. */
function counted(state: WatchState, topic: WatchTopic, agentId: string): WatchState {
  const counts = state.deposits[topic];
  return {
    ...state,
    deposits: { ...state.deposits, [topic]: { ...counts, [agentId]: (counts[agentId] ?? 0) + 1 } },
  };
}

/** The topic and key a piece of news is about. */
function newsOf(msg: PostEvent | AgentChanged | LocksChanged | TaskChanged): [WatchTopic, string] {
  switch (msg.type) {
    case 'posted':
      return ['inbox', msg.message.to];
    case 'agent-changed':
      return ['agent', msg.agentId];
    case 'locks-changed':
      return ['locks', '*'];
    case 'task-changed':
      return ['task', msg.taskId];
  }
}

export const MailWatch = defineActor<MailWatchMsg, WatchState, MailWatchArgs | undefined>({
  module: import.meta.url,
  name: 'MailWatch',
  persistent: false,
  init: (args) => ({
    epoch: randomUUID(),
    ttlMs: args?.ttlMs ?? WATCH_TTL_MS,
    deposits: { inbox: {}, agent: {}, locks: {}, task: {} },
    watchers: {},
  }),
  receive: (state, msg, ctx) => {
    /** Answer these watchers with the counts of `after` and drop them. */
    const release = (after: WatchState, watcherIds: readonly string[]): WatchState => {
      const watchers = { ...after.watchers };
      for (const id of watcherIds) {
        const watcher = watchers[id];
        if (!watcher) continue;
        ctx.replyTo(watcher.replyTo, answerFor(after, watcher.topic, watcher.agentId));
        ctx.cancelSchedule(expiryKey(id));
        delete watchers[id];
      }
      return { ...after, watchers };
    };
    switch (msg.type) {
      case 'posted':
      case 'agent-changed':
      case 'locks-changed':
      case 'task-changed': {
        const [topic, agentId] = newsOf(msg);
        const waiting = Object.entries(state.watchers).filter(
          ([, w]) => w.agentId === agentId && w.topic === topic,
        );
        return release(
          counted(state, topic, agentId),
          waiting.map(([id]) => id),
        );
      }
      case 'watch': {
        // A watcher id names one pending watch: an earlier one under the same id is answered first.
        const next = release(state, [msg.watcherId]);
        const topic = msg.topic ?? 'inbox';
        const now = answerFor(next, topic, msg.agentId);
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
          watchers: { ...next.watchers, [msg.watcherId]: { agentId: msg.agentId, topic, replyTo } },
        };
      }
      case 'unwatch':
      case 'expire':
        return release(state, [msg.watcherId]);
    }
  },
});
