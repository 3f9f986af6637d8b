/**
 * What may be done again, and what may be served from the cache — the rules that keep a
 * gateway from ever duplicating an effect:
 *
 * - A tool is *retryable* when its annotations say `idempotentHint` or `readOnlyHint`, or
 *   the server's config lists it in `retryable`. Only a retryable tool is called again
 *   (on the same server or another of its provider group) after a failure that may have
 *   reached the server: a timeout, or the connection lost mid-call.
 * - A failure that certainly did not reach the server — the server was not running, its
 *   circuit was open, its rate or concurrency limit refused, it does not offer the tool —
 *   may be tried elsewhere for any tool: nothing happened that could happen twice.
 * - Any other failure is final: the caller's cancellation, and an error the server
 *   answered with (the server saw the call; trying again is the caller's decision).
 * - A tool is *cacheable* when the server has a `cache` entry and the tool is in its
 *   `cache.tools` globs, or (no globs) is annotated `readOnlyHint`. A result with `isError`
 *   is never cached.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { isCircuitOpenError } from '../../supervisors/breaker/circuit-open-error.js';
import type { ServerConfig } from '../config/server-config.js';
import { GatewayError, type GatewayErrorCode } from '../errors.js';
import { compileGlobs } from '../glob.js';

/** How far a failed attempt got, which decides whether another attempt is safe. */
export type FailureKind = 'not_sent' | 'maybe_sent' | 'final';

const FAILURE_KINDS: Readonly<Record<GatewayErrorCode, FailureKind>> = {
  server_unavailable: 'not_sent',
  crash_loop: 'not_sent',
  missing_env: 'not_sent',
  circuit_open: 'not_sent',
  rate_limited: 'not_sent',
  server_busy: 'not_sent',
  tool_not_found: 'not_sent',
  call_timeout: 'maybe_sent',
  connection_lost: 'maybe_sent',
  call_cancelled: 'final',
  downstream_error: 'final',
  invalid_config: 'final',
};

export function failureKind(error: unknown): FailureKind {
  if (isCircuitOpenError(error)) return 'not_sent';
  return error instanceof GatewayError ? FAILURE_KINDS[error.gatewayCode] : 'final';
}

/** Does `error` say the server is in trouble (what a circuit breaker counts)? Refusals by limits do not. */
export function isServerFailure(error: unknown): boolean {
  if (!(error instanceof GatewayError)) return false;
  switch (error.gatewayCode) {
    case 'call_timeout':
    case 'connection_lost':
    case 'server_unavailable':
    case 'crash_loop':
    case 'missing_env':
      return true;
    default:
      return false;
  }
}

export function isRetryableTool(
  tool: Pick<Tool, 'name' | 'annotations'>,
  config: Pick<ServerConfig, 'retryable'>,
): boolean {
  const hints = tool.annotations;
  return (
    hints?.idempotentHint === true ||
    hints?.readOnlyHint === true ||
    compileGlobs(config.retryable)(tool.name)
  );
}

export function isCacheableTool(
  tool: Pick<Tool, 'name' | 'annotations'>,
  config: Pick<ServerConfig, 'cache'>,
): boolean {
  const cache = config.cache;
  if (!cache) return false;
  if (cache.tools.length > 0) return compileGlobs(cache.tools)(tool.name);
  return tool.annotations?.readOnlyHint === true;
}
