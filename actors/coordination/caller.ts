/**
 * `Caller`: who a domain request is from, as PROVEN by the adapter that received it — the MCP
 * layer checks an agent's token (or the identity its session proved before) in one place,
 * then sends the proven caller along. Domain actors never check tokens (the agent actor alone
 * keeps a token's hash, to `authenticate`); they check ownership rules against the caller:
 * the lock holder, the task's assignee or coordinator, a session's participants.
 */
export type Caller =
  | { readonly kind: 'agent'; readonly agentId: string }
  /**
   * No agent identity was presented: only public reads are answered, within `tenantId` (an
   * MCP session's attached auth context; absent: the default tenant). An agent's tenant is
   * never taken from the caller: it is the agent's own (`tenancy.ts`).
   */
  | { readonly kind: 'anonymous'; readonly tenantId?: string | null }
  /** The operator (an admin token): may do everything. */
  | { readonly kind: 'operator' };

export const ANONYMOUS: Caller = Object.freeze({ kind: 'anonymous' });

/** An anonymous caller within a tenant (null: the default tenant). */
export function anonymousIn(tenantId: string | null): Caller {
  return tenantId === null ? ANONYMOUS : { kind: 'anonymous', tenantId };
}

export function agentCaller(agentId: string): Caller {
  return { kind: 'agent', agentId };
}

/** The agent id of the caller, or `null` when it is not an agent. */
export function callerAgent(caller: Caller): string | null {
  return caller.kind === 'agent' ? caller.agentId : null;
}
