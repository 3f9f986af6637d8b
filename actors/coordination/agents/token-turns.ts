/**
 * The agent actor's token turns: rotation (a new secret, the old one stops working at once,
 * a new lifetime from now) and revocation by the operator (nothing works with the token until
 * a rotation), and the helpers the registration shares: writing the agent's `agent-access`
 * entry and wording why a matching token does not work (`token_expired`, `token_revoked`).
 * Who may rotate or revoke is the facade's rule (`api.ts`), not this module's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type ActorContext, type Outcome, refuse } from '../../../src/kernel/index.js';
import { type AccessGrant, AGENT_ACCESS_TABLE, type AgentAccess } from './agent-access.js';
import type { AgentMsg, RegisteredAgent } from './agent-messages.js';
import { type AgentState, announceAgent, recordOf } from './agent-state.js';

type Ctx = ActorContext<AgentMsg>;
export type Turn<T> = readonly [Outcome<T>, AgentState];

/** The token's SHA-256, its 32 bytes (what the state keeps). */
export const hashToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

export function accessOf(ctx: Ctx, agentId: string): AgentAccess | undefined {
  return ctx.table<AgentAccess>(AGENT_ACCESS_TABLE).get([agentId]);
}

/** The entry of a new registration: revision 0, the lifetime counted from `now`. */
export function writeAccess(ctx: Ctx, agentId: string, grant: AccessGrant, now: number): void {
  ctx.table<AgentAccess>(AGENT_ACCESS_TABLE).put([agentId], {
    roles: [...grant.roles],
    tenantId: grant.tenantId,
    tokenTtlMs: grant.tokenTtlMs,
    tokenExpiresAt: grant.tokenTtlMs === null ? null : now + grant.tokenTtlMs,
    tokenRevision: 0,
    revoked: false,
  });
}

export function tokenProblemMessage(problem: 'token_expired' | 'token_revoked', agentId: string): string {
  return problem === 'token_expired'
    ? `token_expired: the token of agent "${agentId}" has expired (rotate_agent_token gives a new one)`
    : `token_revoked: the token of agent "${agentId}" was revoked by the operator`;
}

export function rotateToken(state: AgentState, ctx: Ctx, ttlMs?: number | null): Turn<RegisteredAgent> {
  const agent = recordOf(state, ctx);
  if (!agent)
    return [refuse('unknown_agent', `no agent "${state.agentId}" is registered`, 'agent_id'), state];
  const token = randomBytes(24).toString('base64url');
  const before = accessOf(ctx, agent.id);
  const now = ctx.now();
  const ttl = ttlMs === undefined ? (before?.tokenTtlMs ?? null) : ttlMs;
  ctx.table<AgentAccess>(AGENT_ACCESS_TABLE).put([agent.id], {
    roles: before?.roles ?? [],
    tenantId: before?.tenantId ?? null,
    tokenTtlMs: ttl,
    tokenExpiresAt: ttl === null ? null : now + ttl,
    tokenRevision: (before?.tokenRevision ?? 0) + 1,
    revoked: false,
  });
  const next: AgentState = { ...state, tokenHash: hashToken(token) };
  announceAgent(next, ctx);
  return [{ ok: true, value: { agent, token } }, next];
}

export function revokeToken(state: AgentState, ctx: Ctx): Turn<AgentAccess> {
  const agent = recordOf(state, ctx);
  if (!agent)
    return [refuse('unknown_agent', `no agent "${state.agentId}" is registered`, 'agent_id'), state];
  const before = accessOf(ctx, agent.id);
  const revoked: AgentAccess = {
    roles: before?.roles ?? [],
    tenantId: before?.tenantId ?? null,
    tokenTtlMs: before?.tokenTtlMs ?? null,
    tokenExpiresAt: before?.tokenExpiresAt ?? null,
    tokenRevision: (before?.tokenRevision ?? 0) + 1,
    revoked: true,
  };
  ctx.table<AgentAccess>(AGENT_ACCESS_TABLE).put([agent.id], revoked);
  // A state that changes nothing is not committed (immutableState): a fresh object commits the entry.
  return [{ ok: true, value: revoked }, { ...state }];
}
