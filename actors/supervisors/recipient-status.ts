/**
 * "Which recipients of X are unresponsive?" (the seed tool `check_message_recipient_status`):
 * the recipients X wrote to recently (from `MessageFrequency`), each with its heartbeat
 * status (from a `HeartbeatMonitor`), the silent ones listed apart.
 */
import type { MessageFrequency } from './flood/frequency.js';
import type { EntityStatus } from './heartbeat/heartbeat-snapshot.js';

export interface RecipientStatus {
  readonly id: string;
  /** Messages X sent it in the window. */
  readonly messages: number;
  /** `unknown`: not a registered heartbeat entity (an actor, say). */
  readonly status: EntityStatus | 'unknown';
}

export interface RecipientStatusReport {
  readonly senderId: string;
  readonly windowMs: number;
  readonly recipients: readonly RecipientStatus[];
  /** The recipients that are unresponsive or offline. */
  readonly unresponsive: readonly string[];
}

/** Where a recipient's liveness comes from (a `HeartbeatMonitor` fits). */
export interface StatusSource {
  status(id: string): { readonly status: EntityStatus } | undefined;
}

export function recipientStatus(
  frequency: MessageFrequency,
  heartbeats: StatusSource,
  senderId: string,
  options: { readonly windowMs?: number } = {},
): RecipientStatusReport {
  const report = frequency.check(senderId, options);
  const recipients = report.topRecipients.map(({ id, count }) => ({
    id,
    messages: count,
    status: heartbeats.status(id)?.status ?? ('unknown' as const),
  }));
  return {
    senderId,
    windowMs: report.windowMs,
    recipients,
    unresponsive: recipients
      .filter((r) => r.status === 'unresponsive' || r.status === 'offline')
      .map((r) => r.id),
  };
}
