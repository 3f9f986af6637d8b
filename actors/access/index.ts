/**
 * The access domain's public entry (`troupe`'s `access` namespace): the policy and its
 * decision (`decide`, `mayGrant`, `rolesOf`), the config sections it comes from
 * (`parseAccessConfig`, `parsePolicy`, `policyOf`), and the audit log (`startAuditLog`,
 * `queryAuditEvents`) — what an embedding service needs to check a permission itself.
 */
export {
  type AccessConfig,
  AccessConfigError,
  parseAccessConfig,
  parsePolicy,
  policyOf,
} from './access-config.js';
export { AuditLog, type AuditPage, type AuditQuery, queryAuditEvents, startAuditLog } from './audit/api.js';
export type { AuditEntry, AuditEvent } from './audit/audit-event.js';
/** seed 004's `checkPermission(user, resource, action)`: may `principal` do `action` (on `resource`) under `policy`? */
export { checkPermission } from './check-permission.js';
export {
  type AccessAction,
  type AccessPolicy,
  ANONYMOUS_ROLE,
  type Decision,
  decide,
  mayGrant,
  type Principal,
  type RolePolicy,
  rolesOf,
} from './policy.js';
