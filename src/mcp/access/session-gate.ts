/**
 * `SessionGate`: the one check point of one MCP session — every tool call (troupe's own and
 * the proxied ones) and every resource read passes it before anything reaches an actor:
 *
 * ```
 *   session auth context expired? ────────────────▶ unauthorized (session_expired)
 *   the caller's token expired / revoked / rotated? ▶ unauthorized (token_expired, …)
 *   an agent of another tenant named? ─────────────▶ unknown_agent (as if it did not exist)
 *   the policy's decision (actors/access/policy.ts) ▶ forbidden naming the permission
 * ```
 *
 * It also holds what the session proved beyond agents — the operator's token
 * (`authenticate_operator`), a seed-002 auth context (`attach_auth_context`: user, tenant,
 * roles, expiry) — and appends the audit event of each call that changed something or was
 * refused (`audit`), counting `unauthorized` answers for the anomaly rule. The rules it
 * applies are the policy module's; it only gathers the facts they need.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AuditEntry } from '../../../actors/access/audit/audit-event.js';
import { decide, mayGrant, type Principal } from '../../../actors/access/policy.js';
import { type AccessGrant, tokenProblem } from '../../../actors/coordination/agents/agent-access.js';
import { summaryOf } from '../../../actors/coordination/agents/api.js';
import { canonicalHash } from '../../../actors/gateway/canonical-json.js';
import type { Outcome, Refusal } from '../../kernel/index.js';
import type { ProvenAgent, SessionIdentity } from '../identity.js';
import { type AccessControl, ANOMALY_THRESHOLD, ANOMALY_WINDOW_MS } from './access-control.js';

/** A seed-002 session auth context. */
export interface AuthContext {
  readonly userId: string;
  readonly tenantId: string | null;
  readonly roles: readonly string[];
  readonly expiresAt: number;
}

/** What the gate is told of the tool being called. */
export interface GatedTool {
  readonly name: string;
  /** `<group>:<verb>` permissions the call counts as. */
  readonly permissions: readonly string[];
  readonly readOnly: boolean;
}

type Args = Readonly<Record<string, unknown>>;

/** Arguments never hashed nor stored: secrets. */
const SECRET_ARGUMENTS: ReadonlySet<string> = new Set(['agent_token', 'admin_token', 'token']);
const MAX_TARGET_CHARS = 256;
/** The one tool every caller reaches: proving the operator's token. */
const OPERATOR_LOGIN = 'authenticate_operator';

let sessionsOpened = 0;

export class SessionGate {
  #operator = false;
  #context: AuthContext | null = null;
  /** The token each agent was last checked with here, and the revision it had then. */
  readonly #checked = new Map<string, { readonly token: string; readonly revision: number }>();
  #unauthorized: number[] = [];

  /** An id for the audit: this process's id and a count of sessions. */
  readonly sessionId: string;

  constructor(
    readonly control: AccessControl,
    private readonly identity: SessionIdentity,
  ) {
    this.sessionId = `mcp-${process.pid}-${++sessionsOpened}`;
  }

  get isOperator(): boolean {
    return this.#operator;
  }

  get authContext(): AuthContext | null {
    return this.#context;
  }

  /** The tenant this session's calls are in (the operator's session: null, and it sees every tenant). */
  get tenantId(): string | null {
    return this.#tenantOf(this.principal(null));
  }

  /** `authenticate_operator`: the operator's token makes this session the operator's. */
  proveOperator(token: string): Refusal | null {
    if (this.control.isAdminToken(token)) {
      this.#operator = true;
      return null;
    }
    return { code: 'unauthorized', message: 'admin_token is not the operator token', field: 'admin_token' };
  }

  /** `attach_auth_context` (the operator's): the session acts as this user from now on, operator no more. */
  attach(context: AuthContext): void {
    this.#context = context;
    this.#operator = false;
  }

