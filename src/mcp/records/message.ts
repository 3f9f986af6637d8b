/**
 * The inbox message over MCP: `sender_id` and `recipient_id` (the names `send_message` takes
 * them by), `correlation_id`, `sent_at` / `expires_at` as ISO times. `content` is the
 * sender's, passed through untouched (null when there was none).
 */
import { z } from 'zod';
import type { MessageRecord as DomainMessage } from '../../../actors/coordination/messaging/message.js';
import { IsoTimeSchema, isoTime, isoTimeOrNull } from './time.js';

export const MessageRecordSchema = z.object({
  id: z.string(),
  sender_id: z.string(),
  recipient_id: z.string(),
  content: z.unknown(),
  urgent: z.boolean(),
  correlation_id: z.string().nullable(),
  sent_at: IsoTimeSchema,
  expires_at: IsoTimeSchema.nullable(),
});

export type MessageRecord = z.infer<typeof MessageRecordSchema>;

export function messageRecord(message: DomainMessage): MessageRecord {
  return {
    id: message.id,
    sender_id: message.from,
    recipient_id: message.to,
    content: message.content ?? null,
    urgent: message.urgent,
    correlation_id: message.correlationId,
    sent_at: isoTime(message.sentAt),
    expires_at: isoTimeOrNull(message.expiresAt),
  };
}
