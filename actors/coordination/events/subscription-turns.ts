/**
 * The agent actor's side of system-event subscriptions: it subscribes itself, or a role, to
 * event types (answering with the change and the subscriber's subscriptions now), takes them
 * off again, and removes its own when it deregisters. The entries go into both tables in the
 * same turn (`subscription.ts`). An agent's own subscriptions are capped by `limits.subscriptions`,
 * counted in its state; a role's by the same cap, counted from the table.
 */
import { type ActorContext, type Outcome, refuse } from '../../../src/kernel/index.js';
import type { AgentMsg } from '../agents/agent-messages.js';
import { type AgentState, isRegistered } from '../agents/agent-state.js';
import {
  bySubscriberKey,
  SUBSCRIPTIONS_BY_SUBSCRIBER_TABLE,
  SUBSCRIPTIONS_TABLE,
  type Subscriber,
  type Subscription,
  type SubscriptionChange,
  subscriptionKey,
} from './subscription.js';

type Ctx = ActorContext<AgentMsg>;
type Turn<T> = readonly [Outcome<T>, AgentState];

/** The subscriber's subscriptions, in event-type order (at most `limit`). */
function subscriptionsOf(ctx: Ctx, subscriber: Subscriber, limit: number): Subscription[] {
  const prefix = bySubscriberKey(subscriber, '').slice(0, 2);
  return ctx
    .table<Subscription>(SUBSCRIPTIONS_BY_SUBSCRIBER_TABLE)
    .range({ prefix, limit: Math.min(Math.max(limit, 1), 10_000) })
    .map((entry) => entry.value);
}

function put(ctx: Ctx, subscription: Subscription): void {
  ctx
    .table(SUBSCRIPTIONS_TABLE)
    .put(subscriptionKey(subscription.eventType, subscription.subscriber), subscription);
  ctx
    .table(SUBSCRIPTIONS_BY_SUBSCRIBER_TABLE)
    .put(bySubscriberKey(subscription.subscriber, subscription.eventType), subscription);
}

function remove(ctx: Ctx, subscriber: Subscriber, eventType: string): void {
  ctx.table(SUBSCRIPTIONS_TABLE).remove(subscriptionKey(eventType, subscriber));
  ctx.table(SUBSCRIPTIONS_BY_SUBSCRIBER_TABLE).remove(bySubscriberKey(subscriber, eventType));
}

export function changeSubscriptions(
  state: AgentState,
  msg: Extract<AgentMsg, { type: 'subscribe' | 'unsubscribe' }>,
  ctx: Ctx,
): Turn<SubscriptionChange> {
  if (!isRegistered(state))
    return [refuse('unknown_agent', `no agent "${state.agentId}" is registered`, 'agent_id'), state];
  const subscriber: Subscriber =
    msg.role === null ? { kind: 'agent', agentId: state.agentId } : { kind: 'role', role: msg.role };
  const byType = ctx.table<Subscription>(SUBSCRIPTIONS_BY_SUBSCRIBER_TABLE);
  const has = (eventType: string) => byType.get(bySubscriberKey(subscriber, eventType)) !== undefined;
  const types = [...new Set(msg.eventTypes)];
  let next = state;
  let changed: string[];
  if (msg.type === 'subscribe') {
    changed = types.filter((eventType) => !has(eventType));
    const held =
      subscriber.kind === 'agent'
        ? state.subscriptions
        : subscriptionsOf(ctx, subscriber, msg.cap + 1).length;
    if (held + changed.length > msg.cap) {
      const whose = subscriber.kind === 'agent' ? `agent "${state.agentId}"` : `role "${msg.role}"`;
      const why = `${whose} would have ${held + changed.length} event subscriptions; the limit is ${msg.cap} (subscriptions)`;
      return [refuse('limit_exceeded', why, 'event_types'), state];
    }
    const subscribedAt = ctx.now();
    for (const eventType of changed)
      put(ctx, { eventType, subscriber, subscribedBy: state.agentId, subscribedAt });
  } else {
    changed = types.filter(has);
    for (const eventType of changed) remove(ctx, subscriber, eventType);
  }
  if (subscriber.kind === 'agent') {
    const delta = msg.type === 'subscribe' ? changed.length : -changed.length;
    next = { ...state, subscriptions: state.subscriptions + delta };
  }
  const subscriptions = subscriptionsOf(ctx, subscriber, msg.cap);
  return [{ ok: true, value: { subscriber, changed, subscriptions } }, next];
}

/** Deregistration: the agent's own subscriptions end with its registration. */
export function removeOwnSubscriptions(state: AgentState, ctx: Ctx): AgentState {
  const subscriber: Subscriber = { kind: 'agent', agentId: state.agentId };
  for (const { eventType } of subscriptionsOf(ctx, subscriber, 10_000)) remove(ctx, subscriber, eventType);
  return { ...state, subscriptions: 0 };
}

/** Migration: the agent's own subscriptions, and the role subscriptions this actor writes. */
export function restoreSubscriptions(
  state: AgentState,
  own: readonly Subscription[],
  roles: readonly Subscription[],
  ctx: Ctx,
): AgentState {
  const subscriber: Subscriber = { kind: 'agent', agentId: state.agentId };
  for (const subscription of own) put(ctx, { ...subscription, subscriber });
  for (const subscription of roles) if (subscription.subscriber.kind === 'role') put(ctx, subscription);
  return { ...state, subscriptions: state.subscriptions + own.length };
}
