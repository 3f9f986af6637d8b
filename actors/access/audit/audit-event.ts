/**
 * One audit event — who did what, on which ids, when, and how it ended — and the tables that
 * keep them. Plain data: written by the audit actor (`audit-actor.ts`), read on the main
 * thread (`api.ts`). An event never holds a secret: the adapter drops tokens before it hashes
 * the arguments (`argsHash`), and keeps only ids, never argument values.
 *
 * Tables (written by the `audit` actor):
 *   audit-events        [at, seq]            → AuditEvent
 *   audit-by-agent      [agentId, at, seq]   → 0
 *   audit-by-action     [action, at, seq]    → 0
 */

export const AUDIT_EVENTS_TABLE = 'audit-events';
export const AUDIT_BY_AGENT_TABLE = 'audit-by-agent';
export const AUDIT_BY_ACTION_TABLE = 'audit-by-action';

export const AUDIT_OUTCOMES = ['ok', 'refused', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** An event as the adapter hands it over (the actor gives it its `seq`). */
export interface AuditEntry {
  /** When the call was answered, epoch ms. */
  readonly at: number;
  /** The acting agent (null: anonymous or the operator). */
  readonly agentId: string | null;
  /** `operator` when the operator acted. */
  readonly principal: 'agent' | 'operator' | 'anonymous';
  /** The MCP session's id in this process (not the collaboration session). */
  readonly sessionId: string;
  readonly tenantId: string | null;
  readonly userId: string | null;
  /** The tool's name, or `resources/read`. */
  readonly action: string;
  /** The ids the call named (argument → id), tokens and values left out. */
  readonly targets: Readonly<Record<string, string>>;
  readonly outcome: AuditOutcome;
  /** The refusal's or failure's code, null for `ok`. */
  readonly errorCode: string | null;
  /** SHA-256 (hex) of the canonical JSON of the arguments without tokens. */
  readonly argsHash: string;
}

export interface AuditEvent extends AuditEntry {
  /** Unique, increasing: the order events were committed in. */
  readonly seq: number;
}
