/**
 * What changed between two gateway configs, server by server, so that a reload touches
 * only what it must: servers added are started, servers removed are stopped, and a
 * changed server is restarted only when a field that shapes its process or connection
 * changed ({@link RESTART_FIELDS}); any other change (timeouts, limits, cache, retry,
 * tool filters, health) is applied to the running server.
 *
 * Entries are compared by the canonical JSON of their normalized form, so a reordered
 * file, a default written out, or `servers` moved to `mcpServers` changes nothing.
 */
import { canonicalJson } from '../canonical-json.js';
import type { GatewayConfig, ServerConfig } from './server-config.js';

/** Fields whose change needs a new process or connection. */
export const RESTART_FIELDS: ReadonlySet<keyof ServerConfig> = new Set<keyof ServerConfig>([
  'transport',
  'requiredEnv',
  'unresolvedEnv',
  'startupTimeoutMs',
  'disabled',
]);

export interface ServerChange {
  readonly name: string;
  /** Top-level fields of the entry that differ, sorted. */
  readonly fields: readonly (keyof ServerConfig)[];
  /** Whether one of them is in {@link RESTART_FIELDS}. */
  readonly restart: boolean;
}

export interface ConfigDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly ServerChange[];
  readonly unchanged: readonly string[];
}

export function diffConfigs(previous: GatewayConfig, next: GatewayConfig): ConfigDiff {
  const added: string[] = [];
  const removed: string[] = [];
  const changed: ServerChange[] = [];
  const unchanged: string[] = [];
  for (const name of previous.servers.keys()) if (!next.servers.has(name)) removed.push(name);
  for (const [name, server] of next.servers) {
    const before = previous.servers.get(name);
    if (before === undefined) {
      added.push(name);
      continue;
    }
    const fields = changedFields(before, server);
    if (fields.length === 0) unchanged.push(name);
    else changed.push({ name, fields, restart: fields.some((field) => RESTART_FIELDS.has(field)) });
  }
  changed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { added: added.sort(), removed: removed.sort(), changed, unchanged: unchanged.sort() };
}

/** Is there anything to do? */
export function isEmptyDiff(diff: ConfigDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

function changedFields(before: ServerConfig, after: ServerConfig): (keyof ServerConfig)[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof ServerConfig)[]);
  return [...keys].filter((key) => comparable(before[key]) !== comparable(after[key])).sort();
}

function comparable(value: unknown): string {
  if (value === undefined) return 'undefined';
  return canonicalJson(value instanceof Map ? [...value.entries()].sort() : value);
}
