/**
 * Migration of the previous version's agents area: a pure converter from the old board
 * states — `agent-registry` (agents with their token hashes; state version 1 held the agents
 * alone, version 2 `{ agents, observers, statusObservers }`), the `post-office` (which inbox
 * actor each agent had) and its `inbox:<id>` children (arrays of messages), the
 * `event-subscriptions` book, and the evaluations inside the `project-board` — to one
 * `AgentSeed` per agent, which its new actor restores (`registration.ts`, `restore`).
 *
 * Nothing acknowledged is dropped silently: what cannot be carried over is counted in the
 * report with why — an agent id the new rules refuse (it could never be named again), mail
 * for an id no agent has (stored inboxes are kept for registered agents only), expired mail,
 * the subscriptions of a registration that ended, evaluations of an agent no longer
 * registered. Token hashes are kept: the old tokens keep working. A role or capability
 * longer than a label may be is cut to MAX_LABEL_CHARS (it is part of an index key).
 */
import { z } from 'zod';
import type { Evaluation } from '../evaluations/evaluation.js';
import { MAX_EVENT_TYPE_CHARS, type Subscription } from '../events/subscription.js';
import { isId } from '../ids.js';
import type { MessageRecord } from '../messaging/message.js';
import type { AgentSeed } from './agent-messages.js';
import { AGENT_STATUSES, type Agent, MAX_LABEL_CHARS } from './agent-record.js';

const label = (text: string) => text.slice(0, MAX_LABEL_CHARS);

const OldAgentSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  modelType: z.string(),
  modelVersion: z.string(),
  capabilities: z.array(z.string()),
  group: z.string().nullable().optional(),
  heartbeatIntervalS: z.number().positive(),
  status: z.enum(AGENT_STATUSES),
  currentTask: z.string().nullable().optional(),
  registeredAt: z.number(),
  lastSeenAt: z.number(),
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
});

const OldMessageSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  content: z.unknown(),
  urgent: z.boolean(),
  correlationId: z.string().nullable().optional(),
  sentAt: z.number(),
  expiresAt: z.number().nullable().optional(),
});

const OldSubscriptionSchema = z.object({
  eventType: z.string().min(1),
  subscriber: z.union([
    z.object({ kind: z.literal('agent'), agentId: z.string() }),
    z.object({ kind: z.literal('role'), role: z.string() }),
  ]),
  subscribedBy: z.string(),
  subscribedAt: z.number(),
  registeredAt: z.number().nullable().optional(),
});

const OldEvaluationSchema = z.object({
  id: z.string(),
  evaluatorId: z.string(),
  contributorId: z.string(),
  contributionRef: z.string(),
  projectId: z.string().nullable().optional(),
  scores: z.record(z.string(), z.number()),
  comments: z.string().optional(),
  createdAt: z.number(),
});

/** The old states, as `readStored` gives them (any of them may be missing). */
export interface OldAgentsStates {
  readonly registry?: { readonly state: unknown; readonly version: number };
  /** `inbox:<id>` states by the agent id the post office kept them under. */
  readonly inboxes: ReadonlyMap<string, unknown>;
  readonly subscriptions?: unknown;
  readonly projectBoard?: unknown;
}

export interface AgentsMigration {
  readonly seeds: readonly AgentSeed[];
  /** What was not carried over, and why. */
  readonly dropped: {
    readonly agents: readonly string[];
    readonly messagesWithoutAgent: number;
    readonly expiredMessages: number;
    readonly unreadable: number;
    readonly lapsedSubscriptions: number;
    readonly evaluationsWithoutAgent: number;
  };
}

/** The old registry's agents, whichever state version wrote them. */
function oldAgents(registry: OldAgentsStates['registry']): unknown[] {
  if (!registry || typeof registry.state !== 'object' || registry.state === null) return [];
  const agents = registry.version >= 2 ? (registry.state as { agents?: unknown }).agents : registry.state;
  return typeof agents === 'object' && agents !== null ? Object.values(agents) : [];
}

/** Entries of an old plain-object map (`Object.values`: keys are never used). */
const valuesOf = (value: unknown, field: string): unknown[] => {
  const map =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
  return typeof map === 'object' && map !== null ? Object.values(map) : [];
};

