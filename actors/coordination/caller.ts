/**
 * `Caller`: who a domain request is from, as PROVEN by the adapter that received it — the MCP
 * layer checks an agent's token (or the identity its session proved before) in one place,
 * then sends the proven caller along. Domain actors never check tokens (the agent actor alone
 * keeps a token's hash, to `authenticate`); they check ownership rules against the caller:
 * the lock holder, the task's assignee or coordinator, a session's participants.
 */
export type Caller =
  | { readonly kind: 'agent'; readonly agentId: string }
  /** No identity was presented: only public reads are answered. */
  | { readonly kind: 'anonymous' }
  /** The operator (an admin token): may do everything. */
  | { readonly kind: 'operator' };

export const ANONYMOUS: Caller = Object.freeze({ kind: 'anonymous' });

export function agentCaller(agentId: string): Caller {
  return { kind: 'agent', agentId };
}

/** The agent id of the caller, or `null` when it is not an agent. */
export function callerAgent(caller: Caller): string | null {
  return caller.kind === 'agent' ? caller.agentId : null;
}
