/**
 * The messaging tools: `send_message`, `request_assistance`, `check_message_recipient_status`,
 * `fetch_inbox`, `acknowledge_message` — each a message to the `PostOffice` actor, which
 * checks tokens and keeps the inboxes. (`broadcast_system_event` follows the event
 * subscriptions: system-events.ts.)
 */
import { z } from 'zod';
import type { InboxMessage } from '../../../actors/coordination/inbox.js';
import type { PostMsg, RecipientReport } from '../../../actors/coordination/post-office.js';
import type { ActorRef } from '../../kernel/index.js';
import { changes, READS } from '../annotations.js';
import {
  MessageRecordSchema,
  messageRecord,
  RecipientStatusRecordShape,
  recipientStatusRecord,
} from '../records/index.js';
import type { ToolRegistry } from '../tool-registry.js';
import { answerer } from '../tool-result.js';
import { Id, SenderFields, senderMismatch } from './mail.js';

export function registerMessagingTools(tools: ToolRegistry, post: ActorRef<PostMsg>): void {
  const answer = answerer(post);
  const handledBy = post.id;
  tools.register(
    'send_message',
    {
      description:
        "Send a message to an agent's inbox (kept until acknowledged or until ttl_s, even while it is offline).",
      inputSchema: {
        ...SenderFields,
        recipient_id: Id,
        content: z.unknown(),
        urgent: z.boolean().optional(),
        correlation_id: z.string().optional(),
        ttl_s: z.number().positive().optional(),
      },
      outputSchema: { message: MessageRecordSchema },
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
      caller: 'sender_id',
    },
    (args) =>
      senderMismatch(args) ??
      answer<InboxMessage>(
        {
          type: 'send',
          senderId: args.sender_id,
          token: args.agent_token,
          recipientId: args.recipient_id,
          content: args.content,
          urgent: args.urgent,
          correlationId: args.correlation_id,
          ttlS: args.ttl_s,
        },
        (message) => ({ message: messageRecord(message) }),
      ),
  );
  tools.register(
    'request_assistance',
    {
      description:
        'Ask for help: an urgent message to every other available or idle agent with the capabilities (none → no_agent).',
      inputSchema: {
        agent_id: Id,
        agent_token: z.string(),
        capabilities: z.array(z.string()).min(1),
        description: z.string().min(1),
        context: z.unknown().optional(),
        ttl_s: z.number().positive().optional(),
        session_id: Id.optional(),
      },
      outputSchema: { messages: z.array(MessageRecordSchema) },
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer<InboxMessage[]>(
        {
          type: 'request-assistance',
          senderId: args.agent_id,
          token: args.agent_token,
          capabilities: args.capabilities,
          content: { assistance: args.description, capabilities: args.capabilities, context: args.context },
          ttlS: args.ttl_s,
        },
        (messages) => ({ messages: messages.map(messageRecord) }),
      ),
  );
  tools.register(
    'check_message_recipient_status',
    {
      description:
        'Can a recipient be reached? Registered or not, its status and responsiveness, and the messages kept for it.',
      inputSchema: { recipient_id: Id },
      outputSchema: RecipientStatusRecordShape,
      annotations: READS,
      handledBy,
    },
    (args) =>
      answer<RecipientReport>(
        { type: 'recipient-status', recipientId: args.recipient_id },
        recipientStatusRecord,
      ),
  );
  tools.register(
    'fetch_inbox',
    {
      description: "Read an agent's waiting messages (urgent first, then oldest first).",
      inputSchema: {
        agent_id: Id,
        agent_token: z.string(),
        since: z.number().optional(),
        limit: z.number().int().positive().max(1_000).optional(),
        urgent_only: z.boolean().optional(),
      },
      outputSchema: { messages: z.array(MessageRecordSchema) },
      annotations: READS,
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer<InboxMessage[]>(
        {
          type: 'fetch',
          agentId: args.agent_id,
          token: args.agent_token,
          since: args.since,
          limit: args.limit,
          urgentOnly: args.urgent_only,
        },
        (messages) => ({ messages: messages.map(messageRecord) }),
      ),
  );
  tools.register(
    'acknowledge_message',
    {
      description: 'Mark a message handled: it leaves the inbox.',
      inputSchema: {
        agent_id: Id,
        agent_token: z.string(),
        message_id: z.string().min(1),
        session_id: Id.optional(),
      },
      outputSchema: { message_id: z.string() },
      annotations: changes({ destructive: true, idempotent: true }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer<{ messageId: string }>(
        { type: 'acknowledge', agentId: args.agent_id, token: args.agent_token, messageId: args.message_id },
        ({ messageId }) => ({ message_id: messageId }),
      ),
  );
}
