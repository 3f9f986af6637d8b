/**
 * Access control as the runtime host runs it: the audit log (`actors/access/audit/`, with the
 * file's `audit_retention`), the `AccessControl` every session's gate consults
 * (`src/mcp/access/`), and the policy kept in step with the config file — a valid change of
 * the `roles` / `default_role` sections replaces the policy without a restart (as the alerts
 * and the gateway follow their sections), an invalid one is logged and the running policy
 * kept (`config-follow.ts`). The operator's `set_policy` replaces it too, until the file changes
 * again. It owns the wiring, not the rules.
 */
import type { Logger } from 'pino';
import {
  type AccessConfig,
  DEFAULT_SESSION_TTL_MS,
  parseAccessConfig,
} from '../../../actors/access/access-config.js';
import { startAuditLog } from '../../../actors/access/audit/api.js';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import type { ActorSystem } from '../../kernel/index.js';
import { AccessControl } from '../../mcp/access/access-control.js';
import type { AccessFile } from './config-file.js';
import { followConfigSection } from './config-follow.js';

export interface HostedAccess {
  readonly control: AccessControl;
  stop(): void;
}

const NO_ACCESS_SECTIONS: AccessConfig = {
  policy: null,
  tokenTtlMs: null,
  sessionTtlMs: DEFAULT_SESSION_TTL_MS,
  auditRetentionMs: null,
};

export async function startHostedAccess(
  system: ActorSystem,
  options: {
    readonly source?: AccessFile;
    readonly adminToken: string | null;
    readonly domain: AgentsDomain;
    readonly log: Logger;
  },
): Promise<HostedAccess> {
  const { source, log } = options;
  const config = source?.config ?? NO_ACCESS_SECTIONS;
  const audit = await startAuditLog(system, config.auditRetentionMs);
  const control = new AccessControl({
    config,
    adminToken: options.adminToken,
    domain: options.domain,
    audit,
    log,
  });
  log.info(
    {
      roles: config.policy ? [...config.policy.roles.keys()] : null,
      operator: options.adminToken !== null,
      tokenTtlMs: config.tokenTtlMs,
      auditRetentionMs: config.auditRetentionMs,
    },
    'troupe serve: access control on',
  );
  if (source === undefined) return { control, stop() {} };
  const stopFollowing = followConfigSection({
    file: source.file,
    text: source.text,
    what: 'roles policy',
    log,
    apply: (content) => {
      const next = parseAccessConfig(typeof content === 'object' && content !== null ? content : {});
      control.setPolicy(next.policy);
      return { roles: next.policy ? [...next.policy.roles.keys()] : null };
    },
  });
  return {
    control,
    stop: stopFollowing,
  };
}
