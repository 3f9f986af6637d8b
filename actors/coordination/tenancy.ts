/**
 * Tenants: which tenant a caller acts in, which tenant a stored entity belongs to, and the
 * one rule between them — nothing crosses tenants. An agent's tenant is the one its access
 * entry names (given at registration from the registering session's auth context); a
 * session, task, lock or workflow run takes its creator's tenant when it is made; anything
 * stored without one (made before tenants, or without access control) is the default
 * tenant's (`null`). The operator stands above tenants and sees every one.
 *
 * The facades apply the rule on their read paths: a list leaves out another tenant's
 * entities, and an id of another tenant is answered exactly as an id that does not exist
 * (`not_found`, `unknown_agent`, …), so ids do not leak across tenants. Not here: proving
 * who the caller is (the adapter), the policy's roles (`actors/access/policy.ts`).
 *
 * Table read (written by `agent:<id>`): agent-access [id] → AgentAccess (its `tenantId`).
 */
import type { ActorSystem } from '../../src/kernel/index.js';
import { AGENT_ACCESS_TABLE, type AgentAccess } from './agents/agent-access.js';
import type { Caller } from './caller.js';

/** The tenant of everything stored without one. */
export const DEFAULT_TENANT = null;

/** What a caller may see: every tenant (the operator), or one. */
export type TenantScope =
  | { readonly kind: 'every' }
  | { readonly kind: 'one'; readonly tenantId: string | null };

export const EVERY_TENANT: TenantScope = Object.freeze({ kind: 'every' });

/** An entity that may carry a tenant (absent: the default tenant's). */
export interface Tenanted {
  readonly tenantId?: string | null;
}

/** The tenant an agent belongs to, from its access entry (none: the default tenant). */
export function agentTenant(system: ActorSystem, agentId: string): string | null {
  return system.table<AgentAccess>(AGENT_ACCESS_TABLE).get([agentId])?.tenantId ?? DEFAULT_TENANT;
}

/**
 * The tenants `caller` sees: an agent its own (whatever the caller claims), an anonymous
 * caller the one the adapter gave it (an attached auth context's), the operator every one.
 */
export function tenantScopeOf(system: ActorSystem, caller: Caller): TenantScope {
  switch (caller.kind) {
    case 'operator':
      return EVERY_TENANT;
    case 'agent':
      return { kind: 'one', tenantId: agentTenant(system, caller.agentId) };
    case 'anonymous':
      return { kind: 'one', tenantId: caller.tenantId ?? DEFAULT_TENANT };
  }
}

/** The tenant an entity `caller` creates belongs to (the operator's: the default tenant). */
export function creationTenant(system: ActorSystem, caller: Caller): string | null {
  const scope = tenantScopeOf(system, caller);
  return scope.kind === 'one' ? scope.tenantId : DEFAULT_TENANT;
}

/** The tenant a stored entity belongs to. */
export function tenantOf(entity: Tenanted): string | null {
  return entity.tenantId ?? DEFAULT_TENANT;
}

/** Is an entity of `tenantId` visible in `scope`? */
export function isInScope(scope: TenantScope, tenantId: string | null | undefined): boolean {
  return scope.kind === 'every' || scope.tenantId === (tenantId ?? DEFAULT_TENANT);
}

/** Is the stored entity visible to `caller`? */
export function isVisibleTo(system: ActorSystem, entity: Tenanted, caller: Caller): boolean {
  return isInScope(tenantScopeOf(system, caller), tenantOf(entity));
}

/** Is the agent `agentId` in `scope` (an unregistered one is the default tenant's)? */
export function isAgentInScope(system: ActorSystem, scope: TenantScope, agentId: string): boolean {
  return scope.kind === 'every' || agentTenant(system, agentId) === scope.tenantId;
}

/** The `tenantId` field a record is stored with: absent for the default tenant (records stay as they were). */
export function tenantField(tenantId: string | null): { readonly tenantId?: string } {
  return tenantId === DEFAULT_TENANT ? {} : { tenantId };
}
