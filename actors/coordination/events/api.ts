/**
 * The system-events facade: an agent subscribes itself, or a role, to event types (`*`:
 * every type) and takes them off again; anyone lists the subscriptions; an agent (or the
 * operator) broadcasts an event — each registered agent subscribed to its type or to `*`,
 * directly or through its role, narrowed by the filter and the sender left out, gets a
 * message whose content is `{ event_type, data }` — and the process's broadcast listeners hear
 * it (broadcast-listeners.ts: workflow event triggers). Subscribing is a turn of the subscribing
 * agent's actor; listing and gathering recipients read the tables on the main thread.
 */
import { z } from 'zod';
import { type Outcome, refuse, type TableKey } from '../../../src/kernel/index.js';
import type { AgentMsg } from '../agents/agent-messages.js';
import {
  AGENT_STATUSES,
  AGENTS_BY_ROLE_TABLE,
  AGENTS_TABLE,
  type AgentSummary,
  MAX_CAPABILITIES,
  MAX_LABEL_CHARS,
  matchesFilter,
} from '../agents/agent-record.js';
import { summaryOf } from '../agents/api.js';
import type { AgentsDomain } from '../agents/domain.js';
import { callingAgent, type PageInput, pageRequest, parseInput } from '../agents/input.js';
import { scanPage, walk } from '../agents/table-scan.js';
import type { Caller } from '../caller.js';
import { agentActorId, IdSchema } from '../ids.js';
import { MAX_TTL_S, measureContent } from '../messaging/api.js';
import { deliverToMany, type FanOut, MAX_RECIPIENTS } from '../messaging/fan-out.js';
import type { Page } from '../page.js';
import { isAgentInScope, tenantScopeOf } from '../tenancy.js';
import { announceBroadcast } from './broadcast-listeners.js';
import {
  EVERY_EVENT_TYPE,
  MAX_EVENT_TYPE_CHARS,
  SUBSCRIPTIONS_BY_SUBSCRIBER_TABLE,
  SUBSCRIPTIONS_TABLE,
  type Subscription,
  type SubscriptionChange,
  type SystemEventContent,
  subscriberOfKey,
} from './subscription.js';

const EventType = z.string().min(1).max(MAX_EVENT_TYPE_CHARS);
const Label = z.string().min(1).max(MAX_LABEL_CHARS);

const SubscribeSchema = z
  .object({
    eventTypes: z.array(EventType).min(1).max(1_000),
    /** Subscribe (or unsubscribe) this role instead of the calling agent. */
    role: Label.optional(),
  })
  .strict();
export type SubscribeInput = z.input<typeof SubscribeSchema>;

const ListSchema = z
  .object({ eventType: EventType.optional(), agentId: IdSchema.optional(), role: Label.optional() })
  .strict();
export type SubscriptionFilter = z.input<typeof ListSchema>;

const BroadcastSchema = z
  .object({
    eventType: EventType,
    data: z.unknown().optional(),
    filters: z
      .object({
        role: Label.optional(),
        group: Label.optional(),
        capabilities: z.array(Label).max(MAX_CAPABILITIES).optional(),
        statuses: z.array(z.enum(AGENT_STATUSES)).optional(),
        modelType: Label.optional(),
      })
      .strict()
      .optional(),
    urgent: z.boolean().optional(),
    ttlS: z.number().positive().max(MAX_TTL_S).optional(),
  })
  .strict();
export type BroadcastInput = z.input<typeof BroadcastSchema>;

async function change(
  domain: AgentsDomain,
  caller: Caller,
  type: 'subscribe' | 'unsubscribe',
  input: SubscribeInput,
): Promise<Outcome<SubscriptionChange>> {
  const parsed = parseInput(SubscribeSchema, input);
  if (!parsed.ok) return parsed;
  const agent = callingAgent(caller, 'subscribing to system events');
  if (!agent.ok) return agent;
  if (!summaryOf(domain, agent.value))
    return refuse('unknown_agent', `no agent "${agent.value}" is registered`, 'agent_id');
  const msg: AgentMsg = {
    type,
    eventTypes: parsed.value.eventTypes,
    role: parsed.value.role ?? null,
    cap: domain.limits.subscriptions,
  };
  return domain.system.refOf<AgentMsg>(agentActorId(agent.value)).ask(msg);
}

/** The calling agent (or, with `role`, that role) hears these event types from now on. */
export function subscribeSystemEvents(domain: AgentsDomain, caller: Caller, input: SubscribeInput) {
  return change(domain, caller, 'subscribe', input);
}

/** Take the calling agent (or the role) off these event types (`*` takes off only the every-type subscription). */
export function unsubscribeSystemEvents(domain: AgentsDomain, caller: Caller, input: SubscribeInput) {
  return change(domain, caller, 'unsubscribe', input);
}

/**
 * Subscriptions: those a broadcast of `eventType` follows (that type, then `*`), those that
 * reach `agentId` (its own, then its role's), those of a `role` — or all, by event type.
 */
