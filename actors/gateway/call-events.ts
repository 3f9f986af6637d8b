/**
 * What a caller of a proxied tool hears, and the shape of the answer — plain data shared
 * by the directory actor, the server actors and the embedding API, so that none of them
 * imports another for it.
 *
 * A caller that wants progress passes a ref (`events`: a main-thread receiver, or an
 * actor) with its call; the server actor running the call tells it each progress
 * notification and each log message the server sends while the call runs, and — for a
 * call that was *told* rather than asked — the directory tells it the outcome (`done`).
 */
import type {
  CallToolResult,
  LoggingMessageNotification,
  Progress,
} from '@modelcontextprotocol/sdk/types.js';
import type { GatewayFailure, GatewayOutcome } from './errors.js';

/** One attempt of a routed call: the server tried, the round, and how it failed (the successful one has no error). */
export interface AttemptSummary {
  readonly server: string;
  readonly round: number;
  readonly error?: GatewayFailure;
}

/**
 * The answer to a tool call through the gateway: the downstream result as the server gave
 * it, and how the gateway got it (what seed 000's `orchestration` block reports).
 */
export interface ToolCallResult {
  readonly result: CallToolResult;
  /** The server that answered; absent when the cache did. */
  readonly server?: string;
  /** The provider group (or lone server) of the server that answered, or of the cache entry. */
  readonly group: string;
  /** The tool's downstream name. */
  readonly tool: string;
  readonly cached: boolean;
  /** Every attempt, the successful one last (empty for a cache hit). */
  readonly attempts: readonly AttemptSummary[];
  /** From the directory taking the call to its answer, by the runtime's clock (leases and retries included). */
  readonly durationMs: number;
  /**
   * On the answer whose result the directory has just put in the shared cache: when that
   * entry expires (epoch ms, the runtime's clock). The embedding handle keeps a copy until
   * then, to answer the same call on its own thread (`embedding/result-mirror.ts`).
   */
  readonly cachedUntil?: number;
}

export type LogMessage = LoggingMessageNotification['params'];

export type GatewayCallEvent =
  | { readonly type: 'progress'; readonly callId: string; readonly progress: Progress }
  /**
   * A log message (`notifications/message`) the server sent while the call ran. MCP over
   * stdio does not tie a log message to a request, so every call in flight on that server
   * with an `events` ref hears it.
   */
  | { readonly type: 'log'; readonly callId: string; readonly server: string; readonly message: LogMessage }
  /** The outcome of a call that was told (not asked) to the directory. */
  | { readonly type: 'done'; readonly callId: string; readonly outcome: GatewayOutcome<ToolCallResult> };

/** The `_meta` key under which a call's idempotency key goes downstream. */
export const IDEMPOTENCY_META_KEY = 'troupe/idempotencyKey';
