/**
 * `ToolCall`: what a tool handler gets besides its arguments — the abort signal of the
 * request; who the call is from, as the domain takes it (`caller`: the proven agent, or
 * anonymous — `actors/coordination/caller.ts`) and as the adapter proved it (`proven`, with
 * the token today's actors still check per message: `identity.ts`); and the two changes a
 * handler may make to its session's identity (and `progress`, when the request asked for
 * progress notifications with a token): `prove` (`register_agent`: the registering
 * session acts for the new agent) and `forget` (`deregister_agent`). It also carries which
 * actor answered, for `orchestration.handled_by` (a handler that asks another actor than its
 * tool's default says so with `answeredBy`).
 */
import { agentCaller, anonymousIn, type Caller } from '../../actors/coordination/caller.js';
import type { SessionGate } from './access/session-gate.js';
import type { ProvenAgent, SessionIdentity } from './identity.js';

/** One MCP progress notification (without its token): done so far, of `total` when known. */
export interface ToolProgress {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

export type ProgressSink = (progress: ToolProgress) => void;

export class ToolCall {
  #actingAs: string | null;
  #handledBy: string;
  #operator = false;
  /** The session's access gate, when access control is configured (`access/`). */
  gate: SessionGate | null = null;

  constructor(
    readonly signal: AbortSignal,
    /** The agent this call was proven to act for (its `caller` argument), or null. */
    readonly proven: ProvenAgent | null,
    private readonly identity: SessionIdentity,
    handledBy: string,
    /** Sends a progress notification for this request; absent when it gave no progress token. */
    readonly progress?: ProgressSink,
  ) {
    this.#actingAs = proven?.agentId ?? null;
    this.#handledBy = handledBy;
  }

  /** Who the call is from, for a domain request: never carries a token. */
  get caller(): Caller {
    if (this.#operator && this.#actingAs === null) return { kind: 'operator' };
    if (this.#actingAs !== null) return agentCaller(this.#actingAs);
    // No agent: the session's attached auth context (if any) says which tenant the call is in.
    return anonymousIn(this.gate?.authContext?.tenantId ?? null);
  }

  /** The operator's session makes this call: it may act for any agent without its token. */
  actAsOperator(): void {
    this.#operator = true;
  }

  get isOperator(): boolean {
    return this.#operator;
  }

  /** This session registered `agentId` (its token is the one just issued): it acts for it from now on. */
  prove(agentId: string, token: string): void {
    this.identity.prove(agentId, token);
    this.#actingAs = agentId;
  }

  /** This session no longer acts for `agentId` (deregistered). */
  forget(agentId: string): void {
    this.identity.forget(agentId);
  }

  answeredBy(actorId: string): void {
    this.#handledBy = actorId;
  }

  /** The agent this call was proven to act for, if any. */
  get actingAs(): string | null {
    return this.#actingAs;
  }

  get handledBy(): string {
    return this.#handledBy;
  }
}
