/**
 * What a failed downstream request becomes: the SDK's errors (an `McpError` with a
 * JSON-RPC code, an abort, "Not connected") turned into a {@link GatewayError} whose code
 * says what happened to the call — which is what routing decides a retry by:
 *
 * | SDK failure                                   | code                 |
 * |-----------------------------------------------|----------------------|
 * | the caller's signal aborted                   | `call_cancelled`     |
 * | `RequestTimeout` (-32001)                     | `call_timeout`       |
 * | `ConnectionClosed` (-32000), transport closed | `connection_lost`    |
 * | not connected at all (SDK or transport)       | `server_unavailable` |
 * | any other error answer                        | `downstream_error`   |
 *
 * A tool that *answers* with `isError: true` is not an error here: it is a result.
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { GatewayError } from '../errors.js';

export interface CallContext {
  readonly server: string;
  /** The tool, or the request (`tools/list`, `resources/read`, …) that failed. */
  readonly tool?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export function toGatewayError(error: unknown, context: CallContext): GatewayError {
  if (error instanceof GatewayError && error.server !== undefined) return error;
  const what =
    context.tool === undefined
      ? `server "${context.server}"`
      : `"${context.tool}" on server "${context.server}"`;
  const details = {
    server: context.server,
    cause: error,
    ...(context.tool === undefined ? {} : { tool: context.tool }),
  };
  if (context.signal?.aborted)
    return new GatewayError('call_cancelled', `call to ${what} was cancelled`, details);
  // Raised below the session (the transport), which does not know the server's name.
  if (error instanceof GatewayError)
    return new GatewayError(error.gatewayCode, `${what}: ${error.message}`, details);
  if (error instanceof McpError) {
    switch (error.code) {
      case ErrorCode.RequestTimeout:
        return new GatewayError(
          'call_timeout',
          `call to ${what} got no answer within ${context.timeoutMs ?? '?'} ms (cancelled downstream)`,
          details,
        );
      case ErrorCode.ConnectionClosed:
        return new GatewayError(
          'connection_lost',
          `the connection to server "${context.server}" closed during ${what}`,
          details,
        );
      default:
        return new GatewayError('downstream_error', `${what} failed: ${error.message}`, details);
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  if (message === 'Not connected') {
    return new GatewayError('server_unavailable', `server "${context.server}" is not connected`, details);
  }
  return new GatewayError('downstream_error', `${what} failed: ${message}`, details);
}
