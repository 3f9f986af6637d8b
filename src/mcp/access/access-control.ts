/**
 * `AccessControl`: the access rules of one runtime as the adapter applies them — the policy
 * in force (from the config file's `roles`, replaced at run time by the operator's
 * `set_policy` or a reload of the file), the operator's token (only its SHA-256 is kept),
 * the token and session lifetimes, the audit log, and the anomaly rule (repeated
 * `unauthorized` from one MCP session raises a `security` system event). Each MCP session
 * gets its own `SessionGate` over it (`session-gate.ts`): the one check point every tool call and
 * resource read passes. Without any access configuration there is no `AccessControl` at
 * all, and every call is answered as before.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AccessConfig } from '../../../actors/access/access-config.js';
import type { AuditLog } from '../../../actors/access/audit/api.js';
import type { AccessPolicy } from '../../../actors/access/policy.js';
import type { AgentAccess } from '../../../actors/coordination/agents/agent-access.js';
import { agentAccessOf } from '../../../actors/coordination/agents/api.js';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { broadcastSystemEvent } from '../../../actors/coordination/events/api.js';

/** `unauthorized` answers to one session within `ANOMALY_WINDOW_MS` that raise a `security` event. */
export const ANOMALY_THRESHOLD = 5;
export const ANOMALY_WINDOW_MS = 60_000;
export const SECURITY_EVENT_TYPE = 'security';

export interface AccessWarnings {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface AccessControlOptions {
  readonly config: AccessConfig;
  /** The operator's token (`TROUPE_ADMIN_TOKEN` or `--admin-token-file`); null: no operator. */
  readonly adminToken: string | null;
  readonly domain: AgentsDomain;
  /** Where every mutating call and every refusal is appended (null: no audit trail). */
  readonly audit: AuditLog | null;
  readonly now?: () => number;
  readonly log?: AccessWarnings;
}

/** An anomaly the rule raised: told to the system events and to every listener. */
export interface AccessAnomaly {
  readonly rule: 'repeated_unauthorized';
  readonly sessionId: string;
  readonly count: number;
  readonly windowMs: number;
  readonly at: number;
}

export class AccessControl {
  #policy: AccessPolicy | null;
  readonly #adminHash: Buffer | null;
  readonly #listeners = new Set<(anomaly: AccessAnomaly) => void>();
  readonly now: () => number;

  constructor(readonly options: AccessControlOptions) {
    this.#policy = options.config.policy;
    this.#adminHash = options.adminToken === null ? null : sha256(options.adminToken);
    this.now = options.now ?? Date.now;
  }

  get policy(): AccessPolicy | null {
    return this.#policy;
  }

  /** The operator's `set_policy`, or a reload of the config file. */
  setPolicy(policy: AccessPolicy | null): void {
    this.#policy = policy;
  }

  get tokenTtlMs(): number | null {
    return this.options.config.tokenTtlMs;
  }

  get sessionTtlMs(): number {
    return this.options.config.sessionTtlMs;
  }

  get audit(): AuditLog | null {
    return this.options.audit;
  }

  get domain(): AgentsDomain {
    return this.options.domain;
  }

  /** Is `token` the operator's? Constant time; false when no operator token is configured. */
  isAdminToken(token: string): boolean {
    if (this.#adminHash === null) return false;
    const given = sha256(token);
    return timingSafeEqual(given, this.#adminHash);
  }

  /** An agent's committed access entry (roles, tenant, token lifetime and revision). */
  agentAccess(agentId: string): AgentAccess | undefined {
    return agentAccessOf(this.options.domain, agentId);
  }

  /** Hear of each anomaly; returns the function that stops it. */
  onAnomaly(listener: (anomaly: AccessAnomaly) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Raise an anomaly: a warning in the log, a `security` system event, every listener told. */
  raise(anomaly: AccessAnomaly): void {
    this.options.log?.warn({ ...anomaly }, 'troupe: access anomaly');
    for (const listener of this.#listeners) listener(anomaly);
    void broadcastSystemEvent(
      this.options.domain,
      { kind: 'operator' },
      {
        eventType: SECURITY_EVENT_TYPE,
        data: { ...anomaly, at: new Date(anomaly.at).toISOString() },
        urgent: true,
      },
    ).catch(() => {});
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