  /** Who a call is from: the operator, the agent it acts for, the attached user, or nobody. */
  principal(proven: ProvenAgent | null, args: Args = {}): Principal {
    if (this.#operator) return { kind: 'operator' };
    const agentId = proven?.agentId ?? this.#sessionAgent(args);
    if (agentId !== null)
      return { kind: 'agent', agentId, roles: this.control.agentAccess(agentId)?.roles ?? [] };
    if (this.#context !== null)
      return { kind: 'agent', agentId: `user:${this.#context.userId}`, roles: this.#context.roles };
    return { kind: 'anonymous' };
  }

  /** The refusal of a tool call before it runs, or null when it may run. */
  async authorizeTool(tool: GatedTool, args: Args, proven: ProvenAgent | null): Promise<Refusal | null> {
    if (tool.name === OPERATOR_LOGIN) return null;
    const expired = this.#sessionExpired();
    if (expired) return expired;
    if (this.#operator && proven === null) return null;
    // Who the call is from: the agent proven for it; else (a tool that names none) the agents this
    // session acts for — any one of them that may, when it acts for several; else the attached user or nobody.
    const acting = proven === null ? this.#sessionBindings(args) : [proven];
    if (acting.length === 0) return this.#decide(tool, this.principal(null, args), args);
    let first: Refusal | null = null;
    for (const agent of acting) {
      const refusal =
        (await this.#tokenRefusal(agent)) ??
        this.#decide(tool, this.principal(proven === null ? null : agent, { agent_id: agent.agentId }), args);
      if (refusal === null) return null;
      first ??= refusal;
    }
    return first;
  }

  #decide(tool: GatedTool, principal: Principal, args: Args): Refusal | null {
    if (principal.kind === 'operator') return null;
    const crossing = this.#tenantRefusal(principal, args);
    if (crossing) return crossing;
    const policy = this.control.policy;
    if (policy === null) return null;
    const decision = decide(policy, principal, { name: tool.name, permissions: tool.permissions });
    return decision.allowed ? null : { code: decision.code, message: decision.message, field: 'permission' };
  }

  /** The refusal of a resource read, or null when it may be read. */
  authorizeResource(uri: string): Refusal | null {
    const expired = this.#sessionExpired();
    if (expired) return expired;
    const policy = this.control.policy;
    if (policy === null) return null;
    const group = /^troupe:\/\/([a-z-]+)/.exec(uri)?.[1] ?? 'resources';
    const action = {
      name: 'resources/read',
      permissions: [`${group}:read`, 'resources:read'],
      resource: uri,
    };
    const candidates: Principal[] = this.#operator
      ? [{ kind: 'operator' }]
      : this.identity
          .agentIds()
          .filter((id) => this.identity.proven(id))
          .map((id) => this.principal(null, { agent_id: id }));
    if (candidates.length === 0) candidates.push(this.principal(null));
    let refusal: Refusal | null = null;
    for (const principal of candidates) {
      const decision = decide(policy, principal, action);
      if (decision.allowed) return null;
      refusal ??= { code: decision.code, message: decision.message, field: 'uri' };
    }
    return refusal;
  }

  /** The access an agent registered by this call gets: the roles asked for, if the caller may give them. */
  grantFor(roles: readonly string[], proven: ProvenAgent | null, args: Args): Outcome<AccessGrant> {
    const policy = this.control.policy;
    if (roles.length > 0) {
      if (policy === null)
        return {
          ok: false,
          error: {
            code: 'invalid_argument',
            message: 'roles need a roles policy in the config file',
            field: 'roles',
          },
        };
      const decision = mayGrant(policy, this.principal(proven, args), roles);
      if (!decision.allowed)
        return { ok: false, error: { code: decision.code, message: decision.message, field: 'roles' } };
    }
    return {
      ok: true,
      value: {
        roles,
        tenantId: this.#tenantOf(this.principal(proven, args)),
        tokenTtlMs: this.control.tokenTtlMs,
      },
    };
  }

  /** Append the audit event of a call that changed something or was refused; resolves once committed. */
  async audit(
    tool: GatedTool,
    args: Args,
    proven: ProvenAgent | null,
    result: CallToolResult,
  ): Promise<void> {
    const code = result.isError ? errorCodeOf(result) : null;
    if (code === 'unauthorized') this.#countUnauthorized();
    const log = this.control.audit;
    if (log === null || (tool.readOnly && !result.isError)) return;
    const principal = this.principal(proven, args);
    const entry: AuditEntry = {
      at: this.control.now(),
      agentId:
        principal.kind === 'agent' && !principal.agentId.startsWith('user:') ? principal.agentId : null,
      principal: principal.kind,
      sessionId: this.sessionId,
      tenantId: this.#tenantOf(principal),
      userId: this.#context?.userId ?? null,
      action: tool.name,
      targets: targetsOf(args),
      outcome: code === null ? 'ok' : code === 'internal' ? 'failed' : 'refused',
      errorCode: code,
      argsHash: canonicalHash(withoutSecrets(args), 64),
    };
    await log.append(entry);
  }

  #sessionAgent(args: Args): string | null {
    const named = args.agent_id;
    if (typeof named === 'string' && this.identity.proven(named)) return named;
    return this.identity.soleAgent();
  }

  /** The agents this session acts for, with their tokens: the one `agent_id` names if proven, else every verified one. */
  #sessionBindings(args: Args): ProvenAgent[] {
    const named = args.agent_id;
    const ids =
      typeof named === 'string' && this.identity.proven(named)
        ? [named]
        : this.identity.agentIds().filter((id) => this.identity.proven(id));
    const bindings: ProvenAgent[] = [];
    for (const agentId of ids) {
      const bound = this.identity.binding(agentId);
      if (bound !== undefined) bindings.push({ agentId, token: bound.token, proof: 'session' });
    }
    return bindings;
  }

  #sessionExpired(): Refusal | null {
    if (this.#context === null || this.control.now() < this.#context.expiresAt) return null;
    return {
      code: 'unauthorized',
      message: `session_expired: the auth context of user "${this.#context.userId}" expired; the operator attaches a new one`,
      field: 'session',
    };
  }

  async #tokenRefusal(proven: ProvenAgent): Promise<Refusal | null> {
    const { agentId, token } = proven;
    let known = this.#checked.get(agentId);
    const access = this.control.agentAccess(agentId);
    if (access === undefined) return null;
    const problem = tokenProblem(access, this.control.now());
    if (problem === null && known?.token !== token) {
      known = { token, revision: access.tokenRevision };
      this.#checked.set(agentId, known);
    }
    const reason = problem ?? (known && known.revision !== access.tokenRevision ? 'token_rotated' : null);
    if (reason === null) return null;
    this.identity.forget(agentId);
    this.#checked.delete(agentId);
    return {
      code: 'unauthorized',
      message: `${reason}: the token of agent "${agentId}" no longer works`,
      field: 'agent_token',
    };
  }

  #tenantOf(principal: Principal): string | null {
    if (this.#context !== null) return this.#context.tenantId;
    return principal.kind === 'agent'
      ? (this.control.agentAccess(principal.agentId)?.tenantId ?? null)
      : null;
  }

  /**
   * An agent of another tenant named in the arguments (the operator sees every tenant):
   * answered as an agent that is not registered, so that ids do not leak across tenants.
   * (The domain's read paths apply the same rule to sessions, tasks, locks and runs.)
   */
  #tenantRefusal(principal: Principal, args: Args): Refusal | null {
    const tenant = this.#tenantOf(principal);
    for (const [field, agentId] of namedAgents(args)) {
      const access = this.control.agentAccess(agentId);
      const other = access?.tenantId ?? null;
      const registered =
        access !== undefined || (tenant !== null && summaryOf(this.control.domain, agentId) !== undefined);
      if (registered && other !== tenant)
        return { code: 'unknown_agent', message: `no agent "${agentId}" is registered`, field };
    }
    return null;
  }

