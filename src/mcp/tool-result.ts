/**
 * How tools answer. A success is `structuredContent` plus the same JSON as text. A failure
 * — a refusal, a thrown `TroupeError`, a zod error, any other throw (see `refusal-from.ts`)
 * — is an `isError` result whose only content is the JSON text
 * `{ "error": { "code", "message", "field"?, "retryable"?, "retry_after_ms"? } }`, with NO `structuredContent`:
 * a client validates structured content against the tool's output schema, errors too, and an
 * error body matches none. `retryable: true` marks what may work when simply tried again
 * (a timeout, a crashed or jammed thread, a full mailbox, a rate limit, an open circuit).
 * `answerer` asks a domain actor and answers with its outcome.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type ActorRef, type Outcome, TroupeError, type TroupeErrorCode } from '../kernel/index.js';
import { refusalFrom } from './refusal-from.js';

export interface ErrorBody {
  readonly code: TroupeErrorCode;
  readonly message: string;
  readonly field?: string;
  readonly retryable?: true;
  /** How long to wait before trying again, when the problem says (`rate_limited`, `circuit_open`). */
  readonly retry_after_ms?: number;
}

/** Failures that say nothing about the request: the same call may well work a moment later. */
const RETRYABLE: ReadonlySet<TroupeErrorCode> = new Set<TroupeErrorCode>([
  'ask_timeout',
  'worker_crashed',
  'thread_jammed',
  'mailbox_full',
  'rate_limited',
  'circuit_open',
  'store_write_failed',
]);

export function errorBody(problem: unknown): ErrorBody {
  const refusal = refusalFrom(problem);
  const body: ErrorBody = RETRYABLE.has(refusal.code) ? { ...refusal, retryable: true } : refusal;
  const wait = retryAfterOf(problem);
  return wait === null ? body : { ...body, retry_after_ms: wait };
}

/** The `retryAfterMs` a thrown error carries (the kernel's `RateLimitedError`, the limiter's, a circuit's). */
function retryAfterOf(problem: unknown): number | null {
  if (!(problem instanceof TroupeError) || !('retryAfterMs' in problem)) return null;
  const wait = problem.retryAfterMs;
  return typeof wait === 'number' && Number.isFinite(wait) && wait >= 0 ? Math.ceil(wait) : null;
}

export function success(value: Record<string, unknown>): CallToolResult {
  return { structuredContent: value, content: [{ type: 'text', text: JSON.stringify(value) }] };
}

/** The `isError` result for anything that went wrong, returned or thrown. */
export function failure(problem: unknown): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error: errorBody(problem) }) }] };
}

/** Ask a domain actor and turn its answer into a tool result (`shape` builds the success body). */
export function answerer<M>(actor: ActorRef<M>) {
  return async <T>(msg: M, shape: (value: T) => Record<string, unknown>): Promise<CallToolResult> => {
    const outcome = await actor.ask<Outcome<T>>(msg);
    return outcome.ok ? success(shape(outcome.value)) : failure(outcome.error);
  };
}
