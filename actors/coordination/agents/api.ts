/**
 * The agents facade: register, deregister, heartbeat, status, authenticate (for the adapter),
 * and the public reads — one agent, `findAgents` by capabilities / role / statuses / model
 * type / group / recent activity, and responsiveness. Writes go to the agent's actor
 * (`agent:<id>`, spawned by its first registration); reads go to the tables on the main
 * thread. Every input is checked (zod) and every answer is an `Outcome`.
 *
 * Identity: registration needs none; acting for an agent needs the caller to be that agent
 * (or the operator); reads are public (they hold no message contents or secrets).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ensureActor, type Outcome, refuse } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import { agentActorId, IdSchema } from '../ids.js';
import type { Page } from '../page.js';
import { EVERY_TENANT, isAgentInScope, type TenantScope } from '../tenancy.js';
import { type AccessGrant, AGENT_ACCESS_TABLE, type AgentAccess } from './agent-access.js';
import { AgentActor } from './agent-actor.js';
import type { AgentMsg, RegisteredAgent } from './agent-messages.js';
import {
  AGENT_STATUSES,
  AGENTS_BY_CAPABILITY_TABLE,
  AGENTS_BY_ROLE_TABLE,
  AGENTS_TABLE,
  type Agent,
  type AgentStatus,
  type AgentSummary,
  isResponsiveStatus,
  MAX_CAPABILITIES,
  MAX_LABEL_CHARS,
  matchesFilter,
  publicAgent,
  SETTABLE_STATUSES,
} from './agent-record.js';
import type { AgentsDomain } from './domain.js';
import { mayActFor, type PageInput, pageRequest, parseInput } from './input.js';
import { scanPage } from './table-scan.js';

/** Bounds of an agent's fields: a role or capability is part of an index key. */
export const MAX_NAME_CHARS = 256;
export const MAX_TASK_CHARS = 1_024;
export const DEFAULT_HEARTBEAT_INTERVAL_S = 30;

const Label = z.string().min(1).max(MAX_LABEL_CHARS);
const Capabilities = z.array(Label).max(MAX_CAPABILITIES);

export const RegistrationSchema = z
  .object({
    id: IdSchema.optional(),
    name: z.string().min(1).max(MAX_NAME_CHARS),
    role: Label,
    modelType: Label,
    modelVersion: Label,
    capabilities: Capabilities,
    group: Label.optional(),
    heartbeatIntervalS: z
      .number()
      .min(0.1)
      .max(7 * 86_400)
      .optional(),
  })
  .strict();
export type RegistrationInput = z.input<typeof RegistrationSchema>;

export const AgentFilterSchema = z
  .object({
    capabilities: Capabilities.optional(),
    role: Label.optional(),
    statuses: z.array(z.enum(AGENT_STATUSES)).max(AGENT_STATUSES.length).optional(),
    modelType: Label.optional(),
    group: Label.optional(),
    activeWithinSeconds: z.number().positive().optional(),
  })
  .strict();
export type AgentFilterInput = z.input<typeof AgentFilterSchema>;

const HeartbeatSchema = z
  .object({
    agentId: IdSchema,
    status: z.enum(SETTABLE_STATUSES).optional(),
    currentTask: z.string().max(MAX_TASK_CHARS).nullable().optional(),
  })
  .strict();
const StatusSchema = z.object({ agentId: IdSchema, status: z.enum(SETTABLE_STATUSES) }).strict();
const AgentIdSchema = z.object({ agentId: IdSchema }).strict();
const RotateSchema = z
  .object({
    agentId: IdSchema,
    ttlMs: z
      .number()
      .int()
      .positive()
      .max(365 * 86_400_000)
      .nullable()
      .optional(),
  })
  .strict();
const TokenSchema = z.object({ agentId: IdSchema, token: z.string().min(1).max(1_024) }).strict();
const ResponsivenessSchema = z
  .object({ agentId: IdSchema, thresholdSeconds: z.number().positive().optional() })
  .strict();

/** The answer to `checkResponsiveness`. */
export interface Responsiveness {
  readonly agentId: string;
  readonly status: AgentStatus;
  /** Not offline or failed, and heard from within the threshold (by default: its status says so). */
  readonly responsive: boolean;
  readonly lastHeartbeat: number;
  readonly silentForS: number;
  readonly heartbeatIntervalS: number;
  /** Heartbeat intervals gone by since it was last heard from. */
  readonly missedIntervals: number;
  /** The threshold asked for (seconds), or null. */
  readonly thresholdS: number | null;
}

const agentRef = (domain: AgentsDomain, agentId: string) =>
  domain.system.refOf<AgentMsg>(agentActorId(agentId));

