/**
 * The config file `troupe serve` reads (`--config`, or `troupe.config.json|yaml|yml` in the
 * data dir's parent), read and parsed once, each part handed its own section: the gateway
 * its sections (`mcpServers`, `servers`, `gateway`, `orchestrator`) and the alert engine the
 * `alerts` section, and the access control its `roles`, `default_role`, `token_ttl`,
 * `session_ttl` and `audit_retention` (`actors/access/access-config.ts`), the call limits
 * their `limits` (`src/mcp/limits/limits-config.ts`). The gateway runs unless the file has an
 * `alerts`, access or `limits` section and none of the gateway's: a file with only `alerts`,
 * `roles` or `limits` starts no empty gateway. Either part invalid
 * refuses the file (its error names each path). It owns the split, not the sections' schemas.
 */
import { readFile } from 'node:fs/promises';
import {
  type AccessConfig,
  hasAccessSections,
  parseAccessConfig,
} from '../../../actors/access/access-config.js';
import { parseGatewayConfig } from '../../../actors/gateway/config/gateway-config-schema.js';
import { parseConfigText } from '../../../actors/gateway/config/load-config.js';
import { GatewayConfigError } from '../../../actors/gateway/errors.js';
import { type AlertRule, parseAlertRules } from '../../mcp/alerts/alert-config.js';
import {
  type CallLimitsConfig,
  hasLimitsSection,
  parseLimitsConfig,
} from '../../mcp/limits/limits-config.js';
import type { GatewayFile } from './gateway-host.js';

const GATEWAY_SECTIONS = ['mcpServers', 'servers', 'gateway', 'orchestrator'] as const;

export interface ConfigFile {
  readonly file: string;
  /** The gateway's part (absent for a file with `alerts` and no gateway section). */
  readonly gateway?: GatewayFile;
  /** The `alerts` section's rules, when the file has one. */
  readonly alerts?: AlertsFile;
  /** The access sections, when the file has any. */
  readonly access?: AccessFile;
  /** The `limits` section, when the file has one. */
  readonly limits?: LimitsFile;
}

export interface LimitsFile {
  readonly file: string;
  readonly config: CallLimitsConfig;
  /** The file's text the limits came from (a reload with the same text changes nothing). */
  readonly text: string;
}

export interface AccessFile {
  readonly file: string;
  readonly config: AccessConfig;
  /** The file's text the config came from (a reload with the same text changes nothing). */
  readonly text: string;
}

export interface AlertsFile {
  readonly file: string;
  readonly rules: readonly AlertRule[];
  /** The file's text the rules came from (a reload with the same text changes nothing). */
  readonly text: string;
}

/** Read `file` once and hand each part its section; throws `GatewayConfigError`, `AlertConfigError`, `AccessConfigError` or `LimitsConfigError`. */
export async function loadConfigFile(file: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new GatewayConfigError(
      [{ path: '(file)', message: `cannot be read: ${(error as Error).message}` }],
      file,
    );
  }
  const content = parseConfigText(text, file);
  // Not an object: the gateway's parser refuses it, naming the problem.
  if (typeof content !== 'object' || content === null || Array.isArray(content))
    parseGatewayConfig(content, { env: process.env, file });
  const sections = content as object;
  const access = hasAccessSections(sections)
    ? { file, config: parseAccessConfig(sections), text }
    : undefined;
  const limits = hasLimitsSection(sections) ? { file, config: parseLimitsConfig(sections), text } : undefined;
  const runsGateway =
    GATEWAY_SECTIONS.some((section) => section in sections) ||
    !('alerts' in sections || access !== undefined || limits !== undefined);
  const gateway = runsGateway
    ? { file, config: parseGatewayConfig(content, { env: process.env, file }) }
    : undefined;
  const alerts = 'alerts' in sections ? { file, rules: parseAlertRules(content), text } : undefined;
  return {
    file,
    ...(gateway ? { gateway } : {}),
    ...(alerts ? { alerts } : {}),
    ...(access ? { access } : {}),
    ...(limits ? { limits } : {}),
  };
}
