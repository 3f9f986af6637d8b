/**
 * What the tools of the agents domain share (registry, messaging, events, evaluations,
 * frequency): the id schema every id field takes (the domain's: 1–128 characters of a plain
 * charset, so a hostile or over-long id is refused naming its field before any actor sees
 * it), the fields naming a sender, the checks of seed names against troupe's older aliases,
 * and the turning of a facade's `Outcome` into a tool result — with a refusal's field renamed
 * to the name the caller used. The rules are the facades' (`actors/coordination/*​/api.ts`).
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { MAX_LABEL_CHARS } from '../../../actors/coordination/agents/agent-record.js';
import { IdSchema } from '../../../actors/coordination/ids.js';
import type { FanOut } from '../../../actors/coordination/messaging/fan-out.js';
import { type Outcome, type Refusal, refuse } from '../../kernel/index.js';
import { MessageRecordSchema, messageRecord } from '../records/message.js';
import { failure, success } from '../tool-result.js';

export const Id = IdSchema;
export const Label = z.string().min(1).max(MAX_LABEL_CHARS);

/** The sender of a message, as the posting tools name it (the tools' `caller` is `sender_id`). */
export const SenderFields = {
  sender_id: Id,
  agent_token: z.string(),
  agent_id: Id.optional().describe('the sending agent again, if given: must equal sender_id'),
  session_id: Id.optional(),
};

/** The refusal when `agent_id` names another agent than `field` does; null when they agree (or no agent_id). */
export function mismatch(
  args: { readonly agent_id?: string | undefined } & Readonly<Record<string, unknown>>,
  field: string,
): CallToolResult | null {
  const named = args[field];
  if (args.agent_id === undefined || named === undefined || args.agent_id === named) return null;
  const why = `agent_id "${args.agent_id}" is not the ${field} "${String(named)}"`;
  return failure(refuse('invalid_argument', why, 'agent_id').error);
}

export function senderMismatch(args: { sender_id: string; agent_id?: string }): CallToolResult | null {
  return mismatch(args, 'sender_id');
}

/** A facade's answer as a tool result; a refusal's field renamed as `fields` say (the caller's names). */
export function answer<T>(
  outcome: Outcome<T>,
  shape: (value: T) => Record<string, unknown>,
  fields: Readonly<Record<string, string>> = {},
): CallToolResult {
  if (outcome.ok) return success(shape(outcome.value));
  return failure(renamed(outcome.error, fields));
}

export function renamed(error: Refusal, fields: Readonly<Record<string, string>>): Refusal {
  const field = error.field;
  if (field === undefined || !Object.hasOwn(fields, field)) return error;
  return { ...error, field: fields[field] as string };
}

/** What a fan-out answers: the messages delivered, and who did not take one and why. */
export const FanOutShape = {
  messages: z.array(MessageRecordSchema),
  refused: z.array(
    z.object({
      recipient_id: z.string(),
      error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
    }),
  ),
};

export function fanOutRecord(fanOut: FanOut) {
  return {
    messages: fanOut.messages.map(messageRecord),
    refused: fanOut.refused.map(({ recipientId, error }) => ({
      recipient_id: recipientId,
      error: {
        code: error.code,
        message: error.message,
        ...(error.field === undefined ? {} : { field: error.field }),
      },
    })),
  };
}

/** An instant given as an ISO-8601 time or as epoch milliseconds (troupe's older form). */
export const InstantSchema = z
  .union([z.iso.datetime(), z.number()])
  .transform((value) => (typeof value === 'number' ? value : Date.parse(value)));

/** A page of a list: troupe's addition to every list tool. */
export const PageFields = {
  cursor: z.string().max(4_096).optional().describe('next_cursor of the previous page'),
  limit: z.number().int().positive().optional().describe('items per page (default 100)'),
};

/** The refusal of a call that names no acting agent (neither the seed's field nor its older alias). */
export function needsIdentity(field: string): CallToolResult {
  return failure({
    code: 'unauthorized',
    message: `${field} must name the calling agent, proven by this session or by its agent_token`,
    field: 'agent_token',
  });
}
