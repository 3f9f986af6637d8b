/**
 * The anti-jam reads over the traffic log (seed 003), on the main thread:
 * `checkMessageFrequency` — how many messages an agent sent in a window, against the
 * threshold it is allowed; and `checkMessageRecipientStatus` — every recipient a sender wrote
 * to in a window, each with its status, its responsiveness against a threshold, and the
 * messages from this sender (sent in the window) still waiting in its inbox.
 *
 * Who writes to whom is not public: the recipients and recent sends are shown to the sender
 * itself and to the operator; another agent learns the counts only. The window is at most
 * the log's retention (`trafficRetentionMs`); a read looks at no more than `MAX_COUNTED`
 * sends (and says so when it stopped there).
 */
import { z } from 'zod';
import { type Outcome, refuse, type TableKey } from '../../../src/kernel/index.js';
import type { AgentStatus, AgentSummary } from '../agents/agent-record.js';
import { responsivenessOf, summaryOf } from '../agents/api.js';
import type { AgentsDomain } from '../agents/domain.js';
import { callingAgent, mayActFor, parseInput } from '../agents/input.js';
import { walk } from '../agents/table-scan.js';
import type { Caller } from '../caller.js';
import { IdSchema } from '../ids.js';
import {
  bucketOf,
  INBOX_TABLE,
  isExpired,
  type StoredMessage,
  TRAFFIC_TABLE,
  type TrafficEntry,
} from './message.js';

/** Sends looked at by one read, at most. */
export const MAX_COUNTED = 100_000;
const TOP_RECIPIENTS = 5;
const RECENT_SENDS = 10;

const FrequencySchema = z
  .object({
    agentId: IdSchema,
    timeWindowSeconds: z.number().positive(),
    frequencyThreshold: z.number().int().nonnegative(),
  })
  .strict();
const RecipientStatusSchema = z
  .object({
    senderId: IdSchema,
    timeWindowSeconds: z.number().positive(),
    responsivenessThresholdSeconds: z.number().positive(),
  })
  .strict();

export interface RecentSend {
  readonly messageId: string;
  readonly recipientId: string;
  readonly sentAt: number;
  readonly via: TrafficEntry['via'];
}

/** The answer to `checkMessageFrequency`. */
export interface MessageFrequency {
  readonly agentId: string;
  readonly timeWindowS: number;
  /** Messages it sent in the window (one per recipient). */
  readonly count: number;
  /** The read stopped at MAX_COUNTED: there were at least this many. */
  readonly countCapped: boolean;
  readonly frequencyThreshold: number;
  /** More than the threshold: a potential flood. */
  readonly flooding: boolean;
  readonly ratePerMinute: number;
  readonly lastSentAt: number | null;
  /** Its most frequent recipients in the window (null: not shown to this caller). */
  readonly topRecipients: readonly { readonly recipientId: string; readonly count: number }[] | null;
  /** Its last sends in the window, newest first (null: not shown to this caller). */
  readonly recent: readonly RecentSend[] | null;
}

export interface RecipientReport {
  readonly recipientId: string;
  readonly registered: boolean;
  readonly status: AgentStatus | null;
  /** Not offline or failed, and heard from within the threshold. */
  readonly responsive: boolean;
  readonly lastHeartbeat: number | null;
  /** Messages this sender sent it in the window. */
  readonly sent: number;
  readonly lastSentAt: number;
  /** Of those, still in its inbox (unacknowledged, not expired). */
  readonly waiting: number;
  readonly urgentWaiting: number;
  readonly oldestWaitingSentAt: number | null;
}

/** The answer to `checkMessageRecipientStatus`. */
export interface RecipientStatus {
  readonly senderId: string;
  readonly timeWindowS: number;
  readonly responsivenessThresholdS: number;
  /** By recipient id. */
  readonly recipients: readonly RecipientReport[];
  /** Not every recipient is listed: more than `pageSize` of them, or the read stopped after MAX_COUNTED sends. */
  readonly truncated: boolean;
}

function windowStart(domain: AgentsDomain, seconds: number, now: number): Outcome<number> {
  const most = domain.limits.trafficRetentionMs / 1000;
  if (seconds > most)
    return refuse(
      'out_of_range',
      `time_window_seconds must be at most ${most} (trafficRetentionMs)`,
      'time_window_seconds',
    );
  return { ok: true, value: now - seconds * 1000 };
}

/** Each send of `sender` since `from`, oldest first, until `visit` says stop or MAX_COUNTED were seen; true when cut short. */
function eachSend(
  domain: AgentsDomain,
  sender: string,
  from: number,
  visit: (key: TableKey, entry: TrafficEntry) => void,
): boolean {
  let seen = 0;
  let capped = false;
  walk(
    domain.system.table<TrafficEntry>(TRAFFIC_TABLE),
    [sender],
    (entry, key) => {
      if (seen >= MAX_COUNTED) {
        capped = true;
        return false;
      }
      seen++;
      visit(key, entry);
      return true;
    },
    [sender, from],
  );
  return capped;
}

