/**
 * The access tools (issue 17), registered when access control is configured: the operator's
 * `authenticate_operator`, `set_policy`, `revoke_agent_token` and `attach_auth_context`;
 * `check_permission` (may an agent do an action, on a resource?); `rotate_agent_token` (the
 * agent itself or the operator); `get_audit_events` (seed 004's `getAuditEvents`: by agent,
 * action and time, in pages). Each maps onto the access gate (`../access/`) or a facade;
 * the rules are the policy module's (`actors/access/policy.ts`).
 */
import { z } from 'zod';
import {
  MAX_ROLES,
  policyOf,
  RoleNameSchema,
  RolePolicySchema,
} from '../../../actors/access/access-config.js';
import { queryAuditEvents } from '../../../actors/access/audit/api.js';
import { AUDIT_OUTCOMES, type AuditEvent } from '../../../actors/access/audit/audit-event.js';
import { decide } from '../../../actors/access/policy.js';
import { revokeAgentToken, rotateAgentToken, summaryOf } from '../../../actors/coordination/agents/api.js';
import { agentActorId } from '../../../actors/coordination/ids.js';
import { tenantScopeOf } from '../../../actors/coordination/tenancy.js';
import type { Refusal } from '../../kernel/index.js';
import type { AccessControl } from '../access/access-control.js';
import { changes, READS } from '../annotations.js';
import { isoTime, isoTimeOrNull } from '../records/time.js';
import type { ToolCall } from '../tool-call.js';
import type { ToolRegistry } from '../tool-registry.js';
import { failure, success } from '../tool-result.js';
import { answer, Id } from './mail.js';

const ACCESS = 'access-control';
const Token = z.string().min(1).max(1_024);
const Roles = z.array(RoleNameSchema).max(32);
const Instant = z
  .union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })])
  .describe('epoch milliseconds or an ISO 8601 date-time');

function operatorOnly(call: ToolCall, permission: string): Refusal | null {
  if (call.gate?.isOperator) return null;
  return {
    code: 'forbidden',
    message: `permission ${permission} is missing: only the operator may do this`,
    field: 'admin_token',
  };
}

