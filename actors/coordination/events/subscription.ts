/**
 * System-event subscriptions as plain data, and their tables. An agent subscribes itself,
 * or any agent subscribes a role, to event types or to `*` (every type). A broadcast of a
 * type reaches the registered agents subscribed to it (or to `*`) directly or through their
 * role. An agent's own subscriptions end with its registration (deregistration removes
 * them); a role's stay until someone unsubscribes the role.
 *
 *   subscriptions                 [eventType, kind, name] → Subscription   (kind: agent | role)
 *   subscriptions-by-subscriber   [kind, name, eventType] → Subscription
 *
 * Both are written by the subscribing agent's actor in the turn that subscribes (`subscription-turns.ts`).
 */

/** The event type that stands for every type. */
export const EVERY_EVENT_TYPE = '*';
export const MAX_EVENT_TYPE_CHARS = 256;

export const SUBSCRIPTIONS_TABLE = 'subscriptions';
export const SUBSCRIPTIONS_BY_SUBSCRIBER_TABLE = 'subscriptions-by-subscriber';

export type Subscriber =
  | { readonly kind: 'agent'; readonly agentId: string }
  | { readonly kind: 'role'; readonly role: string };

export interface Subscription {
  readonly eventType: string;
  readonly subscriber: Subscriber;
  /** The agent that made it (itself, for an agent's own). */
  readonly subscribedBy: string;
  readonly subscribedAt: number;
}

/** The answer to subscribing or unsubscribing. */
export interface SubscriptionChange {
  readonly subscriber: Subscriber;
  /** The event types added (or removed) by this request: none when it changed nothing. */
  readonly changed: readonly string[];
  /** The subscriber's subscriptions now. */
  readonly subscriptions: readonly Subscription[];
}

/** What a broadcast puts in each recipient's inbox as the message content. */
export interface SystemEventContent {
  readonly event_type: string;
  readonly data: unknown;
}

export function subscriberName(subscriber: Subscriber): string {
  switch (subscriber.kind) {
    case 'agent':
      return subscriber.agentId;
    case 'role':
      return subscriber.role;
  }
}

export function subscriptionKey(eventType: string, subscriber: Subscriber) {
  return [eventType, subscriber.kind, subscriberName(subscriber)] as const;
}

export function bySubscriberKey(subscriber: Subscriber, eventType: string) {
  return [subscriber.kind, subscriberName(subscriber), eventType] as const;
}

/** The subscriber a `subscriptions` key names. */
export function subscriberOfKey(kind: unknown, name: unknown): Subscriber | null {
  if (typeof name !== 'string') return null;
  if (kind === 'agent') return { kind: 'agent', agentId: name };
  if (kind === 'role') return { kind: 'role', role: name };
  return null;
}
