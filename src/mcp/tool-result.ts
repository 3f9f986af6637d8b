/**
 * How tools answer: `structuredContent` plus the same JSON as text, or an `isError` result
 * that carries a stable code and the offending field. Also the `orchestration` block that
 * every mutating tool's result carries, and `answerer`, which asks a domain actor for one.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ActorRef } from '../kernel/actor/ref.js';

export interface ToolFailure {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

export function success(value: Record<string, unknown>): CallToolResult {
  return { structuredContent: value, content: [{ type: 'text', text: JSON.stringify(value) }] };
}

export function failure(error: ToolFailure): CallToolResult {
  const body = { error };
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

/** An actor's answer to a domain request: a value, or a typed refusal. */
export type Answer<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ToolFailure };

/** Ask a domain actor and turn its answer into a tool result (`shape` builds the success body). */
export function answerer<M>(actor: ActorRef<M>) {
  return async <T>(msg: M, shape: (value: T) => Record<string, unknown>): Promise<CallToolResult> => {
    const outcome = await actor.ask<Answer<T>>(msg);
    return outcome.ok ? success(shape(outcome.value)) : failure(outcome.error);
  };
}