  #countUnauthorized(): void {
    const now = this.control.now();
    this.#unauthorized = this.#unauthorized.filter((at) => now - at < ANOMALY_WINDOW_MS);
    this.#unauthorized.push(now);
    if (this.#unauthorized.length === ANOMALY_THRESHOLD)
      this.control.raise({
        rule: 'repeated_unauthorized',
        sessionId: this.sessionId,
        count: ANOMALY_THRESHOLD,
        windowMs: ANOMALY_WINDOW_MS,
        at: now,
      });
  }
}

/** Arguments that name one agent, besides every `*agent_id`. */
const AGENT_FIELDS: ReadonlySet<string> = new Set(['recipient_id', 'participant_id']);
/** Arguments that list agents. */
const AGENT_LISTS: ReadonlySet<string> = new Set([
  'agent_ids',
  'recipients',
  'participant_ids',
  'participant_model_ids',
]);

/** The agent ids the arguments name: `*agent_id`, `recipient_id`, `participant_id`, and the lists. */
function namedAgents(args: Args): [string, string][] {
  const named: [string, string][] = [];
  for (const [field, value] of Object.entries(args)) {
    if (typeof value === 'string' && (field.endsWith('agent_id') || AGENT_FIELDS.has(field)))
      named.push([field, value]);
    else if (Array.isArray(value) && AGENT_LISTS.has(field))
      value.forEach((item, index) => {
        if (typeof item === 'string') named.push([`${field}[${index}]`, item]);
      });
  }
  return named;
}

/** The ids a call named, for the audit: `*_id` arguments and a lock's `path`, never a value else. */
function targetsOf(args: Args): Record<string, string> {
  const targets: Record<string, string> = Object.create(null);
  for (const [field, value] of Object.entries(args)) {
    if (typeof value !== 'string' || SECRET_ARGUMENTS.has(field)) continue;
    if (field.endsWith('_id') || field === 'path' || field === 'id')
      targets[field] = value.slice(0, MAX_TARGET_CHARS);
  }
  return { ...targets };
}

function withoutSecrets(args: Args): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([field]) => !SECRET_ARGUMENTS.has(field)));
}

function errorCodeOf(result: CallToolResult): string | null {
  const text = (result.content[0] as { text?: unknown } | undefined)?.text;
  if (typeof text !== 'string') return 'internal';
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : 'internal';
  } catch {
    return 'internal';
  }
}
