/**
 * What the tools that post mail share: the fields naming the sender (`sender_id` with its
 * `agent_token` — needed once per MCP session —, and the optional `agent_id` and
 * `session_id` every tool accepts), and the check that an `agent_id`, when given, is the
 * sender. The posting itself is the actors' job; the message record is `records/message.ts`.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { refuse } from '../../kernel/index.js';
import { failure } from '../tool-result.js';

export const Id = z.string().min(1).max(512);

/** The sender of a message, as the posting tools name it (the tools' `caller` is `sender_id`). */
export const SenderFields = {
  sender_id: Id,
  agent_token: z.string(),
  agent_id: Id.optional().describe('the sending agent again, if given: must equal sender_id'),
  session_id: Id.optional(),
};

/** The refusal when `agent_id` names another agent than `sender_id`; null when they agree (or no agent_id). */
export function senderMismatch(args: { sender_id: string; agent_id?: string }): CallToolResult | null {
  if (args.agent_id === undefined || args.agent_id === args.sender_id) return null;
  const why = `agent_id "${args.agent_id}" is not the sender "${args.sender_id}"`;
  return failure(refuse('invalid_argument', why, 'agent_id').error);
}
