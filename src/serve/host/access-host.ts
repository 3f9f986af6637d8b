/**
 * Access control as the runtime host runs it: the audit log (`actors/access/audit/`, with the
 * file's `audit_retention`), the `AccessControl` every session's gate consults
 * (`src/mcp/access/`), and the policy kept in step with the config file — a valid change of
 * the `roles` / `default_role` sections replaces the policy without a restart (as the alerts
 * and the gateway follow their sections), an invalid one is logged and the running policy
 * kept. The operator's `set_policy` replaces it too, until the file changes again. It owns
 * the watch, not the rules.
 */
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import {
  type AccessConfig,
  DEFAULT_SESSION_TTL_MS,
  parseAccessConfig,
} from '../../../actors/access/access-config.js';
import { startAuditLog } from '../../../actors/access/audit/api.js';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { parseConfigText } from '../../../actors/gateway/config/load-config.js';
import type { ActorSystem } from '../../kernel/index.js';
import { AccessControl } from '../../mcp/access/access-control.js';
import type { AccessFile } from './config-file.js';

const DEBOUNCE_MS = 100;

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
  let lastText = source.text;
  let timer: NodeJS.Timeout | undefined;
  const reload = async () => {
    let text: string;
    try {
      text = await readFile(source.file, 'utf8');
    } catch {
      return;
    }
    if (text === lastText) return;
    lastText = text;
    try {
      const content = parseConfigText(text, source.file);
      const next = parseAccessConfig(typeof content === 'object' && content !== null ? content : {});
      control.setPolicy(next.policy);
      log.info(
        { file: source.file, roles: next.policy ? [...next.policy.roles.keys()] : null },
        'troupe serve: roles policy reloaded',
      );
    } catch (error) {
      log.warn(
        { file: source.file, error: (error as Error).message },
        'troupe serve: roles policy is invalid; the running one is kept',
      );
    }
  };
  const name = basename(source.file);
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dirname(source.file), (_event, changed) => {
      if (changed !== null && changed.toString() !== name) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), DEBOUNCE_MS);
    });
    watcher.on('error', (error) =>
      log.warn({ file: source.file, error: error.message }, 'troupe serve: access config watch failed'),
    );
  } catch (error) {
    log.warn(
      { file: source.file, error: (error as Error).message },
      'troupe serve: access config is not followed',
    );
  }
  return {
    control,
    stop() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