export function registerAccessTools(tools: ToolRegistry, control: AccessControl): void {
  tools.register(
    'authenticate_operator',
    {
      description:
        "Prove the operator's token (TROUPE_ADMIN_TOKEN or --admin-token-file) once: this MCP session may then do everything, act for any agent and change the policy.",
      inputSchema: { admin_token: Token },
      outputSchema: { operator: z.literal(true) },
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy: ACCESS,
    },
    (args, call) => {
      const refusal = call.gate?.proveOperator(args.admin_token) ?? null;
      return refusal ? failure(refusal) : success({ operator: true });
    },
  );
  tools.register(
    'check_permission',
    {
      description:
        'May an agent do an action (a tool name, or a permission such as locks:write), on a resource URI if given? Answers the decision of the policy in force and why.',
      inputSchema: {
        agent_id: Id,
        action: z.string().min(1).max(256),
        resource: z.string().min(1).max(4_096).optional(),
      },
      outputSchema: {
        allowed: z.boolean(),
        agent_id: z.string(),
        action: z.string(),
        roles: z.array(z.string()),
        reason: z.string(),
        missing: z.string().nullable(),
      },
      annotations: READS,
      handledBy: ACCESS,
    },
    async (args) => {
      if (summaryOf(control.domain, args.agent_id) === undefined)
        return failure({
          code: 'unknown_agent',
          message: `no agent "${args.agent_id}" is registered`,
          field: 'agent_id',
        });
      const roles = control.agentAccess(args.agent_id)?.roles ?? [];
      const policy = control.policy;
      const base = { agent_id: args.agent_id, action: args.action };
      if (policy === null)
        return success({
          ...base,
          allowed: true,
          roles: [...roles],
          reason: 'no roles policy: every call is allowed',
          missing: null,
        });
      // A tool's name counts as its group's permission too (`locks:write`); anything else only as itself.
      const permissions = tools.permissionsOf(args.action) ?? [];
      const decision = decide(
        policy,
        { kind: 'agent', agentId: args.agent_id, roles },
        {
          name: args.action,
          permissions,
          ...(args.resource === undefined ? {} : { resource: args.resource }),
        },
      );
      const effective = roles.length > 0 ? roles : policy.defaultRole === null ? [] : [policy.defaultRole];
      return success({
        ...base,
        allowed: decision.allowed,
        roles: [...effective],
        reason: decision.allowed ? `allowed by ${decision.by}` : decision.message,
        missing: decision.allowed ? null : decision.missing,
      });
    },
  );
  tools.register(
    'set_policy',
    {
      description:
        "Replace the roles policy in force (the operator's only): roles of allow/deny patterns (tool names, <group>:<verb>, resource URIs, with * globs), the roles each may grant, and the default role. Kept until the next set_policy or config reload.",
      inputSchema: {
        roles: z
          .array(RolePolicySchema.extend({ name: RoleNameSchema }))
          .min(1)
          .max(MAX_ROLES)
          .describe('the roles, each with its name (a list: a role name never becomes an object key)'),
        default_role: RoleNameSchema.nullable().optional(),
      },
      outputSchema: { roles: z.array(z.string()), default_role: z.string().nullable() },
      annotations: changes({ destructive: true, idempotent: true }),
      handledBy: ACCESS,
    },
    (args, call) => {
      const refusal = operatorOnly(call, 'set_policy');
      if (refusal) return failure(refusal);
      const policy = policyOf(args.roles, args.default_role ?? null);
      if (!policy.ok) return failure(policy.error);
      control.setPolicy(policy.value);
      return success({ roles: [...policy.value.roles.keys()], default_role: policy.value.defaultRole });
    },
  );
  tools.register(
    'rotate_agent_token',
    {
      description:
        "A new secret token for an agent (by the agent itself or the operator): the old one stops working at once, in every session; this session acts for the agent with the new one. The token's lifetime starts again.",
      inputSchema: {
        agent_id: Id,
        agent_token: z.string().optional(),
        ttl_s: z
          .number()
          .positive()
          .max(365 * 86_400)
          .optional()
          .describe(
            "the new token's lifetime in seconds (the operator's only; left out: as at registration)",
          ),
      },
      outputSchema: { agent_id: z.string(), agent_token: z.string(), expires_at: z.string().nullable() },
      annotations: changes({ destructive: true, idempotent: false }),
      handledBy: ACCESS,
      caller: 'agent_id',
    },
    async (args, call) => {
      call.answeredBy(agentActorId(args.agent_id));
      // The operator's session rotates as the operator, even for an agent it registered (and so acts for).
      const operator = call.gate?.isOperator === true;
      const rotated = await rotateAgentToken(control.domain, operator ? { kind: 'operator' } : call.caller, {
        agentId: args.agent_id,
        ...(args.ttl_s === undefined ? {} : { ttlMs: Math.max(1, Math.round(args.ttl_s * 1000)) }),
      });
      if (!rotated.ok) return failure(rotated.error);
      if (!operator) call.prove(args.agent_id, rotated.value.token);
      const expiresAt = control.agentAccess(args.agent_id)?.tokenExpiresAt ?? null;
      return success({
        agent_id: args.agent_id,
        agent_token: rotated.value.token,
        expires_at: isoTimeOrNull(expiresAt),
      });
    },
  );
  tools.register(
    'revoke_agent_token',
    {
      description:
        "Revoke an agent's token (the operator's only): every call with it is refused unauthorized (token_revoked) until the operator rotates it.",
      inputSchema: { agent_id: Id },
      outputSchema: { agent_id: z.string(), revoked: z.literal(true) },
      annotations: changes({ destructive: true, idempotent: true }),
      handledBy: ACCESS,
    },
    async (args, call) => {
      call.answeredBy(agentActorId(args.agent_id));
      const caller = call.gate?.isOperator ? ({ kind: 'operator' } as const) : call.caller;
      return answer(await revokeAgentToken(control.domain, caller, { agentId: args.agent_id }), () => ({
        agent_id: args.agent_id,
        revoked: true as const,
      }));
    },
  );
  tools.register(
    'attach_auth_context',
    {
      description:
        "Attach a seed-002 auth context to this MCP session (the operator's only): the session then acts as that user — its roles, its tenant (agents it registers belong to it; no call reaches another tenant's agents) — until it expires (ttl_s, default from session_ttl: one hour). The session is no longer the operator's.",
      inputSchema: {
        user_id: Id,
        tenant_id: Id.optional(),
        roles: Roles.optional(),
        ttl_s: z
          .number()
          .positive()
          .max(30 * 86_400)
          .optional(),
      },
      outputSchema: {
        user_id: z.string(),
        tenant_id: z.string().nullable(),
        roles: z.array(z.string()),
        expires_at: z.string(),
      },
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: ACCESS,
    },
    (args, call) => {
      const refusal = operatorOnly(call, 'attach_auth_context');
      if (refusal) return failure(refusal);
      const expiresAt =
        control.now() + (args.ttl_s === undefined ? control.sessionTtlMs : Math.round(args.ttl_s * 1000));
      const context = {
        userId: args.user_id,
        tenantId: args.tenant_id ?? null,
        roles: args.roles ?? [],
        expiresAt,
      };
      call.gate?.attach(context);
      return success({
        user_id: context.userId,
        tenant_id: context.tenantId,
        roles: [...context.roles],
        expires_at: isoTime(expiresAt),
      });
    },
  );
  tools.register(
    'get_audit_events',
    {
      description:
        'Audit events (seed 004 getAuditEvents): every call that changed something and every refusal — who (agent, session, tenant, user), which tool and ids, when, the outcome and error code, a hash of the arguments (never a secret). Filter by agent, action, start/end; oldest first, in pages (next_cursor).',
      inputSchema: {
        agent_id: Id.optional(),
        action: z.string().min(1).max(256).optional(),
        start: Instant.optional(),
        end: Instant.optional(),
        limit: z.number().int().min(1).max(1_000).optional(),
        cursor: z.string().max(4_096).optional(),
      },
      outputSchema: { events: z.array(AuditEventSchema), next_cursor: z.string().nullable() },
      annotations: READS,
      handledBy: 'audit',
    },
    async (args, call) => {
      if (control.policy === null && !call.gate?.isOperator)
        return failure({
          code: 'forbidden',
          message:
            'permission get_audit_events is missing: without a roles policy only the operator reads the audit log',
          field: 'admin_token',
        });
      const log = control.audit;
      if (log === null) return success({ events: [], next_cursor: null });
      await log.settled();
      const page = queryAuditEvents(
        log.system,
        {
          ...(args.agent_id === undefined ? {} : { agentId: args.agent_id }),
          ...(args.action === undefined ? {} : { action: args.action }),
          ...(args.start === undefined ? {} : { start: epochOf(args.start) }),
          ...(args.end === undefined ? {} : { end: epochOf(args.end) }),
          ...(args.limit === undefined ? {} : { limit: args.limit }),
          ...(args.cursor === undefined ? {} : { cursor: args.cursor }),
        },
        // The caller's tenant's events only (the operator's: every tenant's).
        tenantScopeOf(control.domain.system, call.caller),
      );
      return answer(page, ({ events, nextCursor }) => ({
        events: events.map(auditRecord),
        next_cursor: nextCursor,
      }));
    },
  );
}

const AuditEventSchema = z.object({
  seq: z.number(),
  at: z.string(),
  agent_id: z.string().nullable(),
  principal: z.enum(['agent', 'operator', 'anonymous']),
  session_id: z.string(),
  tenant_id: z.string().nullable(),
  user_id: z.string().nullable(),
  action: z.string(),
  targets: z.record(z.string(), z.string()),
  outcome: z.enum(AUDIT_OUTCOMES),
  error_code: z.string().nullable(),
  args_hash: z.string(),
});

export function auditRecord(event: AuditEvent): z.infer<typeof AuditEventSchema> {
  return {
    seq: event.seq,
    at: isoTime(event.at),
    agent_id: event.agentId,
    principal: event.principal,
    session_id: event.sessionId,
    tenant_id: event.tenantId,
    user_id: event.userId,
    action: event.action,
    targets: { ...event.targets },
    outcome: event.outcome,
    error_code: event.errorCode,
    args_hash: event.argsHash,
  };
}

function epochOf(instant: number | string): number {
  return typeof instant === 'number' ? instant : Date.parse(instant);
}
