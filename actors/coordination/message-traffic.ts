/**
 * `MessageTraffic`: how often each agent sends — the home of the `MessageFrequency`
 * monitor behind `check_message_frequency`. The post office tells it every message it
 * posts for a sender (`send`, `broadcast`, `request-assistance`: one per recipient;
 * notices from other domain actors are not an agent's traffic), and it answers `check`
 * with the sender's count over a window, its rate, whether it floods, and its last sends.
 *
 * The counts are in-memory bookkeeping (`persistent: false`): they start over when the
 * process (or this actor) starts, and every answer says since when it has counted.
 * It observes and refuses nothing; deciding what to do about a flooding agent is not its job.
 */
import { type ActorRef, defineActor, type Outcome, refuse, reply } from '../../src/kernel/index.js';
import { systemClock } from '../supervisors/flood/clock.js';
import { MessageFrequency } from '../supervisors/flood/frequency.js';
import { LruMap } from '../supervisors/flood/lru-map.js';
import type { RecipientCount } from '../supervisors/flood/sender-history.js';
import type { Agent } from './agent.js';
import type { PostEvent, PostPath } from './post-event.js';
import type { RegistryMsg } from './registry.js';

/** Every default of the traffic counter, in one place. */
export const TRAFFIC_DEFAULTS = {
  /** The window a check uses when it names none, and the one `threshold` is counted over. */
  windowMs: 60_000,
  /** Messages within `windowMs` at which a sender floods. */
  threshold: 60,
  /** The longest window a check may name. */
  retentionMs: 3_600_000,
  /** Width of a counting bucket: the precision of every window. */
  bucketMs: 1_000,
  /** Last sends kept per sender. */
  recentLimit: 10,
  /** Senders whose last sends are kept (least recently sending forgotten first). */
  maxTrackedSenders: 10_000,
} as const;

export interface RecentSend {
  readonly messageId: string;
  readonly to: string;
  readonly via: PostPath;
  readonly sentAt: number;
}

/** The answer to `check_message_frequency`. */
export interface SenderFrequency {
  readonly agentId: string;
  readonly windowS: number;
  /** Messages it sent in the window (one per recipient). */
  readonly count: number;
  readonly ratePerMinute: number;
  /** `count` reached `threshold`. */
  readonly flooding: boolean;
  /** Messages in this window at which a sender floods (the configured threshold, scaled to the window). */
  readonly threshold: number;
  readonly lastSentAt: number | null;
  /** Its most frequent recipients in the window. */
  readonly topRecipients: readonly RecipientCount[];
  /** Its last sends, newest first. */
  readonly recent: readonly RecentSend[];
  /** When counting started (counts are in memory and start over with the process). */
  readonly countingSince: number;
}

export type TrafficMsg =
  | PostEvent
  | { readonly type: 'check'; readonly agentId: string; readonly windowMs?: number };

export interface TrafficArgs {
  readonly registry: ActorRef<RegistryMsg>;
  readonly windowMs?: number;
  readonly threshold?: number;
}

interface TrafficState {
  readonly registry: ActorRef<RegistryMsg>;
  readonly countingSince: number;
  /** Mutable, in memory only: this kind is not persistent. */
  readonly frequency: MessageFrequency;
  readonly recent: LruMap<readonly RecentSend[]>;
}

export const MessageTraffic = defineActor<TrafficMsg, TrafficState, TrafficArgs>({
  module: import.meta.url,
  name: 'MessageTraffic',
  persistent: false,
  init: ({ registry, windowMs = TRAFFIC_DEFAULTS.windowMs, threshold = TRAFFIC_DEFAULTS.threshold }) => ({
    registry,
    countingSince: systemClock.now(),
    frequency: new MessageFrequency({
      windowMs,
      threshold,
      clock: systemClock,
      bucketMs: Math.min(TRAFFIC_DEFAULTS.bucketMs, windowMs),
      retentionMs: Math.max(TRAFFIC_DEFAULTS.retentionMs, windowMs),
    }),
    recent: new LruMap(),
  }),
  receive: async (state, msg, ctx) => {
    switch (msg.type) {
      case 'posted': {
        const { message, via } = msg;
        if (via === 'notice') return state;
        state.frequency.record(message.from, message.to);
        const sent: RecentSend = { messageId: message.id, to: message.to, via, sentAt: message.sentAt };
        const earlier = state.recent.get(message.from) ?? [];
        state.recent.set(message.from, [sent, ...earlier].slice(0, TRAFFIC_DEFAULTS.recentLimit));
        if (state.recent.size > TRAFFIC_DEFAULTS.maxTrackedSenders) state.recent.deleteOldest();
        return state;
      }
      case 'check': {
        const known = await ctx.ask<Outcome<Agent>>(state.registry, { type: 'get', agentId: msg.agentId });
        if (!known.ok) return reply(known, state);
        const { frequency } = state;
        if (msg.windowMs !== undefined && msg.windowMs > frequency.retentionMs) {
          const most = frequency.retentionMs / 1000;
          return reply(refuse('out_of_range', `window_s must be at most ${most}`, 'window_s'), state);
        }
        const report = frequency.check(
          msg.agentId,
          msg.windowMs === undefined ? {} : { windowMs: msg.windowMs },
        );
        const recent = state.recent.peek(msg.agentId) ?? [];
        const answer: SenderFrequency = {
          agentId: msg.agentId,
          windowS: report.windowMs / 1000,
          count: report.count,
          ratePerMinute: report.perSecond * 60,
          flooding: report.tooFrequent,
          threshold: frequency.threshold * (report.windowMs / frequency.windowMs),
          lastSentAt: recent[0]?.sentAt ?? null,
          topRecipients: report.topRecipients,
          recent,
          countingSince: state.countingSince,
        };
        return reply({ ok: true, value: answer } satisfies Outcome<SenderFrequency>, state);
      }
    }
  },
});
