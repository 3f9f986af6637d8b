/**
 * Who a call acts for, proven once per MCP session. A session that registered an agent
 * (`register_agent`), or presented an agent's `agent_token` once in any call, may act for
 * that agent afterwards without repeating the token; any other session must present it
 * (`unauthorized` otherwise). Every tool that acts for an agent goes through
 * `resolveCaller` before it reaches an actor.
 *
 * ```
 *   call(agent_id=X, agent_token=T)  ─ T verified (TokenCheck) ─▶ X proven in this session
 *   call(agent_id=X)                 ─ X proven here? ─ yes ─▶ acts as X (token from memory)
 *                                                     └ no ──▶ unauthorized, field agent_token
 * ```
 *
 * The token of a proven agent is kept in this process's memory only — today's actors still
 * check a token on each message, so the caller passes it on — and never goes into a result,
 * a resource or a log. `onChange` hears each proof and each forgetting: a session attached
 * through another `troupe serve` process (`src/serve/host/`) has it relayed to that process,
 * which replays it to the next host after a take-over; there `restore` binds it unverified,
 * and the first call that uses it verifies it again.
 *
 * Domain actors take the proven identity as a `Caller` (`actors/coordination/caller.ts`),
 * which `ToolCall.caller` gives them; the token stays here.
 */
import type { Outcome, Refusal } from '../kernel/index.js';

/** The agent a call acts for, and how that was proven. */
export interface ProvenAgent {
  readonly agentId: string;
  /** Its token, for the actors that still check one per message. Never put it in an answer. */
  readonly token: string;
  /** `token`: presented in this call; `session`: proven earlier in this MCP session. */
  readonly proof: 'token' | 'session';
}

/** Does `token` belong to `agentId`? A refusal (`unauthorized`, `not_found`) when not. */
export type TokenCheck = (agentId: string, token: string) => Promise<Refusal | null>;

export type IdentityChange =
  | { readonly type: 'proven'; readonly agentId: string; readonly token: string }
  | { readonly type: 'forgotten'; readonly agentId: string };

interface Binding {
  readonly token: string;
  /** False for a binding restored after a take-over: checked again on first use. */
  readonly verified: boolean;
}

/** The agents one MCP session has proven it acts for. */
export class SessionIdentity {
  readonly #agents = new Map<string, Binding>();
  readonly #listeners = new Set<(change: IdentityChange) => void>();

  /** A proof: the session registered `agentId`, or presented its valid token. */
  prove(agentId: string, token: string): void {
    const known = this.#agents.get(agentId);
    this.#agents.set(agentId, { token, verified: true });
    if (known?.token !== token) this.#tell({ type: 'proven', agentId, token });
  }

  /** A binding carried over from an earlier host: trusted only once verified again. */
  restore(agentId: string, token: string): void {
    if (!this.#agents.has(agentId)) this.#agents.set(agentId, { token, verified: false });
  }

  /** The session no longer acts for `agentId` (it deregistered, or its token stopped working). */
  forget(agentId: string): void {
    if (this.#agents.delete(agentId)) this.#tell({ type: 'forgotten', agentId });
  }

  /** Has this session proven (and verified) that it acts for `agentId`? */
  proven(agentId: string): boolean {
    return this.#agents.get(agentId)?.verified === true;
  }

  /** The agents this session acts for, verified or carried over from an earlier host. */
  agentIds(): string[] {
    return [...this.#agents.keys()];
  }

  /** The one agent this session has proven it acts for, or null when it proved none or several. */
  soleAgent(): string | null {
    const verified = [...this.#agents].filter(([, binding]) => binding.verified);
    return verified.length === 1 ? (verified[0]?.[0] ?? null) : null;
  }

  binding(agentId: string): Binding | undefined {
    return this.#agents.get(agentId);
  }

  /** Hear of every proof and forgetting; returns the function that stops it. */
  onChange(listener: (change: IdentityChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #tell(change: IdentityChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        // A relay that failed is the relay's problem, not the call's.
      }
    }
  }
}

/**
 * The caller of a tool that acts for the agent named by `args[field]`, proven by the
 * `agent_token` in `args` or by this session, or the refusal saying why it is not.
 */
export async function resolveCaller(
  args: Readonly<Record<string, unknown>>,
  field: string,
  identity: SessionIdentity,
  check: TokenCheck,
): Promise<Outcome<ProvenAgent | null>> {
  const agentId = args[field];
  if (typeof agentId !== 'string') return { ok: true, value: null };
  const presented = args.agent_token;
  const bound = identity.binding(agentId);
  if (typeof presented === 'string') {
    if (bound?.verified && bound.token === presented) return proven(agentId, presented, 'token');
    const refusal = await check(agentId, presented);
    if (refusal) return { ok: false, error: refusal };
    identity.prove(agentId, presented);
    return proven(agentId, presented, 'token');
  }
  if (bound === undefined) {
    return {
      ok: false,
      error: {
        code: 'unauthorized',
        message: `agent_token is required: this MCP session has not proven it acts for "${agentId}" (register it here, or pass its agent_token once)`,
        field: 'agent_token',
      },
    };
  }
  if (!bound.verified) {
    const refusal = await check(agentId, bound.token);
    if (refusal) {
      identity.forget(agentId);
      return { ok: false, error: { code: 'unauthorized', message: refusal.message, field: 'agent_token' } };
    }
    identity.prove(agentId, bound.token);
  }
  return proven(agentId, bound.token, 'session');
}

function proven(agentId: string, token: string, proof: ProvenAgent['proof']): Outcome<ProvenAgent> {
  return { ok: true, value: { agentId, token, proof } };
}
