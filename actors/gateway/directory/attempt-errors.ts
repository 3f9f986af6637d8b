/**
 * What an attempt's failure means to routing, when the answer is not the server actor's
 * own: an ask that failed (the actor went away, or never answered) and a failure record
 * rebuilt as the `GatewayError` the route plan judges (`routing/route-plan.ts`).
 */
import { GatewayError, type GatewayFailure, gatewayErrorFrom } from '../errors.js';

/** An ask that failed (not an answer): the server actor went away, or never answered. */
export function askFailure(error: unknown, server: string): GatewayError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ask_timeout')
    return new GatewayError('call_timeout', `server "${server}" never answered: ${message}`, { server });
  if (code === 'actor_not_found')
    return new GatewayError('server_unavailable', `server "${server}" is gone: ${message}`, { server });
  return new GatewayError('connection_lost', `server "${server}" went away during the call: ${message}`, {
    server,
  });
}

export function gatewayErrorOf(failure: GatewayFailure, server: string): GatewayError {
  const error = gatewayErrorFrom(failure);
  return error instanceof GatewayError
    ? error
    : new GatewayError('downstream_error', failure.message, { server, cause: error });
}
