/**
 * The HTTP side of `troupe serve`'s command line: `--http [host:]port` parsed into where to
 * listen, and the options that shape the listener (token, session TTL and cap, stateless
 * mode). It owns their meaning and validation, not the listener (`http-listener.ts`).
 */
import { isIP } from 'node:net';
import { z } from 'zod';

export const DEFAULT_HTTP_HOST = '127.0.0.1';
/** An HTTP session nobody used for this long is closed (`--http-session-ttl-s`). */
export const DEFAULT_SESSION_TTL_S = 1_800;
/** Open HTTP sessions at most (`--http-max-sessions`); past it the oldest idle one is closed. */
export const DEFAULT_MAX_SESSIONS = 1_000;
/** A comment line on every open SSE stream this often, so proxies keep it open. */
export const SSE_KEEP_ALIVE_MS = 15_000;

export interface HttpBind {
  readonly host: string;
  readonly port: number;
}

export interface HttpOptions extends HttpBind {
  /** The bearer token every request but `/healthz` must carry; required off loopback. */
  readonly token: string | null;
  readonly sessionTtlMs: number;
  readonly maxSessions: number;
  /** No sessions: each POST is served by a transport of its own (behind a load balancer). */
  readonly stateless: boolean;
  /** A request body over this is answered 413 (`--max-message-bytes`). */
  readonly maxBodyBytes: number;
  readonly keepAliveMs: number;
}

const PortSchema = z.coerce.number().int().min(0).max(65_535);

/** `8080`, `0.0.0.0:8080`, `[::1]:8080`, `localhost:8080` → host and port; null when it is none of these. */
export function parseHttpBind(value: string): HttpBind | null {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(value);
  const [host, port] = bracketed
    ? [bracketed[1] as string, bracketed[2] as string]
    : value.includes(':')
      ? [value.slice(0, value.lastIndexOf(':')), value.slice(value.lastIndexOf(':') + 1)]
      : [DEFAULT_HTTP_HOST, value];
  const parsedPort = PortSchema.safeParse(port);
  if (!parsedPort.success || !/^\d+$/.test(port)) return null;
  // An IPv6 host is written in brackets (`::1:80` would be ambiguous).
  if (host.length === 0 || (host.includes(':') && (!bracketed || isIP(host) !== 6))) return null;
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) return null;
  return { host, port: parsedPort.data };
}

/** Is `host` a loopback address or name (where no token is needed)? */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase();
  return bare === 'localhost' || bare === '::1' || bare.startsWith('127.') || bare.endsWith('.localhost');
}
