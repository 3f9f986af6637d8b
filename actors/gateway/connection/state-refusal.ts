/**
 * Why a server takes no request in a given state: the error a request gets, at once, when
 * there is no session to make it on — `server_unavailable` (with `retryAfterMs` while
 * backing off), `crash_loop` with the last stderr lines, `missing_env` naming the
 * variables. Every one of them says the request never reached the server, so routing may
 * try another provider. Used by the in-process connection and by the server actor.
 */
import { GatewayError } from '../errors.js';
import type { ConnectionState } from './connection-state.js';

export function refusalFor(server: string, state: ConnectionState, now: number): GatewayError {
  const details = { server };
  switch (state.kind) {
    case 'crash_loop':
      return new GatewayError('crash_loop', `server "${server}" is in a crash loop: ${state.lastError}`, {
        ...details,
        stderr: state.stderr,
      });
    case 'missing_env': {
      const names = state.missing.join(', ');
      return new GatewayError('missing_env', `server "${server}" lacks environment variable(s) ${names}`, {
        ...details,
        missingEnv: state.missing,
      });
    }
    case 'backoff': {
      const retryAfterMs = Math.max(0, state.until - now);
      const message = `server "${server}" is restarting after: ${state.lastError}`;
      return new GatewayError('server_unavailable', message, { ...details, retryAfterMs });
    }
    case 'running':
    case 'starting':
    case 'idle':
    case 'stopped':
    case 'disabled':
      return new GatewayError('server_unavailable', `server "${server}" is ${state.kind}`, details);
  }
}
