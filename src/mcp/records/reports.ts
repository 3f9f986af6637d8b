/**
 * The anti-jam reports over MCP: an agent's responsiveness, a recipient's reachability, a
 * sender's message frequency — snake_case, ISO times, durations in seconds as their names
 * say (`silent_for_s`, `window_s`).
 */
import { z } from 'zod';
import type { SenderFrequency } from '../../../actors/coordination/message-traffic.js';
import type { RecipientReport } from '../../../actors/coordination/post-office.js';
import type { Responsiveness } from '../../../actors/coordination/registry.js';
import { AgentStatusSchema } from './agent.js';
import { IsoTimeSchema, isoTime, isoTimeOrNull } from './time.js';

export const ResponsivenessRecordShape = {
  agent_id: z.string(),
  status: AgentStatusSchema,
  responsive: z.boolean(),
  last_heartbeat: IsoTimeSchema,
  silent_for_s: z.number(),
  heartbeat_interval_s: z.number(),
  missed_intervals: z.number(),
};

export const RecipientStatusRecordShape = {
  recipient_id: z.string(),
  registered: z.boolean(),
  status: AgentStatusSchema.nullable(),
  responsive: z.boolean(),
  waiting: z.number(),
  urgent_waiting: z.number(),
  oldest_waiting_sent_at: IsoTimeSchema.nullable(),
};

export const FrequencyRecordShape = {
  agent_id: z.string(),
  window_s: z.number(),
  count: z.number(),
  rate_per_minute: z.number(),
  flooding: z.boolean(),
  threshold: z.number(),
  last_sent_at: IsoTimeSchema.nullable(),
  top_recipients: z.array(z.object({ recipient_id: z.string(), count: z.number() })),
  recent: z.array(
    z.object({
      message_id: z.string(),
      recipient_id: z.string(),
      via: z.enum(['send', 'broadcast', 'request-assistance', 'notice']),
      sent_at: IsoTimeSchema,
    }),
  ),
  counting_since: IsoTimeSchema,
};

export function responsivenessRecord(report: Responsiveness) {
  return {
    agent_id: report.agentId,
    status: report.status,
    responsive: report.responsive,
    last_heartbeat: isoTime(report.lastSeenAt),
    silent_for_s: report.silentForS,
    heartbeat_interval_s: report.heartbeatIntervalS,
    missed_intervals: report.missedIntervals,
  };
}

export function recipientStatusRecord(report: RecipientReport) {
  return {
    recipient_id: report.recipientId,
    registered: report.registered,
    status: report.status,
    responsive: report.responsive,
    waiting: report.waiting,
    urgent_waiting: report.urgentWaiting,
    oldest_waiting_sent_at: isoTimeOrNull(report.oldestWaitingSentAt),
  };
}

export function frequencyRecord(report: SenderFrequency) {
  return {
    agent_id: report.agentId,
    window_s: report.windowS,
    count: report.count,
    rate_per_minute: report.ratePerMinute,
    flooding: report.flooding,
    threshold: report.threshold,
    last_sent_at: isoTimeOrNull(report.lastSentAt),
    top_recipients: report.topRecipients.map((r) => ({ recipient_id: r.id, count: r.count })),
    recent: report.recent.map((send) => ({
      message_id: send.messageId,
      recipient_id: send.to,
      via: send.via,
      sent_at: isoTime(send.sentAt),
    })),
    counting_since: isoTime(report.countingSince),
  };
}
