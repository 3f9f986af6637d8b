/**
 * Event subscriptions over MCP: `{ event_type, subscriber: { kind, agent_id | role },
 * subscribed_by, subscribed_at }`, and what subscribing or unsubscribing changed.
 */
import { z } from 'zod';
import type {
  Subscriber,
  Subscription,
  SubscriptionChange,
} from '../../../actors/coordination/events/subscription.js';
import { IsoTimeSchema, isoTime } from './time.js';

export const SubscriberRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), agent_id: z.string() }),
  z.object({ kind: z.literal('role'), role: z.string() }),
]);

export const SubscriptionRecordSchema = z.object({
  event_type: z.string(),
  subscriber: SubscriberRecordSchema,
  subscribed_by: z.string(),
  subscribed_at: IsoTimeSchema,
});

export const SubscriptionChangeRecordShape = {
  subscriber: SubscriberRecordSchema,
  changed: z.array(z.string()),
  subscriptions: z.array(SubscriptionRecordSchema),
};

function subscriberRecord(subscriber: Subscriber): z.infer<typeof SubscriberRecordSchema> {
  switch (subscriber.kind) {
    case 'agent':
      return { kind: 'agent', agent_id: subscriber.agentId };
    case 'role':
      return { kind: 'role', role: subscriber.role };
  }
}

export function subscriptionRecord(subscription: Subscription): z.infer<typeof SubscriptionRecordSchema> {
  return {
    event_type: subscription.eventType,
    subscriber: subscriberRecord(subscription.subscriber),
    subscribed_by: subscription.subscribedBy,
    subscribed_at: isoTime(subscription.subscribedAt),
  };
}

export function subscriptionChangeRecord(change: SubscriptionChange) {
  return {
    subscriber: subscriberRecord(change.subscriber),
    changed: [...change.changed],
    subscriptions: change.subscriptions.map(subscriptionRecord),
  };
}
