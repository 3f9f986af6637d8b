/**
 * `checkPermission`: seed 004's `checkPermission(user, resource, action, context)` over the
 * policy, for an embedding service — the same decision the MCP adapter's gate makes
 * (`policy.ts`'s `decide`), answered as `{ allowed, reason }`.
 */
import { type AccessPolicy, decide, type Principal } from './policy.js';

export interface PermissionAnswer {
  readonly allowed: boolean;
  /** Which role and pattern allowed it, or why not (naming the missing permission). */
  readonly reason: string;
}

/** May `principal` do `action` (a tool name or `<group>:<verb>`), on `resource` if given? */
export function checkPermission(
  policy: AccessPolicy,
  principal: Principal,
  action: string,
  resource?: string,
): PermissionAnswer {
  const decision = decide(policy, principal, {
    name: action,
    permissions: action.includes(':') ? [action] : [],
    ...(resource === undefined ? {} : { resource }),
  });
  return decision.allowed
    ? { allowed: true, reason: `allowed by ${decision.by}` }
    : { allowed: false, reason: decision.message };
}