/** The summary of a registered agent, from the `agents` table (committed). */
export function summaryOf(domain: AgentsDomain, agentId: string): AgentSummary | undefined {
  return domain.system.table<AgentSummary>(AGENTS_TABLE).get([agentId]);
}

function unknownAgent(agentId: string, field = 'agent_id') {
  return refuse('unknown_agent', `no agent "${agentId}" is registered`, field);
}

/** Ask the actor of a registered agent (refused `unknown_agent`, nothing spawned, when it is not). */
async function askAgent<T>(
  domain: AgentsDomain,
  agentId: string,
  msg: AgentMsg,
  field = 'agent_id',
): Promise<Outcome<T>> {
  if (!summaryOf(domain, agentId)) return unknownAgent(agentId, field);
  return agentRef(domain, agentId).ask<Outcome<T>>(msg);
}

export async function registerAgent(
  domain: AgentsDomain,
  _caller: Caller,
  input: RegistrationInput,
  access?: AccessGrant,
): Promise<Outcome<RegisteredAgent>> {
  const parsed = parseInput(RegistrationSchema, input);
  if (!parsed.ok) return parsed;
  const { id = `agent-${randomUUID()}`, group, heartbeatIntervalS, ...fields } = parsed.value;
  if (summaryOf(domain, id)) return refuse('already_exists', `agent "${id}" is already registered`, 'id');
  const ref = await ensureActor(domain.system, AgentActor, agentActorId(id), { agentId: id });
  return ref.ask<Outcome<RegisteredAgent>>({
    type: 'register',
    registration: {
      ...fields,
      group: group ?? null,
      heartbeatIntervalS: heartbeatIntervalS ?? DEFAULT_HEARTBEAT_INTERVAL_S,
    },
    env: domain.env,
    ...(access === undefined ? {} : { access }),
  });
}

/** A new token for an agent, by the agent itself or the operator; the old one stops working. */
export async function rotateAgentToken(
  domain: AgentsDomain,
  caller: Caller,
  input: { readonly agentId: string; readonly ttlMs?: number | null },
): Promise<Outcome<RegisteredAgent>> {
  const parsed = parseInput(RotateSchema, input);
  if (!parsed.ok) return parsed;
  const allowed = mayActFor(caller, parsed.value.agentId);
  if (!allowed.ok) return allowed;
  if (parsed.value.ttlMs !== undefined && caller.kind !== 'operator')
    return refuse(
      'forbidden',
      'permission token_ttl is missing: only the operator sets a token lifetime',
      'ttl_s',
    );
  return askAgent<RegisteredAgent>(domain, parsed.value.agentId, {
    type: 'rotate-token',
    ...(parsed.value.ttlMs === undefined ? {} : { ttlMs: parsed.value.ttlMs }),
  });
}

/** Revoke an agent's token: the operator only. Nothing works with it until a rotation by the operator. */
export async function revokeAgentToken(
  domain: AgentsDomain,
  caller: Caller,
  input: { readonly agentId: string },
): Promise<Outcome<AgentAccess>> {
  const parsed = parseInput(AgentIdSchema, input);
  if (!parsed.ok) return parsed;
  if (caller.kind !== 'operator')
    return refuse(
      'forbidden',
      'permission revoke_agent_token is missing: only the operator revokes tokens',
      'agent_id',
    );
  return askAgent<AgentAccess>(domain, parsed.value.agentId, { type: 'revoke-token' });
}

/** An agent's access entry (roles, tenant, token lifetime), as committed; undefined for none. */
export function agentAccessOf(domain: AgentsDomain, agentId: string): AgentAccess | undefined {
  return domain.system.table<AgentAccess>(AGENT_ACCESS_TABLE).get([agentId]);
}

export async function deregisterAgent(
  domain: AgentsDomain,
  caller: Caller,
  input: { readonly agentId: string },
): Promise<Outcome<Agent>> {
  const parsed = parseInput(AgentIdSchema, input);
  if (!parsed.ok) return parsed;
  const allowed = mayActFor(caller, parsed.value.agentId);
  if (!allowed.ok) return allowed;
  return askAgent<Agent>(domain, parsed.value.agentId, { type: 'deregister' });
}

export async function heartbeat(
  domain: AgentsDomain,
  caller: Caller,
  input: z.input<typeof HeartbeatSchema>,
): Promise<Outcome<Agent>> {
  const parsed = parseInput(HeartbeatSchema, input);
  if (!parsed.ok) return parsed;
  const { agentId, status, currentTask } = parsed.value;
  const allowed = mayActFor(caller, agentId);
  if (!allowed.ok) return allowed;
  return askAgent<Agent>(domain, agentId, { type: 'heartbeat', status, currentTask });
}

