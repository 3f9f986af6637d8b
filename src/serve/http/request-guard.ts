/**
 * What every HTTP request passes before it is routed: the `Host` and `Origin` headers must
 * name this server (against DNS rebinding: a web page whose name resolves to 127.0.0.1 sends
 * its own name), and, when a bearer token is set, `Authorization: Bearer <token>` must carry
 * it — compared in constant time, over SHA-256 digests so the lengths never differ. It owns
 * the checks, not the routing (`http-listener.ts`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces, hostname as osHostname } from 'node:os';

export type GuardVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

const LOCAL_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARDS = new Set(['0.0.0.0', '::']);

/**
 * The host names a request may name: the bound host and the loopback names; on a wildcard
 * bind (0.0.0.0, ::), also this machine's addresses and host name.
 */
export function allowedHostsFor(boundHost: string): ReadonlySet<string> {
  const hosts = new Set([...LOCAL_NAMES, boundHost.toLowerCase()]);
  if (WILDCARDS.has(boundHost)) {
    hosts.add(osHostname().toLowerCase());
    for (const addresses of Object.values(networkInterfaces()))
      for (const address of addresses ?? []) hosts.add(address.address.toLowerCase());
  }
  return hosts;
}

/** The host name of a `Host` header or an origin's URL, without port or brackets; null if unreadable. */
export function hostNameOf(value: string, isOrigin: boolean): string | null {
  try {
    const url = new URL(isOrigin ? value : `http://${value}`);
    return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  } catch {
    return null;
  }
}

export class RequestGuard {
  private readonly tokenDigest: Buffer | null;

  constructor(
    private readonly allowedHosts: ReadonlySet<string>,
    token: string | null,
  ) {
    this.tokenDigest = token === null ? null : digest(token);
  }

  /** Is this request from a page or client that may talk to us (DNS rebinding)? */
  checkOrigin(req: IncomingMessage): GuardVerdict {
    const host = req.headers.host;
    const hostName = host === undefined ? null : hostNameOf(host, false);
    if (hostName === null || !this.allowedHosts.has(hostName))
      return { ok: false, status: 403, reason: `Host header not allowed: ${host ?? '(none)'}` };
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const originName = hostNameOf(origin, true);
      if (originName === null || !this.allowedHosts.has(originName))
        return { ok: false, status: 403, reason: `Origin not allowed: ${origin}` };
    }
    return { ok: true };
  }

  /** Does the request carry the bearer token (always true when none is set)? */
  checkToken(req: IncomingMessage): GuardVerdict {
    if (this.tokenDigest === null) return { ok: true };
    const header = req.headers.authorization ?? '';
    const match = /^Bearer[ ]+(.+)$/i.exec(header);
    if (match !== null && timingSafeEqual(digest(match[1] as string), this.tokenDigest)) return { ok: true };
    return { ok: false, status: 401, reason: 'a bearer token is required (Authorization: Bearer <token>)' };
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
