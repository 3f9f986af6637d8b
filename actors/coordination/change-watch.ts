/**
 * `ChangeWatch`: who is waiting to hear that something changed, by topic and key — new mail
 * in an agent's inbox (topic `inbox`, key: the agent id, told by the post office), a change
 * of an agent's record, such as its status turning `unresponsive` through silence (topic
 * `agent`, told by the registry), a change of a task (topic `task`, key: its id, told by the
 * task board), of a workflow run (topic `run`, key: its id, told by the workflow engine on every
 * step change), or of the live file leases (topic `locks`, key `*`, told by the lock table).
 * A watcher asks `watch` for a topic and key and gets no answer until there is a change — a
 * deferred reply, so nothing polls. The answer carries how many changes there were since
 * this actor started (`count`) and the actor's `epoch`; the watcher asks again with what it
 * saw, and is answered at once if it missed something meanwhile.
 *
 * ```
 *   watcher ──watch(after=n)──▶ ChangeWatch ◀──posted / changed── post office, registry, …
 *      ▲                            │ count > n, or the watch's TTL passed
 *      └──────── {epoch, count} ────┘
 * ```
 *
 * It also keeps the count of messages that expired unread in this process (`mail-expired`,
 * told by the agents; no watcher is woken by it), which `totals` answers — the metrics read it.
 *
 * It keeps only in-memory state (`persistent: false`): a kept `ReplyTo` names an ask of
 * this process, so it must not outlive it. Every watcher is answered — on a change, on
 * `unwatch`, or when its time-to-live runs out — and then dropped, so watchers never
 * accumulate. A new epoch (this actor restarted) tells a watcher that its count no longer
 * compares.
 */
import { randomUUID } from 'node:crypto';
import { defineActor, type ReplyTo, reply } from '../../src/kernel/index.js';
import type {
  AgentChanged,
  LocksChanged,
  MailExpired,
  MailPosted,
  RunChanged,
  TaskChanged,
} from './change-events.js';

/** How long a watch waits, by default, before it is answered with no change (the watcher then asks again). */
export const WATCH_TTL_MS = 20_000;

export interface ChangeWatchArgs {
  /** How long a watch waits (default {@link WATCH_TTL_MS}); a watcher's ask timeout must be longer. */
  readonly ttlMs?: number;
}

/** What a watch follows: an agent's inbox or record (key: the agent id), a task or a workflow run (key: its id), or the live leases (key `*`). */
export type WatchTopic = 'inbox' | 'agent' | 'locks' | 'task' | 'run';

export interface WatchAnswer {
  readonly key: string;
  readonly topic: WatchTopic;
  /** Changes when this actor starts again: counts of another epoch do not compare. */
  readonly epoch: string;
  /** Changes of the key on the topic in this epoch (for an inbox: messages posted to it). */
  readonly count: number;
}

export type ChangeWatchMsg =
  | MailPosted
  | AgentChanged
  | LocksChanged
  | TaskChanged
  | RunChanged
  | MailExpired
  /** Answer with this process's totals (`WatchTotals`). */
  | { readonly type: 'totals' }
  /** Answer when `key` has more than `after` changes in `epoch` (at once when it already has, or when `after` is null). */
  | {
      readonly type: 'watch';
      readonly watcherId: string;
      readonly topic: WatchTopic;
      readonly key: string;
      readonly epoch: string | null;
      readonly after: number | null;
    }
  /** Answer the watcher now and forget it. */
  | { readonly type: 'unwatch'; readonly watcherId: string }
  /** This actor's own timer: the watch ran out of time. */
  | { readonly type: 'expire'; readonly watcherId: string };

/** Counts since this actor started. */
export interface WatchTotals {
  /** Messages that left an inbox unread because their time-to-live ran out. */
  readonly messagesExpired: number;
}

interface Watcher {
  readonly key: string;
  readonly topic: WatchTopic;
  readonly replyTo: ReplyTo;
}

/**
 * Kept in memory only, so in `Map`s (keys are user-chosen ids: `constructor` is an agent id
 * like any other) and changed in place: a change costs the same with a million keys.
 */
