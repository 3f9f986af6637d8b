/**
 * Who may see a resource: the session's proven identity (`identity.ts`), as for tools.
 *
 * | resource | read / subscribe | listed |
 * |---|---|---|
 * | `troupe://agents/{id}/inbox` | a session that acts for `{id}` (registered it, or presented its token once) | only the inboxes of the agents this session acts for |
 * | `troupe://sessions/{id}` | a session acting for its coordinator or a participant | only those sessions |
 * | the others | anyone: public fields only | all |
 *
 * A refusal is a JSON-RPC error (invalid params) whose `data` carries the URI and the stable
 * code: `unauthorized` when the session acts for no agent that may see it, `forbidden` when
 * it does act for agents, none of whom may. It owns these checks, not the data.
 */
import type { McpError } from '@modelcontextprotocol/sdk/types.js';
import { agentCaller, anonymousIn, type Caller } from '../../../actors/coordination/caller.js';
import { resolveCaller, type SessionIdentity, type TokenCheck } from '../identity.js';
import { INVALID_PARAMS, protocolError } from '../protocol/errors.js';

export interface ResourceAccess {
  readonly identity: SessionIdentity;
  readonly checkToken: TokenCheck;
  /** The session's access gate, when access control is configured: whether it is the operator's, its auth context. */
  readonly session?: {
    readonly isOperator: boolean;
    readonly authContext: { readonly tenantId: string | null } | null;
  };
}

/**
 * Who reads a resource in this session, for the tenant it is read in: the operator (every
 * tenant), an agent this session proved (its tenant), else an anonymous reader in the attached
 * auth context's tenant (none: the default tenant).
 */
export function readerOf(access: ResourceAccess): Caller {
  if (access.session?.isOperator) return { kind: 'operator' };
  const proven = access.identity.agentIds().find((agentId) => access.identity.proven(agentId));
  if (proven !== undefined) return agentCaller(proven);
  return anonymousIn(access.session?.authContext?.tenantId ?? null);
}

/** The agents this session acts for (a binding carried over a take-over included). */
export function actingFor(access: ResourceAccess): readonly string[] {
  return access.identity.agentIds();
}

/** Throws unless this session acts for `agentId` (verifying a carried-over binding first). */
export async function assertActsFor(
  access: ResourceAccess,
  agentId: string,
  uri: URL | string,
): Promise<void> {
  const resolved = await resolveCaller({ agent_id: agentId }, 'agent_id', access.identity, access.checkToken);
  if (!resolved.ok) {
    throw refused(
      uri,
      'unauthorized',
      `this MCP session does not act for "${agentId}": register it here, or pass its agent_token once to a tool`,
    );
  }
}

/** Throws unless this session acts for one of `members` (verifying carried-over bindings first). */
export async function assertActsForOneOf(
  access: ResourceAccess,
  members: readonly string[],
  uri: URL | string,
): Promise<void> {
  const mine = actingFor(access);
  for (const agentId of members) {
    if (!mine.includes(agentId)) continue;
    const resolved = await resolveCaller(
      { agent_id: agentId },
      'agent_id',
      access.identity,
      access.checkToken,
    );
    if (resolved.ok) return;
  }
  if (actingFor(access).length === 0) {
    throw refused(
      uri,
      'unauthorized',
      'this MCP session acts for no agent: register one, or pass its agent_token',
    );
  }
  throw refused(uri, 'forbidden', 'none of the agents this MCP session acts for takes part in it');
}

function refused(uri: URL | string, code: 'unauthorized' | 'forbidden', message: string): McpError {
  return protocolError(INVALID_PARAMS, message, { uri: uri.toString(), code });
}
