/**
 * Who may do what: the access policy (roles of allow/deny patterns, the default role, which
 * roles a role may grant) and its one decision, `decide`, as pure functions — no state, no
 * I/O. The MCP adapter asks it once per tool call or resource read, before anything reaches
 * an actor (`src/mcp/access/`); ownership rules (lock holder, task assignee, session
 * participant) stay in the domain actors that own the records.
 *
 * A pattern names what it permits in one of three ways, each with `*` globs:
 *
 * ```
 *   send_message, memory__read_*     a tool name (a proxied one too)
 *   locks:*, workflows:execute       a permission group and verb (`<group>:<verb>`)
 *   troupe://inbox/*                 a resource URI
 * ```
 *
 * A deny that matches wins over any allow; nothing matched is refused. The operator may do
 * everything; a caller with no identity has the role `anonymous` when the policy defines one,
 * else no role at all (refused `unauthorized`: it could not prove who it is).
 */

/** One role: what it allows, what it denies (wins), and the roles it may give at registration. */
export interface RolePolicy {
  readonly allow: readonly string[];
  readonly deny: readonly string[];
  readonly grants: readonly string[];
}

export interface AccessPolicy {
  readonly roles: ReadonlyMap<string, RolePolicy>;
  /** The role of an agent registered without one (null: such an agent may do nothing). */
  readonly defaultRole: string | null;
}

/** The role of a caller that proved no identity, when the policy defines it. */
export const ANONYMOUS_ROLE = 'anonymous';

/** Who asks, as the adapter proved it. */
export type Principal =
  | { readonly kind: 'operator' }
  | { readonly kind: 'agent'; readonly agentId: string; readonly roles: readonly string[] }
  | { readonly kind: 'anonymous' };

/** What is asked: a tool (its name and the permissions it counts as) or a resource read. */
export interface AccessAction {
  /** The tool's name, or `resources/read` for a resource read. */
  readonly name: string;
  /** `<group>:<verb>` permissions the action counts as (`locks:write`, `workflows:execute`). */
  readonly permissions: readonly string[];
  /** The resource URI read, if any. */
  readonly resource?: string;
}

export type Decision =
  | { readonly allowed: true; readonly by: string }
  | {
      readonly allowed: false;
      /** `unauthorized`: no identity that any role applies to; `forbidden`: the roles do not permit it. */
      readonly code: 'unauthorized' | 'forbidden';
      /** The permission missing (the resource URI, or the tool's name). */
      readonly missing: string;
      readonly message: string;
    };

/** The roles that apply to a principal under `policy` (an agent without roles gets the default). */
export function rolesOf(policy: AccessPolicy, principal: Principal): readonly string[] {
  switch (principal.kind) {
    case 'operator':
      return [];
    case 'anonymous':
      return policy.roles.has(ANONYMOUS_ROLE) ? [ANONYMOUS_ROLE] : [];
    case 'agent':
      if (principal.roles.length > 0) return principal.roles;
      return policy.defaultRole === null ? [] : [policy.defaultRole];
  }
}

/** May `principal` do `action` under `policy`? */
export function decide(policy: AccessPolicy, principal: Principal, action: AccessAction): Decision {
  if (principal.kind === 'operator') return { allowed: true, by: 'operator' };
  const missing = action.resource ?? action.name;
  const roles = rolesOf(policy, principal).filter((role) => policy.roles.has(role));
  if (roles.length === 0) {
    if (principal.kind === 'anonymous')
      return {
        allowed: false,
        code: 'unauthorized',
        missing,
        message: `${missing} needs an identity: prove an agent (agent_id with its agent_token) or the operator`,
      };
    return {
      allowed: false,
      code: 'forbidden',
      missing,
      message: `agent "${principal.agentId}" has no role that the policy defines, so it may not ${missing}`,
    };
  }
  const names = namesOf(action);
  for (const role of roles) {
    const rule = (policy.roles.get(role) as RolePolicy).deny.find((pattern) => matchesAny(pattern, names));
    if (rule !== undefined)
      return {
        allowed: false,
        code: 'forbidden',
        missing,
        message: `permission ${missing} is denied to role "${role}" (deny: ${rule})`,
      };
  }
  for (const role of roles) {
    const rule = (policy.roles.get(role) as RolePolicy).allow.find((pattern) => matchesAny(pattern, names));
    if (rule !== undefined) return { allowed: true, by: `${role}: ${rule}` };
  }
  return {
    allowed: false,
    code: 'forbidden',
    missing,
    message: `permission ${missing} is missing: no role of ${describe(principal)} (${roles.join(', ')}) allows it`,
  };
}

/** May `principal` give `roles` to an agent it registers? The operator may give any. */
export function mayGrant(policy: AccessPolicy, principal: Principal, roles: readonly string[]): Decision {
  for (const role of roles) {
    if (!policy.roles.has(role))
      return {
        allowed: false,
        code: 'forbidden',
        missing: `grant:${role}`,
        message: `role "${role}" is not defined by the policy`,
      };
  }
  if (principal.kind === 'operator' || roles.length === 0) return { allowed: true, by: 'operator' };
  const granting = rolesOf(policy, principal);
  for (const role of roles) {
    const may = granting.some((own) =>
      (policy.roles.get(own)?.grants ?? []).some((pattern) => globMatches(pattern, role)),
    );
    if (!may)
      return {
        allowed: false,
        code: principal.kind === 'anonymous' ? 'unauthorized' : 'forbidden',
        missing: `grant:${role}`,
        message: `permission grant:${role} is missing: only the operator or a role that grants "${role}" may give it`,
      };
  }
  return { allowed: true, by: 'grants' };
}

function describe(principal: Principal): string {
  return principal.kind === 'agent' ? `agent "${principal.agentId}"` : principal.kind;
}

function namesOf(action: AccessAction): readonly string[] {
  return action.resource === undefined
    ? [action.name, ...action.permissions]
    : [action.resource, ...action.permissions];
}

function matchesAny(pattern: string, names: readonly string[]): boolean {
  return names.some((name) => globMatches(pattern, name));
}

const compiled = new Map<string, RegExp>();
const MAX_COMPILED = 4_096;

/** Does `name` match `pattern`, where `*` stands for any run of characters (none included)? */
export function globMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regex = new RegExp(`^${body}$`, 's');
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex.test(name);
}