export async function updateAgentStatus(
  domain: AgentsDomain,
  caller: Caller,
  input: z.input<typeof StatusSchema>,
): Promise<Outcome<Agent>> {
  const parsed = parseInput(StatusSchema, input);
  if (!parsed.ok) return parsed;
  const allowed = mayActFor(caller, parsed.value.agentId);
  if (!allowed.ok) return allowed;
  return askAgent<Agent>(domain, parsed.value.agentId, {
    type: 'update-status',
    status: parsed.value.status,
  });
}

/** For the adapter: is this the agent's token? (The agent actor compares SHA-256 hashes in constant time.) */
export async function authenticateAgent(
  domain: AgentsDomain,
  input: z.input<typeof TokenSchema>,
): Promise<Outcome<Agent>> {
  const parsed = parseInput(TokenSchema, input);
  if (!parsed.ok) return parsed;
  return askAgent<Agent>(domain, parsed.value.agentId, { type: 'authenticate', token: parsed.value.token });
}

/** One agent, if it is in `scope` (another tenant's agent is answered as one not registered). */
export async function getAgent(
  domain: AgentsDomain,
  agentId: string,
  scope: TenantScope = EVERY_TENANT,
): Promise<Outcome<Agent>> {
  const parsed = parseInput(AgentIdSchema, { agentId });
  if (!parsed.ok) return parsed;
  const summary = isAgentInScope(domain.system, scope, parsed.value.agentId)
    ? summaryOf(domain, parsed.value.agentId)
    : undefined;
  return summary ? { ok: true, value: publicAgent(summary) } : unknownAgent(parsed.value.agentId);
}

/**
 * Registered agents of `scope` (default: every tenant's) matching every criterion given, by id
 * (within a role or capability index when one is named).
 */
export async function findAgents(
  domain: AgentsDomain,
  filter: AgentFilterInput = {},
  page?: PageInput,
  scope: TenantScope = EVERY_TENANT,
): Promise<Outcome<Page<Agent>>> {
  const parsed = parseInput(AgentFilterSchema, filter);
  if (!parsed.ok) return parsed;
  const request = pageRequest(page, domain.limits);
  if (!request.ok) return request;
  const criteria = parsed.value;
  const now = domain.clock.now();
  const agents = domain.system.table<AgentSummary>(AGENTS_TABLE);
  const matching = (summary: AgentSummary | undefined) =>
    summary && matchesFilter(summary, criteria, now) && isAgentInScope(domain.system, scope, summary.id)
      ? publicAgent(summary)
      : undefined;
  const [capability] = criteria.capabilities ?? [];
  if (criteria.role !== undefined || capability !== undefined) {
    const [table, prefix] =
      criteria.role !== undefined
        ? [AGENTS_BY_ROLE_TABLE, [criteria.role]]
        : [AGENTS_BY_CAPABILITY_TABLE, [capability as string]];
    return scanPage(domain.system.table(table), {
      segments: [prefix],
      ...request.value,
      pick: (_, key) => matching(agents.get([key[1] as string])),
    });
  }
  return scanPage(agents, { segments: [[]], ...request.value, pick: (summary) => matching(summary) });
}

export async function checkResponsiveness(
  domain: AgentsDomain,
  agentId: string,
  thresholdSeconds?: number,
): Promise<Outcome<Responsiveness>> {
  const parsed = parseInput(ResponsivenessSchema, { agentId, thresholdSeconds });
  if (!parsed.ok) return parsed;
  const summary = summaryOf(domain, parsed.value.agentId);
  if (!summary) return unknownAgent(parsed.value.agentId);
  return {
    ok: true,
    value: responsivenessOf(summary, domain.clock.now(), parsed.value.thresholdSeconds ?? null),
  };
}

/** How responsive an agent is at `now`, against `thresholdS` (null: as its status says). */
export function responsivenessOf(agent: Agent, now: number, thresholdS: number | null): Responsiveness {
  const silentForS = Math.max(0, now - agent.lastHeartbeat) / 1000;
  const failed = agent.status === 'offline' || agent.status === 'error';
  return {
    agentId: agent.id,
    status: agent.status,
    responsive: thresholdS === null ? isResponsiveStatus(agent.status) : !failed && silentForS <= thresholdS,
    lastHeartbeat: agent.lastHeartbeat,
    silentForS,
    heartbeatIntervalS: agent.heartbeatIntervalS,
    missedIntervals: Math.floor(silentForS / agent.heartbeatIntervalS),
    thresholdS,
  };
}
