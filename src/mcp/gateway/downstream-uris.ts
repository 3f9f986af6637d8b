/**
 * How a downstream server's resources are named through troupe: its URI (or URI template)
 * verbatim after `troupe://gateway/<server>/` —
 *
 *   `demo://resource/static/document/a.md` of server `everything`
 *     ↔ `troupe://gateway/everything/demo://resource/static/document/a.md`
 *
 * Reversible (a server name holds no `/`, so the first `/` after it ends it; the rest is the
 * original URI as the server wrote it), and two servers offering one URI stay apart. It owns
 * the rule, not the reading (`downstream-resources.ts`).
 */

export const GATEWAY_RESOURCE_PREFIX = 'troupe://gateway/';

/** The troupe URI of `uri` (a URI or a URI template) of `server`. */
export function gatewayUriOf(server: string, uri: string): string {
  return `${GATEWAY_RESOURCE_PREFIX}${server}/${uri}`;
}

/** The server and its own URI behind a troupe URI, or null when `uri` is not one. */
export function parseGatewayUri(uri: string): { readonly server: string; readonly uri: string } | null {
  if (!uri.startsWith(GATEWAY_RESOURCE_PREFIX)) return null;
  const rest = uri.slice(GATEWAY_RESOURCE_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return null;
  return { server: rest.slice(0, slash), uri: rest.slice(slash + 1) };
}
