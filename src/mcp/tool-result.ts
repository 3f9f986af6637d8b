/**
 * How tools answer: `structuredContent` plus the same JSON as text, or an `isError` result
 * that carries a stable code and the offending field — `failure` makes it from anything
 * that went wrong (a refusal, a thrown `TroupeError`, a zod error, any other throw: see
 * `refusal-from.ts`). Also the `orchestration` block that every mutating tool's result
 * carries, and `answerer`, which asks a domain actor for one.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ActorRef, Outcome } from '../kernel/index.js';
import { refusalFrom } from './refusal-from.js';

export function success(value: Record<string, unknown>): CallToolResult {
  return { structuredContent: value, content: [{ type: 'text', text: JSON.stringify(value) }] };
}

/** The `isError` result for anything that went wrong, returned or thrown: `{ error: { code, message, field? } }`. */
export function failure(problem: unknown): CallToolResult {
  const body = { error: refusalFrom(problem) };
  return { isError: true, structuredContent: body, content: [{ type: 'text', text: JSON.stringify(body) }] };
}

export const OrchestrationSchema = z.object({
  agent_id: z.string().nullable(),
  session_id: z.string().nullable(),
  timestamp: z.string(),
  handled_by: z.string(),
});

export function orchestration(handledBy: string, args: { agent_id?: string; session_id?: string }) {
  return {
    agent_id: args.agent_id ?? null,
    session_id: args.session_id ?? null,
    timestamp: new Date().toISOString(),
    handled_by: handledBy,
  };
}

/** Ask a domain actor and turn its answer into a tool result (`shape` builds the success body). */
export function answerer<M>(actor: ActorRef<M>) {
  return async <T>(msg: M, shape: (value: T) => Record<string, unknown>): Promise<CallToolResult> => {
    const outcome = await actor.ask<Outcome<T>>(msg);
    return outcome.ok ? success(shape(outcome.value)) : failure(outcome.error);
  };
}