export function convertOldAgents(old: OldAgentsStates, now: number): AgentsMigration {
  let unreadable = 0;
  const dropped: string[] = [];
  const agents = new Map<string, { agent: Agent; tokenHash: string }>();
  for (const raw of oldAgents(old.registry)) {
    const parsed = OldAgentSchema.safeParse(raw);
    if (!parsed.success) unreadable++;
    else if (!isId(parsed.data.id)) dropped.push(parsed.data.id);
    else {
      const { tokenHash, lastSeenAt, group, currentTask, ...fields } = parsed.data;
      const agent: Agent = {
        ...fields,
        role: label(fields.role),
        capabilities: [...new Set(fields.capabilities.map(label))],
        group: group === undefined || group === null ? null : label(group),
        currentTask: currentTask ?? null,
        lastHeartbeat: lastSeenAt,
      };
      agents.set(agent.id, { agent, tokenHash });
    }
  }

  const mail = new Map<string, MessageRecord[]>();
  let messagesWithoutAgent = 0;
  let expiredMessages = 0;
  for (const [agentId, state] of old.inboxes) {
    const messages = Array.isArray(state) ? state : [];
    for (const raw of messages) {
      const parsed = OldMessageSchema.safeParse(raw);
      if (!parsed.success) unreadable++;
      else if (!agents.has(agentId)) messagesWithoutAgent++;
      else if (parsed.data.expiresAt != null && parsed.data.expiresAt <= now) expiredMessages++;
      else {
        const { correlationId, expiresAt, ...message } = parsed.data;
        const list = mail.get(agentId) ?? [];
        list.push({
          ...message,
          to: agentId,
          correlationId: correlationId ?? null,
          expiresAt: expiresAt ?? null,
        });
        mail.set(agentId, list);
      }
    }
  }

  const own = new Map<string, Subscription[]>();
  const roles = new Map<string, Subscription[]>();
  const writerOfRoles = [...agents.keys()].sort()[0];
  let lapsedSubscriptions = 0;
  const subscriptions = (old.subscriptions as { subscriptions?: unknown } | undefined)?.subscriptions;
  for (const raw of Array.isArray(subscriptions) ? subscriptions : []) {
    const parsed = OldSubscriptionSchema.safeParse(raw);
    if (!parsed.success) {
      unreadable++;
      continue;
    }
    const { registeredAt, ...subscription } = parsed.data;
    const { subscriber } = subscription;
    const fits = subscription.eventType.length <= MAX_EVENT_TYPE_CHARS;
    if (subscriber.kind === 'agent') {
      // An agent's own subscription belonged to the registration that made it.
      const holder = agents.get(subscriber.agentId);
      if (!fits || !holder || holder.agent.registeredAt !== registeredAt) lapsedSubscriptions++;
      else own.set(subscriber.agentId, [...(own.get(subscriber.agentId) ?? []), subscription]);
    } else {
      const writer = agents.has(subscription.subscribedBy) ? subscription.subscribedBy : writerOfRoles;
      if (!fits || writer === undefined) lapsedSubscriptions++;
      else {
        const role = { ...subscription, subscriber: { kind: 'role' as const, role: label(subscriber.role) } };
        roles.set(writer, [...(roles.get(writer) ?? []), role]);
      }
    }
  }

  const evaluations = new Map<string, Evaluation[]>();
  let evaluationsWithoutAgent = 0;
  for (const raw of valuesOf(old.projectBoard, 'evaluations')) {
    const parsed = OldEvaluationSchema.safeParse(raw);
    if (!parsed.success) unreadable++;
    else if (!agents.has(parsed.data.contributorId)) evaluationsWithoutAgent++;
    else {
      const scores = Object.entries(parsed.data.scores).map(([criterion, score]) => ({ criterion, score }));
      const mean =
        scores.length === 0
          ? null
          : Math.round((scores.reduce((s, x) => s + x.score, 0) / scores.length) * 100) / 100;
      const evaluation: Evaluation = {
        id: parsed.data.id,
        evaluatorId: parsed.data.evaluatorId,
        contributorId: parsed.data.contributorId,
        contributionRef: parsed.data.contributionRef,
        evaluationCriteria: null,
        scores,
        meanScore: mean,
        comments: parsed.data.comments ?? '',
        projectId: parsed.data.projectId ?? null,
        createdAt: parsed.data.createdAt,
      };
      evaluations.set(evaluation.contributorId, [
        ...(evaluations.get(evaluation.contributorId) ?? []),
        evaluation,
      ]);
    }
  }

  const byTime =
    <T>(key: (t: T) => number) =>
    (a: T, b: T) =>
      key(a) - key(b);
  const seeds = [...agents.values()]
    .sort((a, b) => (a.agent.id < b.agent.id ? -1 : 1))
    .map(
      ({ agent, tokenHash }): AgentSeed => ({
        agent,
        tokenHash,
        messages: (mail.get(agent.id) ?? []).sort(byTime((m) => m.sentAt)),
        subscriptions: own.get(agent.id) ?? [],
        roleSubscriptions: roles.get(agent.id) ?? [],
        evaluations: (evaluations.get(agent.id) ?? []).sort(byTime((e) => e.createdAt)),
      }),
    );
  return {
    seeds,
    dropped: {
      agents: dropped,
      messagesWithoutAgent,
      expiredMessages,
      unreadable,
      lapsedSubscriptions,
      evaluationsWithoutAgent,
    },
  };
}
