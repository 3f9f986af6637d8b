/**
 * `EventSubscriptions`: the durable book of who hears which system events, and the
 * broadcast that follows it. An agent subscribes itself, or subscribes a role (any
 * registered agent may, with its token; the book records who did), to event types or to
 * `*`. A broadcast of a type goes to the registered agents subscribed to it directly or
 * through their role, narrowed by the caller's filter, the sender left out; the post office
 * delivers (one `broadcast` send, so its observers hear of every message) and checks the
 * sender's token. The rules are pure (event-subscription.ts); this actor keeps the list
 * and gathers the agents.
 *
 *   broadcast ──► registry `find` ──► recipientsOf(subscriptions) ──► PostOffice `broadcast`
 *
 * Every request starts from the registry's agents: subscriptions of agents no longer
 * registered (or registered anew under the same id) are dropped then. Domain errors are
 * typed answers.
 */
import { type ActorRef, defineActor, type Outcome, refuse, reply } from '../../src/kernel/index.js';
import { type Agent, type AgentFilter, matches } from './agent.js';
import {
  bySubscription,
  covers,
  current,
  EVERY_EVENT_TYPE,
  type EventSubscription,
  publicSubscription,
  reaches,
  recipientsOf,
  type StoredSubscription,
  type Subscriber,
  type SystemEventContent,
  sameSubscriber,
  subscribe,
  unsubscribe,
} from './event-subscription.js';
import type { PostMsg } from './post-office.js';
import type { RegistryMsg } from './registry.js';

interface Caller {
  readonly agentId: string;
  readonly token: string;
}

export type EventSubscriptionMsg =
  /** Without `role` the calling agent subscribes (or unsubscribes) itself; with it, the role. */
  | (Caller & {
      readonly type: 'subscribe' | 'unsubscribe';
      readonly eventTypes: readonly string[];
      readonly role?: string;
    })
  /** The subscriptions that hear a type (its own or `*`), reach an agent (itself or its role), or name a role. */
  | { readonly type: 'list'; readonly eventType?: string; readonly agentId?: string; readonly role?: string }
  /** `data` to every subscriber of `eventType` the filter matches; the caller is the sender. */
  | (Caller & {
      readonly type: 'broadcast';
      readonly eventType: string;
      readonly data: unknown;
      readonly filter: AgentFilter;
      readonly urgent?: boolean;
      readonly ttlS?: number;
    });

/** The answer to subscribing or unsubscribing. */
export interface SubscriptionChange {
  readonly subscriber: Subscriber;
  /** The event types added (or removed) by this request: none when it changed nothing. */
  readonly changed: readonly string[];
  /** The subscriber's subscriptions now. */
  readonly subscriptions: readonly EventSubscription[];
}

interface Book {
  readonly registry: ActorRef<RegistryMsg>;
  readonly post: ActorRef<PostMsg>;
  readonly subscriptions: readonly StoredSubscription[];
}

export const EventSubscriptions = defineActor<
  EventSubscriptionMsg,
  Book,
  { readonly registry: ActorRef<RegistryMsg>; readonly post: ActorRef<PostMsg> }
>({
  module: import.meta.url,
  name: 'EventSubscriptions',
  // Every turn returns a new object to change the state: a read commits nothing.
  immutableState: true,
  init: ({ registry, post }) => ({ registry, post, subscriptions: [] }),
  receive: async (stored, msg, ctx) => {
    const now = Date.now();
    const found = await ctx.ask<Outcome<Agent[]>>(stored.registry, { type: 'find', filter: {} });
    if (!found.ok) return reply(found, stored);
    const agents = found.value;
    const live = current(stored.subscriptions, agents);
    const book = live.length === stored.subscriptions.length ? stored : { ...stored, subscriptions: live };
    switch (msg.type) {
      case 'list': {
        const agent = msg.agentId === undefined ? undefined : agents.find((a) => a.id === msg.agentId);
        if (msg.agentId !== undefined && !agent) {
          return reply(refuse('not_found', `no agent "${msg.agentId}"`, 'agent_id'), book);
        }
        const listed = live
          .filter((s) => msg.eventType === undefined || covers(s.eventType, msg.eventType))
          .filter((s) => !agent || reaches(s.subscriber, agent))
          .filter(
            (s) => msg.role === undefined || (s.subscriber.kind === 'role' && s.subscriber.role === msg.role),
          )
          .map(publicSubscription)
          .sort(bySubscription);
        return reply({ ok: true, value: listed } satisfies Outcome<EventSubscription[]>, book);
      }
      case 'broadcast': {
        if (msg.eventType === EVERY_EVENT_TYPE) {
          const why = `"${EVERY_EVENT_TYPE}" subscribes to every event type; it is not one to broadcast`;
          return reply(refuse('invalid_argument', why, 'event_type'), book);
        }
        const candidates = agents.filter((a) => a.id !== msg.agentId && matches(a, msg.filter, now));
        const content: SystemEventContent = { event_type: msg.eventType, data: msg.data };
        const sent = await ctx.ask<Outcome<unknown>>(book.post, {
          type: 'broadcast',
          senderId: msg.agentId,
          token: msg.token,
          recipientIds: recipientsOf(live, msg.eventType, candidates).map((a) => a.id),
          content,
          urgent: msg.urgent,
          ttlS: msg.ttlS,
        });
        return reply(sent, book);
      }
      case 'subscribe':
      case 'unsubscribe': {
        const who = await ctx.ask<Outcome<Agent>>(book.registry, {
          type: 'authorize',
          agentId: msg.agentId,
          token: msg.token,
        });
        if (!who.ok) return reply(who, book);
        const subscriber: Subscriber =
          msg.role === undefined ? { kind: 'agent', agentId: msg.agentId } : { kind: 'role', role: msg.role };
        const { subscriptions, changed } =
          msg.type === 'subscribe'
            ? subscribe(
                live,
                msg.eventTypes.map((eventType) => ({
                  eventType,
                  subscriber,
                  subscribedBy: msg.agentId,
                  subscribedAt: now,
                  registeredAt: subscriber.kind === 'agent' ? who.value.registeredAt : null,
                })),
              )
            : unsubscribe(live, subscriber, msg.eventTypes);
        const answer: SubscriptionChange = {
          subscriber,
          changed,
          subscriptions: subscriptions
            .filter((s) => sameSubscriber(s.subscriber, subscriber))
            .map(publicSubscription)
            .sort(bySubscription),
        };
        return reply({ ok: true, value: answer } satisfies Outcome<SubscriptionChange>, {
          ...book,
          subscriptions,
        });
      }
    }
  },
});