export async function checkMessageFrequency(
  domain: AgentsDomain,
  caller: Caller,
  input: z.input<typeof FrequencySchema>,
): Promise<Outcome<MessageFrequency>> {
  const parsed = parseInput(FrequencySchema, input);
  if (!parsed.ok) return parsed;
  const { agentId, timeWindowSeconds, frequencyThreshold } = parsed.value;
  if (caller.kind === 'anonymous')
    return callingAgent(caller, 'checking message frequency') as Outcome<never>;
  if (!summaryOf(domain, agentId))
    return refuse('unknown_agent', `no agent "${agentId}" is registered`, 'agent_id');
  const now = domain.clock.now();
  const from = windowStart(domain, timeWindowSeconds, now);
  if (!from.ok) return from;
  const byRecipient = new Map<string, number>();
  const recent: RecentSend[] = [];
  let count = 0;
  const capped = eachSend(domain, agentId, from.value, (key, entry) => {
    count++;
    const recipientId = key[2] as string;
    byRecipient.set(recipientId, (byRecipient.get(recipientId) ?? 0) + 1);
    recent.push({ messageId: entry.messageId, recipientId, sentAt: key[1] as number, via: entry.via });
    if (recent.length > RECENT_SENDS) recent.shift();
  });
  const detailed = mayActFor(caller, agentId).ok;
  const top = [...byRecipient.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_RECIPIENTS)
    .map(([recipientId, n]) => ({ recipientId, count: n }));
  return {
    ok: true,
    value: {
      agentId,
      timeWindowS: timeWindowSeconds,
      count,
      countCapped: capped,
      frequencyThreshold,
      flooding: count > frequencyThreshold,
      ratePerMinute: (count / timeWindowSeconds) * 60,
      lastSentAt: recent.at(-1)?.sentAt ?? null,
      topRecipients: detailed ? top : null,
      recent: detailed ? recent.reverse() : null,
    },
  };
}

interface Tally {
  readonly summary: AgentSummary | undefined;
  sent: number;
  lastSentAt: number;
  waiting: number;
  urgentWaiting: number;
  oldestWaitingSentAt: number | null;
}

export async function checkMessageRecipientStatus(
  domain: AgentsDomain,
  caller: Caller,
  input: z.input<typeof RecipientStatusSchema>,
): Promise<Outcome<RecipientStatus>> {
  const parsed = parseInput(RecipientStatusSchema, input);
  if (!parsed.ok) return parsed;
  const { senderId, timeWindowSeconds, responsivenessThresholdSeconds } = parsed.value;
  const allowed = mayActFor(caller, senderId, 'sender_id');
  if (!allowed.ok) return allowed;
  const now = domain.clock.now();
  const from = windowStart(domain, timeWindowSeconds, now);
  if (!from.ok) return from;
  const inbox = domain.system.table<StoredMessage>(INBOX_TABLE);
  const tallies = new Map<string, Tally>();
  const truncated = eachSend(domain, senderId, from.value, (key, entry) => {
    const [, sentAt, recipientId, seq] = key as [string, number, string, number];
    let tally = tallies.get(recipientId);
    if (!tally) {
      const summary = summaryOf(domain, recipientId);
      tally = {
        summary,
        sent: 0,
        lastSentAt: sentAt,
        waiting: 0,
        urgentWaiting: 0,
        oldestWaitingSentAt: null,
      };
      tallies.set(recipientId, tally);
    }
    tally.sent++;
    tally.lastSentAt = sentAt;
    // Waiting: still in the inbox of the registration it was sent to.
    const current = tally.summary?.generation === entry.generation;
    const kept = current
      ? inbox.get([recipientId, entry.generation, bucketOf(entry.urgent), seq])
      : undefined;
    if (kept && kept.id === entry.messageId && !isExpired(kept, now)) {
      tally.waiting++;
      if (kept.urgent) tally.urgentWaiting++;
      tally.oldestWaitingSentAt ??= sentAt;
    }
  });
  const listed = [...tallies.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const recipients = listed
    .slice(0, domain.limits.pageSize)
    .map(([recipientId, { summary, ...tally }]): RecipientReport => {
      const responsiveness = summary ? responsivenessOf(summary, now, responsivenessThresholdSeconds) : null;
      return {
        recipientId,
        registered: summary !== undefined,
        status: summary?.status ?? null,
        responsive: responsiveness?.responsive ?? false,
        lastHeartbeat: summary?.lastHeartbeat ?? null,
        ...tally,
      };
    });
  return {
    ok: true,
    value: {
      senderId,
      timeWindowS: timeWindowSeconds,
      responsivenessThresholdS: responsivenessThresholdSeconds,
      recipients,
      truncated: truncated || listed.length > recipients.length,
    },
  };
}
