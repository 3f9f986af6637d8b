/**
 * System-event subscriptions as plain data, and the pure rules over a list of them: who
 * hears an event type (one agent, or every agent of a role; `*` hears every type), which
 * subscriptions still count, and which agents a broadcast reaches. The `EventSubscriptions`
 * actor (event-subscriptions.ts) keeps the list and asks the registry for the agents; this
 * module owns no state and does no I/O.
 *
 *   broadcast of type T ──► registered agents, narrowed by the filter, the sender left out
 *                            └─ kept if a subscription of type T or `*` names the agent
 *                               itself, or its role
 *
 * An agent's own subscription belongs to one registration of it: once the agent is
 * deregistered it lapses, even if an agent registers again under the same id. A role's
 * subscription stays until someone unsubscribes the role, whoever made it.
 */
import type { Agent } from './agent.js';

/** The event type that stands for every type. */
export const EVERY_EVENT_TYPE = '*';

export type Subscriber =
  | { readonly kind: 'agent'; readonly agentId: string }
  | { readonly kind: 'role'; readonly role: string };

/** One subscriber hearing one event type (or `*`), and which agent set it up, when. */
export interface EventSubscription {
  readonly eventType: string;
  readonly subscriber: Subscriber;
  readonly subscribedBy: string;
  readonly subscribedAt: number;
}

/** As kept: an agent's own subscription remembers the registration that made it. */
export interface StoredSubscription extends EventSubscription {
  /** The subscribing agent's `registeredAt` (null for a role's subscription). */
  readonly registeredAt: number | null;
}

/** What a broadcast carries to each recipient's inbox, as the message `content`. */
export interface SystemEventContent {
  readonly event_type: string;
  readonly data: unknown;
}

export function sameSubscriber(a: Subscriber, b: Subscriber): boolean {
  switch (a.kind) {
    case 'agent':
      return b.kind === 'agent' && a.agentId === b.agentId;
    case 'role':
      return b.kind === 'role' && a.role === b.role;
  }
}

export function describeSubscriber(subscriber: Subscriber): string {
  switch (subscriber.kind) {
    case 'agent':
      return `agent "${subscriber.agentId}"`;
    case 'role':
      return `role "${subscriber.role}"`;
  }
}

/** Does a subscription to `subscribed` hear an event of `eventType`? */
export function covers(subscribed: string, eventType: string): boolean {
  return subscribed === EVERY_EVENT_TYPE || subscribed === eventType;
}

/** Does this subscriber stand for this agent: the agent itself, or its role? */
export function reaches(subscriber: Subscriber, agent: Agent): boolean {
  switch (subscriber.kind) {
    case 'agent':
      return subscriber.agentId === agent.id;
    case 'role':
      return subscriber.role === agent.role;
  }
}

/** The subscriptions that still count among the registered `agents` (an agent's lapses with its registration). */
export function current(
  subscriptions: readonly StoredSubscription[],
  agents: readonly Agent[],
): readonly StoredSubscription[] {
  const registeredAt = new Map(agents.map((a) => [a.id, a.registeredAt]));
  return subscriptions.filter(
    (s) => s.subscriber.kind === 'role' || registeredAt.get(s.subscriber.agentId) === s.registeredAt,
  );
}

/** The agents among `candidates` that a broadcast of `eventType` reaches, in the order given. */
export function recipientsOf(
  subscriptions: readonly StoredSubscription[],
  eventType: string,
  candidates: readonly Agent[],
): Agent[] {
  const heard = subscriptions.filter((s) => covers(s.eventType, eventType));
  return candidates.filter((agent) => heard.some((s) => reaches(s.subscriber, agent)));
}

const sameSubscription = (a: EventSubscription, b: EventSubscription) =>
  a.eventType === b.eventType && sameSubscriber(a.subscriber, b.subscriber);

/** Add these subscriptions; one its subscriber already has for that type keeps its first record. */
export function subscribe(
  subscriptions: readonly StoredSubscription[],
  added: readonly StoredSubscription[],
): { readonly subscriptions: readonly StoredSubscription[]; readonly changed: readonly string[] } {
  const fresh = added.filter(
    (a, i) =>
      added.findIndex((b) => sameSubscription(a, b)) === i &&
      !subscriptions.some((s) => sameSubscription(s, a)),
  );
  return { subscriptions: [...subscriptions, ...fresh], changed: fresh.map((s) => s.eventType) };
}

/** Take the subscriber off these event types (`*` takes off only its `*` subscription). */
export function unsubscribe(
  subscriptions: readonly StoredSubscription[],
  subscriber: Subscriber,
  eventTypes: readonly string[],
): { readonly subscriptions: readonly StoredSubscription[]; readonly changed: readonly string[] } {
  const leaving = (s: StoredSubscription) =>
    sameSubscriber(s.subscriber, subscriber) && eventTypes.includes(s.eventType);
  return {
    subscriptions: subscriptions.filter((s) => !leaving(s)),
    changed: subscriptions.filter(leaving).map((s) => s.eventType),
  };
}

/** The public view: what was subscribed, without the registration it belongs to. */
export function publicSubscription(stored: StoredSubscription): EventSubscription {
  const { registeredAt: _kept, ...visible } = stored;
  return visible;
}

/** By event type, then subscriber (agents before roles), for stable listings. */
export function bySubscription(a: EventSubscription, b: EventSubscription): number {
  return (
    a.eventType.localeCompare(b.eventType) ||
    a.subscriber.kind.localeCompare(b.subscriber.kind) ||
    describeSubscriber(a.subscriber).localeCompare(describeSubscriber(b.subscriber))
  );
}