interface WatchState {
  readonly epoch: string;
  readonly ttlMs: number;
  /** Change counts by topic, then key. */
  readonly counts: ReadonlyMap<WatchTopic, Map<string, number>>;
  /** By watcher id. */
  readonly watchers: Map<string, Watcher>;
  /** Changed in place, as the counts are. */
  readonly totals: { messagesExpired: number };
}

const expiryKey = (watcherId: string) => `expire:${watcherId}`;

function answerFor(state: WatchState, topic: WatchTopic, key: string): WatchAnswer {
  return { key, topic, epoch: state.epoch, count: state.counts.get(topic)?.get(key) ?? 0 };
}

/** One more change on `topic` for `key`. */
function counted(state: WatchState, topic: WatchTopic, key: string): WatchState {
  const counts = state.counts.get(topic);
  counts?.set(key, (counts.get(key) ?? 0) + 1);
  return state;
}

/** The topic and key a change is about. */
function newsOf(
  msg: MailPosted | AgentChanged | LocksChanged | TaskChanged | RunChanged,
): [WatchTopic, string] {
  switch (msg.type) {
    case 'posted':
      return ['inbox', msg.message.to];
    case 'agent-changed':
      return ['agent', msg.agentId];
    case 'locks-changed':
      return ['locks', '*'];
    case 'task-changed':
      return ['task', msg.taskId];
    case 'run-changed':
      return ['run', msg.runId];
  }
}

export const ChangeWatch = defineActor<ChangeWatchMsg, WatchState, ChangeWatchArgs | undefined>({
  module: import.meta.url,
  name: 'ChangeWatch',
  persistent: false,
  init: (args) => ({
    epoch: randomUUID(),
    ttlMs: args?.ttlMs ?? WATCH_TTL_MS,
    counts: new Map<WatchTopic, Map<string, number>>([
      ['inbox', new Map()],
      ['agent', new Map()],
      ['locks', new Map()],
      ['task', new Map()],
      ['run', new Map()],
    ]),
    watchers: new Map(),
    totals: { messagesExpired: 0 },
  }),
  receive: (state, msg, ctx) => {
    /** Answer these watchers with the counts of `after` and drop them. */
    const release = (after: WatchState, watcherIds: readonly string[]): WatchState => {
      for (const id of watcherIds) {
        const watcher = after.watchers.get(id);
        if (!watcher) continue;
        ctx.replyTo(watcher.replyTo, answerFor(after, watcher.topic, watcher.key));
        ctx.cancelSchedule(expiryKey(id));
        after.watchers.delete(id);
      }
      return after;
    };
    switch (msg.type) {
      case 'posted':
      case 'agent-changed':
      case 'locks-changed':
      case 'task-changed':
      case 'run-changed': {
        const [topic, key] = newsOf(msg);
        const waiting = [...state.watchers].filter(([, w]) => w.key === key && w.topic === topic);
        return release(
          counted(state, topic, key),
          waiting.map(([id]) => id),
        );
      }
      case 'watch': {
        // A watcher id names one pending watch: an earlier one under the same id is answered first.
        const next = release(state, [msg.watcherId]);
        const { topic, key } = msg;
        const now = answerFor(next, topic, key);
        if (msg.after === null || msg.epoch !== next.epoch || now.count > msg.after) return reply(now, next);
        const replyTo = ctx.deferReply();
        if (!replyTo) return next;
        ctx.schedule(
          next.ttlMs,
          { type: 'expire', watcherId: msg.watcherId },
          { key: expiryKey(msg.watcherId) },
        );
        next.watchers.set(msg.watcherId, { key, topic, replyTo });
        return next;
      }
      case 'unwatch':
      case 'expire':
        return release(state, [msg.watcherId]);
      case 'mail-expired':
        state.totals.messagesExpired += msg.count;
        return state;
      case 'totals': {
        const totals: WatchTotals = { ...state.totals };
        return reply(totals, state);
      }
    }
  },
});
