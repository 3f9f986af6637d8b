/**
 * `requestAssistance` (seed 003): the calling agent asks for help — of one agent it names
 * (`targetAgentId`: refused `unknown_agent`, `agent_offline` or `missing_capabilities` when
 * that agent cannot help), or of every other available or idle agent that has all the
 * required capabilities (`no_agent` when there is none). Each gets a message with the
 * request as its content, urgent when the urgency is high or critical (the default: high).
 */
import { z } from 'zod';
import { type Outcome, refuse } from '../../../src/kernel/index.js';
import {
  AGENTS_BY_CAPABILITY_TABLE,
  AGENTS_TABLE,
  type AgentSummary,
  isResponsiveStatus,
  MAX_CAPABILITIES,
  MAX_LABEL_CHARS,
} from '../agents/agent-record.js';
import { summaryOf } from '../agents/api.js';
import type { AgentsDomain } from '../agents/domain.js';
import { parseInput } from '../agents/input.js';
import { walk } from '../agents/table-scan.js';
import type { Caller } from '../caller.js';
import { IdSchema } from '../ids.js';
import { isAgentInScope, type TenantScope, tenantScopeOf } from '../tenancy.js';
import { measureContent, sendingAgent } from './api.js';
import { deliverTo, deliverToMany, type FanOut, type Letter, MAX_RECIPIENTS } from './fan-out.js';

export const URGENCIES = ['low', 'medium', 'high', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const AssistanceSchema = z
  .object({
    taskDescription: z.string().min(1),
    targetAgentId: IdSchema.optional(),
    requiredCapabilities: z.array(z.string().min(1).max(MAX_LABEL_CHARS)).max(MAX_CAPABILITIES).optional(),
    urgency: z.enum(URGENCIES).optional(),
    /** Anything that helps (troupe's addition). */
    context: z.unknown().optional(),
    ttlS: z
      .number()
      .positive()
      .max(10 * 365 * 86_400)
      .optional(),
  })
  .strict();
export type AssistanceInput = z.input<typeof AssistanceSchema>;

/** What each helper finds in its inbox. */
export interface AssistanceContent {
  readonly type: 'assistance_request';
  readonly requesting_agent_id: string;
  readonly task_description: string;
  readonly required_capabilities: readonly string[];
  readonly urgency: Urgency;
  readonly context: unknown;
}

export async function requestAssistance(
  domain: AgentsDomain,
  caller: Caller,
  input: AssistanceInput,
): Promise<Outcome<FanOut>> {
  const parsed = parseInput(AssistanceSchema, input);
  if (!parsed.ok) return parsed;
  const requester = sendingAgent(domain, caller, 'requesting assistance');
  if (!requester.ok) return requester;
  const { taskDescription, targetAgentId, urgency = 'high', context = null, ttlS } = parsed.value;
  const required = [...new Set(parsed.value.requiredCapabilities ?? [])];
  if (taskDescription.length > domain.limits.textChars)
    return refuse(
      'too_large',
      `task_description has more than ${domain.limits.textChars} characters (textChars)`,
      'task_description',
    );
  const content: AssistanceContent = {
    type: 'assistance_request',
    requesting_agent_id: requester.value,
    task_description: taskDescription,
    required_capabilities: required,
    urgency,
    context,
  };
  const bytes = measureContent(domain, content, 'context');
  if (!bytes.ok) return bytes;
  const letter: Letter = {
    from: requester.value,
    content,
    urgent: urgency === 'high' || urgency === 'critical',
    correlationId: null,
    ttlMs: ttlS === undefined ? null : Math.round(ttlS * 1000),
    bytes: bytes.value,
    via: 'request-assistance',
  };
  // Help is asked within the requester's tenant: another tenant's agent is one not registered.
  const scope = tenantScopeOf(domain.system, caller);
  if (targetAgentId !== undefined) {
    const target = isAgentInScope(domain.system, scope, targetAgentId)
      ? summaryOf(domain, targetAgentId)
      : undefined;
    const refused = target ? unfit(target, required, requester.value) : null;
    if (refused) return refused;
    const sent = await deliverTo(domain, targetAgentId, letter, 'target_agent_id', scope);
    return sent.ok ? { ok: true, value: { messages: [sent.value], refused: [] } } : sent;
  }
  const helpers = findHelpers(domain, required, requester.value, scope);
  if (helpers.length === 0) {
    const wanted = required.length > 0 ? required.join(', ') : 'any capability';
    return refuse('no_agent', `no other available or idle agent has ${wanted}`, 'required_capabilities');
  }
  return { ok: true, value: await deliverToMany(domain, helpers, letter, scope) };
}

/** Why a named agent cannot help, or null when it can. */
function unfit(target: AgentSummary, required: readonly string[], requester: string) {
  if (target.id === requester)
    return refuse('invalid_argument', 'target_agent_id is the requesting agent itself', 'target_agent_id');
  if (!isResponsiveStatus(target.status))
    return refuse('agent_offline', `agent "${target.id}" is ${target.status}`, 'target_agent_id');
  const missing = required.filter((c) => !target.capabilities.includes(c));
  if (missing.length > 0)
    return refuse(
      'missing_capabilities',
      `agent "${target.id}" lacks ${missing.join(', ')}`,
      'target_agent_id',
    );
  return null;
}

/** The other available or idle agents with every required capability (at most MAX_RECIPIENTS). */
function findHelpers(
  domain: AgentsDomain,
  required: readonly string[],
  requester: string,
  scope: TenantScope,
): string[] {
  const agents = domain.system.table<AgentSummary>(AGENTS_TABLE);
  const helpers: string[] = [];
  const consider = (agent: AgentSummary | undefined) => {
    if (
      agent &&
      agent.id !== requester &&
      isAgentInScope(domain.system, scope, agent.id) &&
      (agent.status === 'available' || agent.status === 'idle') &&
      required.every((c) => agent.capabilities.includes(c))
    )
      helpers.push(agent.id);
    return helpers.length < MAX_RECIPIENTS;
  };
  const [first] = required;
  if (first === undefined) walk(agents, [], (agent) => consider(agent));
  else
    walk(domain.system.table(AGENTS_BY_CAPABILITY_TABLE), [first], (_, key) =>
      consider(agents.get([key[1] as string])),
    );
  return helpers;
}
