/**
 * The messaging facade: `sendMessage` straight to the recipient's agent actor (answered once
 * the message is committed to its inbox: acknowledged means kept), `fetchInbox` (one's own,
 * urgent first then oldest, paged), `peekInbox` (the same read for the operator), and
 * `acknowledgeMessage`. Refusals: `unknown_agent` (recipient not registered: nothing stored),
 * `inbox_full` (naming the recipient), `too_large` (the content over `messageBytes`),
 * `forbidden` (another agent's inbox). Reads are table reads on the main thread.
 */
import { z } from 'zod';
import { type Outcome, refuse } from '../../../src/kernel/index.js';
import type { AgentMsg } from '../agents/agent-messages.js';
import { summaryOf } from '../agents/api.js';
import type { AgentsDomain } from '../agents/domain.js';
import { callingAgent, mayActFor, pageRequest, parseInput } from '../agents/input.js';
import { scanPage } from '../agents/table-scan.js';
import type { Caller } from '../caller.js';
import { agentActorId, IdSchema } from '../ids.js';
import type { Page } from '../page.js';
import { tenantScopeOf } from '../tenancy.js';
import { deliverTo } from './fan-out.js';
import {
  contentBytes,
  INBOX_TABLE,
  isExpired,
  type MessageRecord,
  publicMessage,
  type StoredMessage,
  URGENT_BUCKET,
} from './message.js';

export const MAX_CORRELATION_ID_CHARS = 256;
/** The longest time-to-live a message may have (seconds): ten years. */
export const MAX_TTL_S = 10 * 365 * 86_400;

export const SendSchema = z
  .object({
    recipientId: IdSchema,
    content: z.unknown(),
    urgent: z.boolean().optional(),
    correlationId: z.string().min(1).max(MAX_CORRELATION_ID_CHARS).optional(),
    ttlS: z.number().positive().max(MAX_TTL_S).optional(),
  })
  .strict();
export type SendInput = z.input<typeof SendSchema>;

export const InboxReadSchema = z
  .object({
    /** Whose inbox: the calling agent's when left out. */
    agentId: IdSchema.optional(),
    limit: z.number().int().positive().optional(),
    cursor: z.string().max(4_096).optional(),
    /** Only messages sent after this instant (epoch ms). */
    since: z.number().optional(),
    urgentOnly: z.boolean().optional(),
  })
  .strict();
export type InboxReadInput = z.input<typeof InboxReadSchema>;

const AcknowledgeSchema = z.object({ messageId: IdSchema, agentId: IdSchema.optional() }).strict();

/** The content's size, or a refusal naming `field` (over the limit, or not JSON). */
export function measureContent(domain: AgentsDomain, content: unknown, field: string): Outcome<number> {
  let bytes: number;
  try {
    bytes = contentBytes(content);
  } catch {
    return refuse('invalid_argument', `${field} must be JSON data`, field);
  }
  const limit = domain.limits.messageBytes;
  if (bytes > limit)
    return refuse('too_large', `${field} is ${bytes} bytes; the limit is ${limit} (messageBytes)`, field);
  return { ok: true, value: bytes };
}

/** The calling agent, registered: the sender of what it sends. */
export function sendingAgent(domain: AgentsDomain, caller: Caller, what: string): Outcome<string> {
  const sender = callingAgent(caller, what);
  if (!sender.ok) return sender;
  if (!summaryOf(domain, sender.value))
    return refuse('unknown_agent', `the sender "${sender.value}" is not registered`, 'sender_id');
  return sender;
}

export async function sendMessage(
  domain: AgentsDomain,
  caller: Caller,
  input: SendInput,
): Promise<Outcome<MessageRecord>> {
  const parsed = parseInput(SendSchema, input);
  if (!parsed.ok) return parsed;
  const sender = sendingAgent(domain, caller, 'sending a message');
  if (!sender.ok) return sender;
  const { recipientId, urgent = false, correlationId = null, ttlS } = parsed.value;
  const content = parsed.value.content ?? null;
  const bytes = measureContent(domain, content, 'content');
  if (!bytes.ok) return bytes;
  return deliverTo(
    domain,
    recipientId,
    {
      from: sender.value,
      content,
      urgent,
      correlationId,
      ttlMs: ttlS === undefined ? null : Math.round(ttlS * 1000),
      bytes: bytes.value,
      via: 'send',
    },
    'recipient_id',
    tenantScopeOf(domain.system, caller),
  );
}

/** The calling agent's inbox (`agentId`, if given, must be the caller): urgent first, then oldest; expired ones left out. */
export async function fetchInbox(
  domain: AgentsDomain,
  caller: Caller,
  input: InboxReadInput = {},
): Promise<Outcome<Page<MessageRecord>>> {
  const parsed = parseInput(InboxReadSchema, input);
  if (!parsed.ok) return parsed;
  const reader = callingAgent(caller, 'reading an inbox');
  if (!reader.ok) return reader;
  const agentId = parsed.value.agentId ?? reader.value;
  const allowed = mayActFor({ kind: 'agent', agentId: reader.value }, agentId);
  if (!allowed.ok) return allowed;
  return readInbox(domain, agentId, parsed.value);
}

/** Any agent's inbox, read-only, for the operator (and for an agent, its own). */
export async function peekInbox(
  domain: AgentsDomain,
  caller: Caller,
  input: InboxReadInput & { readonly agentId: string },
): Promise<Outcome<Page<MessageRecord>>> {
  const parsed = parseInput(InboxReadSchema.required({ agentId: true }), input);
  if (!parsed.ok) return parsed;
  const allowed = mayActFor(caller, parsed.value.agentId);
  if (!allowed.ok) return allowed;
  return readInbox(domain, parsed.value.agentId, parsed.value);
}

function readInbox(
  domain: AgentsDomain,
  agentId: string,
  input: z.output<typeof InboxReadSchema>,
): Outcome<Page<MessageRecord>> {
  const summary = summaryOf(domain, agentId);
  if (!summary) return refuse('unknown_agent', `no agent "${agentId}" is registered`, 'agent_id');
  const request = pageRequest({ limit: input.limit, cursor: input.cursor }, domain.limits);
  if (!request.ok) return request;
  const now = domain.clock.now();
  const { since, urgentOnly } = input;
  const prefix = urgentOnly ? [agentId, summary.generation, URGENT_BUCKET] : [agentId, summary.generation];
  return scanPage(domain.system.table<StoredMessage>(INBOX_TABLE), {
    segments: [prefix],
    ...request.value,
    pick: (message) =>
      isExpired(message, now) || (since !== undefined && message.sentAt <= since)
        ? undefined
        : publicMessage(message),
  });
}

/** Mark a message of one's own inbox handled: it leaves the inbox. */
export async function acknowledgeMessage(
  domain: AgentsDomain,
  caller: Caller,
  input: z.input<typeof AcknowledgeSchema>,
): Promise<Outcome<{ readonly messageId: string }>> {
  const parsed = parseInput(AcknowledgeSchema, input);
  if (!parsed.ok) return parsed;
  const reader = callingAgent(caller, 'acknowledging a message');
  if (!reader.ok) return reader;
  const agentId = parsed.value.agentId ?? reader.value;
  const allowed = mayActFor({ kind: 'agent', agentId: reader.value }, agentId);
  if (!allowed.ok) return allowed;
  if (!summaryOf(domain, agentId))
    return refuse('unknown_agent', `no agent "${agentId}" is registered`, 'agent_id');
  const msg: AgentMsg = { type: 'acknowledge', messageId: parsed.value.messageId };
  return domain.system.refOf<AgentMsg>(agentActorId(agentId)).ask(msg);
}
