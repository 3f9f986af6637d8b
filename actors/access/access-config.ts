/**
 * The access sections of `troupe.config.json|yaml`, validated:
 *
 * ```yaml
 * roles:
 *   coder:    { allow: ["agents:*", "messaging:*", "locks:*", "tasks:*"], grants: [] }
 *   reviewer: { allow: ["fetch_inbox", "evaluate_contribution", "*:read"], deny: ["locks:write"] }
 * default_role: coder        # the role of an agent registered without one
 * token_ttl: 24h             # agent tokens expire (left out: never, as before)
 * session_ttl: 1h            # a session auth context's lifetime (default 1 h)
 * audit_retention: 30d       # audit events older than this are pruned (left out: kept)
 * ```
 *
 * Every problem is reported at once, each naming its path (`roles.coder.allow[2]`). With no
 * `roles` section there is no policy: every call is answered as before (no role checks).
 * It owns the shape; the decision is `policy.ts`'s.
 */
import { z } from 'zod';
import { type Outcome, refuse, TroupeError } from '../../src/kernel/index.js';
import { fieldIssuesOf } from '../validation/unknown-field-hint.js';
import { DurationSchema } from '../workflows/duration.js';
import type { AccessPolicy, RolePolicy } from './policy.js';

export const ROLE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}$/;
export const MAX_ROLES = 256;
export const MAX_PATTERNS = 512;
export const DEFAULT_SESSION_TTL_MS = 3_600_000;

export const RoleNameSchema = z
  .string()
  .regex(ROLE_NAME, 'must be 1 to 64 letters, digits or _ . : - (starting with a letter, digit or _)')
  // A record key `__proto__` would be lost (or worse) on its way through a plain object.
  .refine((name) => name !== '__proto__', 'must not be __proto__');
const PatternSchema = z.string().min(1).max(512);
const Patterns = z.array(PatternSchema).max(MAX_PATTERNS);

export const RolePolicySchema = z
  .object({ allow: Patterns.default([]), deny: Patterns.default([]), grants: Patterns.default([]) })
  .strict();

/** The policy part (what `set_policy` takes too). */
export const PolicySectionsSchema = z
  .object({
    roles: z.record(RoleNameSchema, RolePolicySchema),
    default_role: RoleNameSchema.nullable().optional(),
  })
  .strict();

export interface AccessConfig {
  readonly policy: AccessPolicy | null;
  readonly tokenTtlMs: number | null;
  readonly sessionTtlMs: number;
  readonly auditRetentionMs: number | null;
}

/** The sections this module reads from the config file's top level. */
export const ACCESS_SECTIONS = [
  'roles',
  'default_role',
  'token_ttl',
  'session_ttl',
  'audit_retention',
] as const;

const TopSchema = z.object({
  roles: z.unknown().optional(),
  default_role: z.unknown().optional(),
  token_ttl: DurationSchema.optional(),
  session_ttl: DurationSchema.optional(),
  audit_retention: DurationSchema.optional(),
});

export interface AccessConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** A bad access section: `field` names the first problem's path, the message lists them all. */
export class AccessConfigError extends TroupeError {
  constructor(readonly issues: readonly AccessConfigIssue[]) {
    super(
      'invalid_option',
      `invalid access config: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
      { field: issues[0]?.path ?? 'roles' },
    );
    this.name = 'AccessConfigError';
  }
}

/** Does the parsed config content have any access section? */
export function hasAccessSections(content: object): boolean {
  return ACCESS_SECTIONS.some((section) => Object.hasOwn(content, section));
}

/** The access sections of parsed config content; throws {@link AccessConfigError}. */
export function parseAccessConfig(content: object): AccessConfig {
  const top = TopSchema.safeParse(content);
  if (!top.success) throw new AccessConfigError(fieldIssuesOf(top.error, TopSchema, formatPath));
  const raw = content as { readonly roles?: unknown; readonly default_role?: unknown };
  const policy =
    raw.roles === undefined
      ? null
      : parsePolicy({
          roles: raw.roles,
          ...(raw.default_role === undefined ? {} : { default_role: raw.default_role }),
        });
  if (policy === null && raw.default_role !== undefined)
    throw new AccessConfigError([{ path: 'default_role', message: 'needs a roles section' }]);
  return {
    policy,
    tokenTtlMs: top.data.token_ttl ?? null,
    sessionTtlMs: top.data.session_ttl ?? DEFAULT_SESSION_TTL_MS,
    auditRetentionMs: top.data.audit_retention ?? null,
  };
}

/** A policy from `{ roles, default_role? }`; throws {@link AccessConfigError} naming each path. */
export function parsePolicy(input: unknown): AccessPolicy {
  const rawRoles = (input as { roles?: unknown } | null)?.roles;
  if (typeof rawRoles === 'object' && rawRoles !== null && Object.hasOwn(rawRoles, '__proto__'))
    throw new AccessConfigError([{ path: 'roles.__proto__', message: 'must not be __proto__' }]);
  const parsed = PolicySectionsSchema.safeParse(input);
  if (!parsed.success)
    throw new AccessConfigError(fieldIssuesOf(parsed.error, PolicySectionsSchema, formatPath));
  const roles = new Map<string, RolePolicy>(Object.entries(parsed.data.roles));
  const issues: AccessConfigIssue[] = [];
  if (roles.size > MAX_ROLES) issues.push({ path: 'roles', message: `must have at most ${MAX_ROLES} roles` });
  const defaultRole = parsed.data.default_role ?? null;
  if (defaultRole !== null && !roles.has(defaultRole))
    issues.push({ path: 'default_role', message: `names no role of the roles section ("${defaultRole}")` });
  if (issues.length > 0) throw new AccessConfigError(issues);
  return { roles, defaultRole };
}

/** A policy from a list of named roles (what `set_policy` takes): a refusal for a name given twice or a default naming none. */
export function policyOf(
  roles: readonly (z.output<typeof RolePolicySchema> & { readonly name: string })[],
  defaultRole: string | null,
): Outcome<AccessPolicy> {
  const map = new Map<string, RolePolicy>();
  for (const [index, { name, ...role }] of roles.entries()) {
    if (map.has(name))
      return refuse('invalid_argument', `role "${name}" is given twice`, `roles.${index}.name`);
    map.set(name, role);
  }
  if (defaultRole !== null && !map.has(defaultRole))
    return refuse('invalid_argument', `default_role names no role given ("${defaultRole}")`, 'default_role');
  return { ok: true, value: { roles: map, defaultRole } };
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(config)' : out;
}
