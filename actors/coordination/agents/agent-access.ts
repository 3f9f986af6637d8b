/**
 * An agent's access facts, beside its record: the policy roles it was given at registration,
 * its tenant, and its token's lifetime and revision. The agent actor writes them in the
 * `agent-access` table with the turns that change them (registration, rotation, revocation,
 * deregistration removes them); the adapter reads them on the main thread to check every
 * call (`src/mcp/access/`). The token itself is never here, nor its hash (that stays in the
 * actor's state). Pure data and the turns' small helpers; no decision (`actors/access/policy.ts`).
 *
 * Table (written by `agent:<id>`):
 *   agent-access  [id] → AgentAccess
 */

export const AGENT_ACCESS_TABLE = 'agent-access';

export interface AgentAccess {
  /** Policy roles given at registration (empty: the policy's default role). */
  readonly roles: readonly string[];
  /** The tenant the agent belongs to (null: none; it sees only agents without one). */
  readonly tenantId: string | null;
  /** When the current token stops working, epoch ms (null: never). */
  readonly tokenExpiresAt: number | null;
  /** The token's lifetime given at registration, for rotations (null: none). */
  readonly tokenTtlMs: number | null;
  /** Counts rotations: a session that proved an older token must prove the new one. */
  readonly tokenRevision: number;
  /** The operator revoked the token: no call with it works until a rotation by the operator. */
  readonly revoked: boolean;
}

/** What a registration gives besides the record. */
export interface AccessGrant {
  readonly roles: readonly string[];
  readonly tenantId: string | null;
  readonly tokenTtlMs: number | null;
}

export const NO_GRANT: AccessGrant = Object.freeze({ roles: [], tenantId: null, tokenTtlMs: null });

/** Why a token that matches its hash does not work now, or null when it does. */
export function tokenProblem(
  access: AgentAccess | undefined,
  now: number,
): 'token_expired' | 'token_revoked' | null {
  if (access === undefined) return null;
  if (access.revoked) return 'token_revoked';
  if (access.tokenExpiresAt !== null && now >= access.tokenExpiresAt) return 'token_expired';
  return null;
}
