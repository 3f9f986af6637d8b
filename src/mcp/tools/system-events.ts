/**
 * The system-event tools: `subscribe_system_events`, `unsubscribe_system_events`,
 * `list_event_subscriptions` and `broadcast_system_event` (seed 002's
 * `broadcast_system_event(event_type, event_data)`) — calls of the events facade
 * (`actors/coordination/events/api.ts`). Subscribing is a turn of the subscribing agent's
 * actor; a broadcast delivers to each subscriber's inbox a message whose content is
 * `{ event_type, data }`. Listing is public: a subscription holds no event data.
 */
import { z } from 'zod';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import {
  broadcastSystemEvent,
  listEventSubscriptions,
  subscribeSystemEvents,
  unsubscribeSystemEvents,
} from '../../../actors/coordination/events/api.js';
import { EVERY_EVENT_TYPE, MAX_EVENT_TYPE_CHARS } from '../../../actors/coordination/events/subscription.js';
import { agentActorId } from '../../../actors/coordination/ids.js';
import { MAX_TTL_S } from '../../../actors/coordination/messaging/api.js';
import { changes, READS } from '../annotations.js';
import { AgentStatusSchema } from '../records/agent.js';
import {
  SubscriptionChangeRecordShape,
  SubscriptionRecordSchema,
  subscriptionChangeRecord,
  subscriptionRecord,
} from '../records/subscription.js';
import type { ToolRegistry } from '../tool-registry.js';
import { failure } from '../tool-result.js';
import { aliased } from './aliases.js';
import {
  answer,
  FanOutShape,
  fanOutRecord,
  Id,
  Label,
  PageFields,
  SenderFields,
  senderMismatch,
} from './mail.js';

const EventType = z.string().min(1).max(MAX_EVENT_TYPE_CHARS);
/** Who subscribes: the calling agent itself, or the role it names. */
const Subscribing = {
  agent_id: Id,
  agent_token: z.string(),
  event_types: z
    .array(EventType)
    .min(1)
    .max(1_000)
    .describe(`event types; "${EVERY_EVENT_TYPE}" stands for every type`),
  role: Label.optional().describe('subscribe this role instead of the calling agent'),
  session_id: Id.optional(),
};

export function registerSystemEventTools(tools: ToolRegistry, domain: AgentsDomain): void {
  for (const [name, change, description, destructive] of [
    [
      'subscribe_system_events',
      subscribeSystemEvents,
      `Subscribe the calling agent, or a role (any registered agent may; it is recorded), to event types ("${EVERY_EVENT_TYPE}": all); broadcast_system_event then reaches it. Answers the types added and the subscriber's subscriptions.`,
      false,
    ],
    [
      'unsubscribe_system_events',
      unsubscribeSystemEvents,
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
        handledBy: 'subscriptions',
        caller: 'agent_id',
      },
      async (args, call) => {
        call.answeredBy(agentActorId(args.agent_id));
        const changed = await change(domain, call.caller, { eventTypes: args.event_types, role: args.role });
        return answer(changed, subscriptionChangeRecord);
      },
    );
  }
  tools.register(
    'list_event_subscriptions',
    {
      description: `Event subscriptions, paged (next_cursor): those a broadcast of event_type follows (that type or "${EVERY_EVENT_TYPE}"), those reaching agent_id (its own and its role's), those of a role — or all.`,
      inputSchema: {
        event_type: EventType.optional(),
        agent_id: Id.optional(),
        role: Label.optional(),
        ...PageFields,
      },
      outputSchema: { subscriptions: z.array(SubscriptionRecordSchema), next_cursor: z.string().nullable() },
      annotations: READS,
      handledBy: 'subscriptions',
    },
    async (args) => {
      const listed = await listEventSubscriptions(
        domain,
        { eventType: args.event_type, agentId: args.agent_id, role: args.role },
        { cursor: args.cursor, limit: args.limit },
      );
      return answer(listed, ({ items, next_cursor }) => ({
        subscriptions: items.map(subscriptionRecord),
        next_cursor,
      }));
    },
  );
  tools.register(
    'broadcast_system_event',
    {
      description:
        'Deliver an event (seed 002: event_type, event_data) to the agents subscribed to event_type (directly, through their role, or to "*"), the sender excepted; ' +
        'role / group / capabilities / statuses / model_type narrow them. Each gets an inbox message with content { event_type, data }. ' +
        'Answers the messages delivered (none when nobody subscribes) and who refused one (inbox_full…). Older name still taken: data for event_data.',
      inputSchema: {
        ...SenderFields,
        event_type: EventType,
        event_data: z.unknown().optional().describe('the event payload (null when left out)'),
        data: z.unknown().optional().describe('older name of event_data'),
        role: Label.optional(),
        group: Label.optional(),
        capabilities: z.array(Label).max(64).optional(),
        statuses: z.array(AgentStatusSchema).optional(),
        model_type: Label.optional(),
        urgent: z.boolean().optional(),
        ttl_s: z.number().positive().max(MAX_TTL_S).optional(),
      },
      outputSchema: FanOutShape,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: 'subscriptions',
      caller: 'sender_id',
    },
    async (args, call) => {
      const refused = senderMismatch(args);
      if (refused) return refused;
      const data = aliased<unknown>(args, 'event_data', 'data');
      if (!data.ok) return failure(data.error);
      const broadcast = await broadcastSystemEvent(domain, call.caller, {
        eventType: args.event_type,
        data: data.value ?? null,
        filters: {
          role: args.role,
          group: args.group,
          capabilities: args.capabilities,
          statuses: args.statuses,
          modelType: args.model_type,
        },
        urgent: args.urgent,
        ttlS: args.ttl_s,
      });
      return answer(broadcast, fanOutRecord, { data: 'event_data', agent_id: 'sender_id' });
    },
  );
}
