/**
 * The environment a stdio server starts with — what MCP hosts give it, plus what its
 * entry asks for:
 *
 * 1. the SDK's default set taken from troupe's environment (`HOME`, `LOGNAME`, `PATH`,
 *    `SHELL`, `TERM`, `USER`), as Claude Desktop and the SDK's own stdio transport do —
 *    a server never sees troupe's other variables (API keys of other servers) by accident;
 * 2. each variable of the entry's `required_env` that troupe's environment has, since
 *    naming a variable as required is asking for it (seed 001's servers read their keys
 *    from the environment);
 * 3. the entry's `env`, which wins over both.
 *
 * `findMissingEnv` says which required variables are not satisfied by either source.
 */
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Environment } from '../config/env-expansion.js';
import type { ServerConfig } from '../config/server-config.js';

export function childEnvironment(
  requiredEnv: readonly string[],
  entryEnv: Readonly<Record<string, string>>,
  parentEnv: Environment,
): Record<string, string> {
  const env: Record<string, string> = getDefaultEnvironment();
  for (const name of requiredEnv) {
    const value = parentEnv[name];
    if (value !== undefined) env[name] = value;
  }
  return Object.assign(env, entryEnv);
}

/**
 * The variables a server lacks, in the order named: each of `required_env` that neither
 * its `env` (stdio servers) nor troupe's environment sets to a non-empty value, then the
 * `${VAR}` references left unresolved when the config was loaded.
 */
export function findMissingEnv(config: ServerConfig, parentEnv: Environment): string[] {
  const entryEnv = config.transport.kind === 'stdio' ? config.transport.env : {};
  const missing = config.requiredEnv.filter(
    (name) => !hasValue(entryEnv, name) && !hasValue(parentEnv, name),
  );
  for (const name of config.unresolvedEnv) if (!missing.includes(name)) missing.push(name);
  return missing;
}

function hasValue(env: Environment, name: string): boolean {
  const value = Object.hasOwn(env, name) ? env[name] : undefined;
  return value !== undefined && value !== '';
}
