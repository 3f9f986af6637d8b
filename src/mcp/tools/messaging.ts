/**
 * The messaging tools: `send_message` (seed 003's example: sender_id, recipient_id, content,
 * urgent), `request_assistance` and `check_message_recipient_status` (seed 003), and troupe's
 * `fetch_inbox` / `acknowledge_message` — each a call of the messaging facade
 * (`actors/coordination/messaging/`): a message goes straight to the recipient's agent actor
 * and is answered once committed to its inbox. Every one acts for an agent: an inbox is read
 * by its agent only, and who writes to whom is shown to the sender only.
 * (`broadcast_system_event` follows the subscriptions: system-events.ts.)
 */
import { z } from 'zod';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { agentActorId } from '../../../actors/coordination/ids.js';
import {
  acknowledgeMessage,
  fetchInbox,
  MAX_TTL_S,
  sendMessage,
} from '../../../actors/coordination/messaging/api.js';
import { requestAssistance, URGENCIES } from '../../../actors/coordination/messaging/assistance.js';
import { checkMessageRecipientStatus } from '../../../actors/coordination/messaging/traffic-reads.js';
import { changes, READS } from '../annotations.js';
import { MessageRecordSchema, messageRecord } from '../records/message.js';
import { RecipientStatusRecordShape, recipientStatusRecord } from '../records/reports.js';
import type { ToolRegistry } from '../tool-registry.js';
import { failure } from '../tool-result.js';
import { aliased } from './aliases.js';
import {
  answer,
  FanOutShape,
  fanOutRecord,
  Id,
  InstantSchema,
  Label,
  mismatch,
  needsIdentity,
  PageFields,
  SenderFields,
  senderMismatch,
} from './mail.js';

const TtlS = z.number().positive().max(MAX_TTL_S);
/** Where inbox reads go: the inbox table (written by each agent's actor). */
const INBOX = 'inbox';

