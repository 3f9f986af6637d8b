/**
 * The anti-jam reports over MCP (seed 003): an agent's responsiveness against a threshold,
 * the status of every recipient a sender wrote to in a window, a sender's message frequency
 * against a threshold — snake_case, ISO times, durations in seconds as their names say
 * (`silent_for_s`, `time_window_seconds`). The rules are the domain's
 * (`actors/coordination/agents/api.ts`, `messaging/traffic-reads.ts`); this maps them.
 */
import { z } from 'zod';
import type { Responsiveness } from '../../../actors/coordination/agents/api.js';
import type {
  MessageFrequency,
  RecipientReport,
  RecipientStatus,
} from '../../../actors/coordination/messaging/traffic-reads.js';
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
  threshold_seconds: z.number().nullable().describe('the threshold asked for; null: judged by its status'),
};

export const RecipientReportSchema = z.object({
  recipient_id: z.string(),
  registered: z.boolean(),
  status: AgentStatusSchema.nullable(),
  responsive: z.boolean(),
  last_heartbeat: IsoTimeSchema.nullable(),
  sent: z.number().describe('messages the sender sent it in the window'),
  last_sent_at: IsoTimeSchema,
  waiting: z.number().describe('of those, still in its inbox (unacknowledged, not expired)'),
  urgent_waiting: z.number(),
  oldest_waiting_sent_at: IsoTimeSchema.nullable(),
});

export const RecipientStatusRecordShape = {
  sender_id: z.string(),
  time_window_seconds: z.number(),
  responsiveness_threshold_seconds: z.number(),
  recipients: z.array(RecipientReportSchema),
  truncated: z.boolean().describe('not every recipient is listed'),
};

export const FrequencyRecordShape = {
  agent_id: z.string(),
  time_window_seconds: z.number(),
  count: z.number().describe('messages it sent in the window (one per recipient)'),
  count_capped: z.boolean(),
  frequency_threshold: z.number(),
  flooding: z.boolean().describe('more messages than the threshold: a potential flood'),
  rate_per_minute: z.number(),
  last_sent_at: IsoTimeSchema.nullable(),
  top_recipients: z
    .array(z.object({ recipient_id: z.string(), count: z.number() }))
    .nullable()
    .describe('null unless the caller is the agent itself'),
  recent: z
    .array(
      z.object({
        message_id: z.string(),
        recipient_id: z.string(),
        via: z.enum(['send', 'broadcast', 'request-assistance', 'notice']),
        sent_at: IsoTimeSchema,
      }),
    )
    .nullable()
    .describe('its last sends, newest first; null unless the caller is the agent itself'),
};

export function responsivenessRecord(report: Responsiveness) {
  return {
    agent_id: report.agentId,
    status: report.status,
    responsive: report.responsive,
    last_heartbeat: isoTime(report.lastHeartbeat),
    silent_for_s: report.silentForS,
    heartbeat_interval_s: report.heartbeatIntervalS,
    missed_intervals: report.missedIntervals,
    threshold_seconds: report.thresholdS,
  };
}

function recipientReport(report: RecipientReport): z.infer<typeof RecipientReportSchema> {
  return {
    recipient_id: report.recipientId,
    registered: report.registered,
    status: report.status,
    responsive: report.responsive,
    last_heartbeat: isoTimeOrNull(report.lastHeartbeat),
    sent: report.sent,
    last_sent_at: isoTime(report.lastSentAt),
    waiting: report.waiting,
    urgent_waiting: report.urgentWaiting,
    oldest_waiting_sent_at: isoTimeOrNull(report.oldestWaitingSentAt),
  };
}

export function recipientStatusRecord(status: RecipientStatus) {
  return {
    sender_id: status.senderId,
    time_window_seconds: status.timeWindowS,
    responsiveness_threshold_seconds: status.responsivenessThresholdS,
    recipients: status.recipients.map(recipientReport),
    truncated: status.truncated,
  };
}

export function frequencyRecord(report: MessageFrequency) {
  return {
    agent_id: report.agentId,
    time_window_seconds: report.timeWindowS,
    count: report.count,
    count_capped: report.countCapped,
    frequency_threshold: report.frequencyThreshold,
    flooding: report.flooding,
    rate_per_minute: report.ratePerMinute,
    last_sent_at: isoTimeOrNull(report.lastSentAt),
    top_recipients:
      report.topRecipients?.map((r) => ({ recipient_id: r.recipientId, count: r.count })) ?? null,
    recent:
      report.recent?.map((send) => ({
        message_id: send.messageId,
        recipient_id: send.recipientId,
        via: send.via,
        sent_at: isoTime(send.sentAt),
      })) ?? null,
  };
}