export async function listEventSubscriptions(
  domain: AgentsDomain,
  filter: SubscriptionFilter = {},
  page?: PageInput,
): Promise<Outcome<Page<Subscription>>> {
  const parsed = parseInput(ListSchema, filter);
  if (!parsed.ok) return parsed;
  const request = pageRequest(page, domain.limits);
  if (!request.ok) return request;
  const { eventType, agentId, role } = parsed.value;
  const covers = (s: Subscription) =>
    eventType === undefined || s.eventType === eventType || s.eventType === EVERY_EVENT_TYPE;
  const named = (s: Subscription) =>
    role === undefined || (s.subscriber.kind === 'role' && s.subscriber.role === role);
  if (agentId !== undefined) {
    const agent = summaryOf(domain, agentId);
    if (!agent) return refuse('unknown_agent', `no agent "${agentId}" is registered`, 'agent_id');
    return scanPage(domain.system.table<Subscription>(SUBSCRIPTIONS_BY_SUBSCRIBER_TABLE), {
      segments: [
        ['agent', agentId],
        ['role', agent.role],
      ],
      ...request.value,
      pick: (s) => (covers(s) && named(s) ? s : undefined),
    });
  }
  if (role !== undefined)
    return scanPage(domain.system.table<Subscription>(SUBSCRIPTIONS_BY_SUBSCRIBER_TABLE), {
      segments: [['role', role]],
      ...request.value,
      pick: (s) => (covers(s) ? s : undefined),
    });
  const segments: TableKey[] =
    eventType === undefined
      ? [[]]
      : eventType === EVERY_EVENT_TYPE
        ? [[EVERY_EVENT_TYPE]]
        : [[eventType], [EVERY_EVENT_TYPE]];
  return scanPage(domain.system.table<Subscription>(SUBSCRIPTIONS_TABLE), {
    segments,
    ...request.value,
    pick: (s) => s,
  });
}

/** The registered agents a broadcast of `eventType` reaches, before the filter (at most MAX_RECIPIENTS + 1). */
function subscribersOf(domain: AgentsDomain, eventType: string): Set<string> {
  const reached = new Set<string>();
  const full = () => reached.size > MAX_RECIPIENTS;
  const byRole = domain.system.table(AGENTS_BY_ROLE_TABLE);
  for (const type of new Set([eventType, EVERY_EVENT_TYPE])) {
    walk(domain.system.table(SUBSCRIPTIONS_TABLE), [type], (_, key) => {
      const subscriber = subscriberOfKey(key[1], key[2]);
      if (subscriber?.kind === 'agent') reached.add(subscriber.agentId);
      else if (subscriber?.kind === 'role')
        walk(byRole, [subscriber.role], (__, roleKey) => {
          reached.add(roleKey[1] as string);
          return !full();
        });
      return !full();
    });
  }
  return reached;
}

/** Deliver `data` to the subscribers of `eventType` that match the filters; the sender (an agent, or the operator) left out. */
export async function broadcastSystemEvent(
  domain: AgentsDomain,
  caller: Caller,
  input: BroadcastInput,
): Promise<Outcome<FanOut>> {
  const parsed = parseInput(BroadcastSchema, input);
  if (!parsed.ok) return parsed;
  const { eventType, filters = {}, urgent = false, ttlS } = parsed.value;
  if (eventType === EVERY_EVENT_TYPE) {
    const why = `event_type "${EVERY_EVENT_TYPE}" subscribes to every event type; it is not one to broadcast`;
    return refuse('invalid_argument', why, 'event_type');
  }
  let sender = 'operator';
  if (caller.kind !== 'operator') {
    const agent = callingAgent(caller, 'broadcasting a system event');
    if (!agent.ok) return agent;
    if (!summaryOf(domain, agent.value))
      return refuse('unknown_agent', `the sender "${agent.value}" is not registered`, 'sender_id');
    sender = agent.value;
  }
  const content: SystemEventContent = { event_type: eventType, data: parsed.value.data ?? null };
  const bytes = measureContent(domain, content, 'data');
  if (!bytes.ok) return bytes;
  const reached = subscribersOf(domain, eventType);
  if (reached.size > MAX_RECIPIENTS)
    return refuse(
      'limit_exceeded',
      `event_type "${eventType}" reaches more than ${MAX_RECIPIENTS} agents`,
      'event_type',
    );
  const now = domain.clock.now();
  const agents = domain.system.table<AgentSummary>(AGENTS_TABLE);
  // Delivered within the sender's tenant only (the operator's events reach every tenant).
  const scope = tenantScopeOf(domain.system, caller);
  const recipients = [...reached].sort().filter((id) => {
    const agent = agents.get([id]);
    return (
      id !== sender &&
      agent !== undefined &&
      isAgentInScope(domain.system, scope, id) &&
      matchesFilter(agent, filters, now)
    );
  });
  const delivered = await deliverToMany(domain, recipients, {
    from: sender,
    content,
    urgent,
    correlationId: null,
    ttlMs: ttlS === undefined ? null : Math.round(ttlS * 1000),
    bytes: bytes.value,
    via: 'broadcast',
  });
  announceBroadcast(domain.system, { eventType, data: content.data, sender });
  return { ok: true, value: delivered };
}