export function registerMessagingTools(tools: ToolRegistry, domain: AgentsDomain): void {
  tools.register(
    'send_message',
    {
      description:
        "Send a message to a registered agent's inbox (kept until acknowledged, or until ttl_s, even while it is offline). " +
        'Refused: unknown_agent (nothing stored), inbox_full (naming the recipient), too_large (content over the limit).',
      inputSchema: {
        ...SenderFields,
        recipient_id: Id,
        content: z.unknown(),
        urgent: z.boolean().optional(),
        correlation_id: z.string().min(1).max(256).optional(),
        ttl_s: TtlS.optional(),
      },
      outputSchema: { message: MessageRecordSchema },
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: INBOX,
      caller: 'sender_id',
    },
    async (args, call) => {
      const refused = senderMismatch(args);
      if (refused) return refused;
      call.answeredBy(agentActorId(args.recipient_id));
      const sent = await sendMessage(domain, call.caller, {
        recipientId: args.recipient_id,
        content: args.content,
        urgent: args.urgent,
        correlationId: args.correlation_id,
        ttlS: args.ttl_s,
      });
      return answer(sent, (message) => ({ message: messageRecord(message) }), { agent_id: 'sender_id' });
    },
  );
  tools.register(
    'request_assistance',
    {
      description:
        'Ask for help (seed 003): of target_agent_id (refused unknown_agent, agent_offline or missing_capabilities when it cannot help), ' +
        'or of every other available or idle agent with all required_capabilities (none → no_agent). Each gets an inbox message ' +
        '{ type: "assistance_request", requesting_agent_id, task_description, required_capabilities, urgency, context }, urgent when urgency is high or critical (default high). ' +
        'Older names still taken: agent_id for requesting_agent_id, description for task_description, capabilities for required_capabilities.',
      inputSchema: {
        requesting_agent_id: Id.optional().describe('the agent asking (or agent_id)'),
        task_description: z.string().min(1).optional().describe('the problem (or description)'),
        target_agent_id: Id.optional(),
        required_capabilities: z.array(Label).max(64).optional(),
        urgency: z.enum(URGENCIES).optional(),
        context: z.unknown().optional(),
        ttl_s: TtlS.optional(),
        agent_id: Id.optional().describe('older name of requesting_agent_id'),
        description: z.string().min(1).optional().describe('older name of task_description'),
        capabilities: z.array(Label).max(64).optional().describe('older name of required_capabilities'),
        agent_token: z.string(),
        session_id: Id.optional(),
      },
      outputSchema: FanOutShape,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: INBOX,
      caller: ['requesting_agent_id', 'agent_id'],
    },
    async (args, call) => {
      const refused = mismatch(args, 'requesting_agent_id');
      if (refused) return refused;
      if (call.proven === null) return needsIdentity('requesting_agent_id');
      const task = aliased<string>(args, 'task_description', 'description', true);
      if (!task.ok) return failure(task.error);
      const required = aliased<string[]>(args, 'required_capabilities', 'capabilities');
      if (!required.ok) return failure(required.error);
      const asked = await requestAssistance(domain, call.caller, {
        taskDescription: task.value,
        targetAgentId: args.target_agent_id,
        requiredCapabilities: required.value,
        urgency: args.urgency,
        context: args.context,
        ttlS: args.ttl_s,
      });
      return answer(asked, fanOutRecord, {
        sender_id: 'requesting_agent_id',
        agent_id: 'requesting_agent_id',
      });
    },
  );
  tools.register(
    'check_message_recipient_status',
    {
      description:
        'Status of message recipients (seed 003): every agent sender_id wrote to in the last time_window_seconds, each with its status, ' +
        'whether it is responsive (heard from within responsiveness_threshold_seconds), the messages sent to it in the window and how many still wait in its inbox. ' +
        'For the sender itself only. recipient_id (troupe) narrows it to one recipient.',
      inputSchema: {
        ...SenderFields,
        time_window_seconds: z.number().positive(),
        responsiveness_threshold_seconds: z.number().positive(),
        recipient_id: Id.optional().describe('only this recipient'),
      },
      outputSchema: RecipientStatusRecordShape,
      annotations: READS,
      handledBy: 'traffic',
      caller: 'sender_id',
    },
    async (args, call) => {
      const refused = senderMismatch(args);
      if (refused) return refused;
      const status = await checkMessageRecipientStatus(domain, call.caller, {
        senderId: args.sender_id,
        timeWindowSeconds: args.time_window_seconds,
        responsivenessThresholdSeconds: args.responsiveness_threshold_seconds,
      });
      return answer(status, (value) => {
        const record = recipientStatusRecord(value);
        if (args.recipient_id === undefined) return record;
        return {
          ...record,
          recipients: record.recipients.filter((r) => r.recipient_id === args.recipient_id),
        };
      });
    },
  );
  tools.register(
    'fetch_inbox',
    {
      description:
        "Read the calling agent's own waiting messages (urgent first, then oldest), paged (next_cursor); they stay until acknowledged. " +
        'since: only messages sent after this time (ISO-8601, or epoch milliseconds).',
      inputSchema: {
        agent_id: Id,
        agent_token: z.string(),
        since: InstantSchema.optional(),
        urgent_only: z.boolean().optional(),
        ...PageFields,
        session_id: Id.optional(),
      },
      outputSchema: { messages: z.array(MessageRecordSchema), next_cursor: z.string().nullable() },
      annotations: READS,
      handledBy: INBOX,
      caller: 'agent_id',
    },
    async (args, call) => {
      const page = await fetchInbox(domain, call.caller, {
        agentId: args.agent_id,
        since: args.since,
        urgentOnly: args.urgent_only,
        cursor: args.cursor,
        limit: args.limit,
      });
      return answer(page, ({ items, next_cursor }) => ({ messages: items.map(messageRecord), next_cursor }));
    },
  );
  tools.register(
    'acknowledge_message',
    {
      description: "Mark a message of the calling agent's own inbox handled: it leaves the inbox.",
      inputSchema: { agent_id: Id, agent_token: z.string(), message_id: Id, session_id: Id.optional() },
      outputSchema: { message_id: z.string() },
      annotations: changes({ destructive: true, idempotent: true }),
      handledBy: INBOX,
      caller: 'agent_id',
    },
    async (args, call) => {
      call.answeredBy(agentActorId(args.agent_id));
      const acknowledged = await acknowledgeMessage(domain, call.caller, {
        agentId: args.agent_id,
        messageId: args.message_id,
      });
      return answer(acknowledged, ({ messageId }) => ({ message_id: messageId }));
    },
  );
}
