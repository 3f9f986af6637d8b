/**
 * The system-event tools: `subscribe_system_events`, `unsubscribe_system_events`,
 * `list_event_subscriptions` and `broadcast_system_event` — messages to the
 * `EventSubscriptions` actor, which keeps who hears which event types and has the post
 * office deliver a broadcast to them. Each recipient's message carries
 * `content: { event_type, data }`.
 */
import { z } from 'zod';
import { AGENT_STATUSES } from '../../../actors/coordination/agent.js';
import { EVERY_EVENT_TYPE, type EventSubscription } from '../../../actors/coordination/event-subscription.js';
import type {
  EventSubscriptionMsg,
  SubscriptionChange,
} from '../../../actors/coordination/event-subscriptions.js';
import type { InboxMessage } from '../../../actors/coordination/inbox.js';
import type { ActorRef } from '../../kernel/index.js';
import { changes, READS } from '../annotations.js';
import {
  MessageRecordSchema,
  messageRecord,
  SubscriptionChangeRecordShape,
  SubscriptionRecordSchema,
  subscriptionChangeRecord,
  subscriptionRecord,
} from '../records/index.js';
import type { ToolRegistry } from '../tool-registry.js';
import { answerer } from '../tool-result.js';
import { Id, SenderFields, senderMismatch } from './mail.js';

const EventType = z.string().min(1).max(256);
/** Who subscribes: the calling agent (agent_id + agent_token) itself, or the role it names. */
const Subscribing = {
  agent_id: Id,
  agent_token: z.string(),
  event_types: z.array(EventType).min(1).describe(`event types; "${EVERY_EVENT_TYPE}" stands for every type`),
  role: z.string().min(1).max(256).optional().describe('subscribe this role instead of the calling agent'),
  session_id: Id.optional(),
};

export function registerSystemEventTools(tools: ToolRegistry, events: ActorRef<EventSubscriptionMsg>): void {
  const answer = answerer(events);
  const handledBy = events.id;
  for (const [name, type, description, destructive] of [
    [
      'subscribe_system_events',
      'subscribe',
      `Subscribe the calling agent, or a role (any registered agent may, it is recorded), to event types ("${EVERY_EVENT_TYPE}": all); broadcast_system_event then reaches it. Answers the types added and the subscriber's subscriptions.`,
      false,
    ],
    [
      'unsubscribe_system_events',
      'unsubscribe',
      `Take the calling agent, or a role, off event types ("${EVERY_EVENT_TYPE}" removes only the every-type subscription). Answers the types removed and what remains.`,
      true,
    ],
  ] as const) {
    tools.register(
      name,
      {
        description,
        inputSchema: Subscribing,
        outputSchema: SubscriptionChangeRecordShape,
        annotations: changes({ destructive, idempotent: true }),
        handledBy,
        caller: 'agent_id',
      },
      (args) =>
        answer<SubscriptionChange>(
          {
            type,
            agentId: args.agent_id,
            token: args.agent_token,
            eventTypes: args.event_types,
            role: args.role,
          },
          subscriptionChangeRecord,
        ),
    );
  }
  tools.register(
    'list_event_subscriptions',
    {
      description: `Event subscriptions: those a broadcast of event_type follows (that type or "${EVERY_EVENT_TYPE}"), those reaching agent_id (its own and its role's), those of a role.`,
      inputSchema: { event_type: EventType.optional(), agent_id: Id.optional(), role: z.string().optional() },
      outputSchema: { subscriptions: z.array(SubscriptionRecordSchema) },
      annotations: READS,
      handledBy,
    },
    (args) =>
      answer<EventSubscription[]>(
        { type: 'list', eventType: args.event_type, agentId: args.agent_id, role: args.role },
        (subscriptions) => ({ subscriptions: subscriptions.map(subscriptionRecord) }),
      ),
  );
  tools.register(
    'broadcast_system_event',
    {
      description:
        'Deliver an event to the agents subscribed to event_type (directly, through their role, or to "*"), the sender excepted; role / group / capabilities / statuses narrow them. Each gets a message with content { event_type, data }; the answer lists the messages (none when nobody subscribes).',
      inputSchema: {
        ...SenderFields,
        event_type: EventType,
        data: z.unknown().optional().describe('the event payload (null when left out)'),
        role: z.string().optional(),
        group: z.string().optional(),
        capabilities: z.array(z.string()).optional(),
        statuses: z.array(z.enum(AGENT_STATUSES)).optional(),
        urgent: z.boolean().optional(),
        ttl_s: z.number().positive().optional(),
      },
      outputSchema: { messages: z.array(MessageRecordSchema) },
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
      caller: 'sender_id',
    },
    (args) =>
      senderMismatch(args) ??
      answer<InboxMessage[]>(
        {
          type: 'broadcast',
          agentId: args.sender_id,
          token: args.agent_token,
          eventType: args.event_type,
          data: args.data ?? null,
          filter: {
            role: args.role,
            group: args.group,
            capabilities: args.capabilities,
            statuses: args.statuses,
          },
          urgent: args.urgent,
          ttlS: args.ttl_s,
        },
        (messages) => ({ messages: messages.map(messageRecord) }),
      ),
  );
}
