/**
 * The gateway's section of `troupe.config.json|yaml`, from parsed file content to a
 * validated, normalized {@link GatewayConfig}:
 *
 * ```jsonc
 * {
 *   "mcpServers": { "<server>": { …entry… } },      // the format MCP hosts use
 *   "servers":    { "<server>": { …entry… } },      // seed 001's section, same entries
 *   "orchestrator": { "default_timeout": 30, "retry_attempts": 3 },  // seed 001: seconds, attempts in all
 *   "gateway": { "defaults": { "timeout_ms": 30000, "restart": { … }, … } }
 * }
 * ```
 *
 * Other top-level sections belong to the rest of troupe and are left alone. Every problem
 * is collected (not only the first) and reported in one {@link GatewayConfigError}, each
 * naming its path. A field of an entry falls back to `gateway.defaults`, then to
 * `orchestrator`, then to {@link GATEWAY_DEFAULTS}; nested objects (`restart`, `retry`,
 * `health`, …) fall back field by field. The entry schema is in `server-entry-schema.ts`.
 */
import { z } from 'zod';
import { type ConfigIssue, GatewayConfigError } from '../errors.js';
import { compileGlobs } from '../glob.js';
import { isServerName, MAX_SERVER_NAME_LENGTH } from '../naming.js';
import { formatPath, issuesOf } from './config-issues.js';
import { type Environment, expandEntry } from './env-expansion.js';
import { GATEWAY_DEFAULTS, type GatewayConfig, type ServerConfig } from './server-config.js';
import {
  type DefaultsEntry,
  DefaultsEntrySchema,
  expected,
  type ServerEntry,
  ServerEntrySchema,
} from './server-entry-schema.js';

const SERVER_SECTIONS = ['mcpServers', 'servers'] as const;

const OrchestratorSchema = z
  .object({
    default_timeout: z.number(expected('a number of seconds')).positive({ error: 'must be > 0' }).optional(),
    retry_attempts: z
      .number(expected('a number'))
      .int({ error: 'must be an integer' })
      .positive({ error: 'must be > 0' })
      .optional(),
    port: z.unknown().optional(),
  })
  .strict();

const GatewaySectionSchema = z.object({ defaults: DefaultsEntrySchema.optional() }).strict();

export interface ParseOptions {
  /** Where `${VAR}` references are looked up (default: nothing is set). */
  readonly env?: Environment;
  /** Named in the error, when the config came from a file. */
  readonly file?: string;
}

/** Validate and normalize the gateway's sections of parsed config content; throws {@link GatewayConfigError}. */
export function parseGatewayConfig(content: unknown, options: ParseOptions = {}): GatewayConfig {
  const issues: ConfigIssue[] = [];
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw new GatewayConfigError([{ path: '(config)', message: 'must be an object' }], options.file);
  }
  const top = content as Record<string, unknown>;
  const orchestrator = check(OrchestratorSchema, top.orchestrator ?? {}, ['orchestrator'], issues);
  const gateway = check(GatewaySectionSchema, top.gateway ?? {}, ['gateway'], issues);
  const entries = new Map<string, CheckedEntry>();
  const seen = new Set<string>();
  for (const section of SERVER_SECTIONS) {
    const raw = top[section];
    if (raw === undefined) continue;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      issues.push({ path: section, message: 'must be an object: server name → entry' });
      continue;
    }
    for (const [name, rawEntry] of Object.entries(raw)) {
      const path = [section, name];
      if (!isServerName(name)) {
        issues.push({ path: formatPath(path), message: serverNameWording });
        continue;
      }
      if (seen.has(name)) {
        issues.push({ path: formatPath(path), message: 'is defined twice (in mcpServers and servers)' });
        continue;
      }
      seen.add(name);
      const expanded = expandEntry(rawEntry, options.env ?? {});
      const entry = check(ServerEntrySchema, expanded.entry, path, issues);
      if (entry) entries.set(name, { entry, unresolved: expanded.unresolved, section });
    }
  }
  issues.push(...providerIssues(entries, gateway?.defaults?.provider));
  if (issues.length > 0) throw new GatewayConfigError(issues, options.file);
  const defaults = withOrchestrator(gateway?.defaults ?? {}, orchestrator ?? {});
  const servers = new Map<string, ServerConfig>();
  for (const [name, { entry, unresolved }] of entries) {
    servers.set(name, normalizeServer(name, entry, defaults, unresolved));
  }
  return { servers };
}

interface CheckedEntry {
  readonly entry: ServerEntry;
  readonly unresolved: readonly string[];
  readonly section: (typeof SERVER_SECTIONS)[number];
}

/**
 * A provider group's name is used like a server's (it starts exposed tool names), so it
 * follows the same rule, and it may not be the name of a server outside the group.
 */
function providerIssues(entries: ReadonlyMap<string, CheckedEntry>, defaultProvider?: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, { entry, section }] of entries) {
    const provider = entry.provider ?? defaultProvider;
    if (provider === undefined) continue;
    const path = formatPath([section, name, 'provider']);
    if (!isServerName(provider)) issues.push({ path, message: serverNameWording });
    const namesake = entries.get(provider);
    if (namesake && (namesake.entry.provider ?? defaultProvider) !== provider) {
      issues.push({ path, message: `names server "${provider}", which is not in group "${provider}"` });
    }
  }
  return issues;
}

const serverNameWording =
  `is not a valid server name: letters, digits, "-" and single "_" inside, ` +
  `at most ${MAX_SERVER_NAME_LENGTH} characters (it starts every exposed tool name)`;

function check<T extends z.ZodType>(
  schema: T,
  value: unknown,
  root: readonly PropertyKey[],
  issues: ConfigIssue[],
): z.output<T> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  issues.push(...issuesOf(result.error, root, schema));
  return undefined;
}

/** Seed 001's `orchestrator` section, as defaults under `gateway.defaults`. */
function withOrchestrator(
  defaults: DefaultsEntry,
  orchestrator: z.output<typeof OrchestratorSchema>,
): DefaultsEntry {
  return {
    ...defaults,
    timeout_ms:
      defaults.timeout_ms ??
      (orchestrator.default_timeout === undefined
        ? undefined
        : Math.round(orchestrator.default_timeout * 1000)),
    retry:
      defaults.retry ??
      (orchestrator.retry_attempts === undefined ? undefined : { max_attempts: orchestrator.retry_attempts }),
  };
}

function normalizeServer(
  name: string,
  entry: ServerEntry,
  defaults: DefaultsEntry,
  unresolvedEnv: readonly string[],
): ServerConfig {
  const D = GATEWAY_DEFAULTS;
  const restart = { ...defaults.restart, ...entry.restart };
  const backoff = { ...defaults.restart?.backoff, ...entry.restart?.backoff };
  const retryEntry = (entry.retry ?? defaults.retry) ? { ...defaults.retry, ...entry.retry } : undefined;
  const retryBase = retryEntry ? D.retry : D.noRetry;
  const rate = (entry.rate ?? defaults.rate) ? { ...defaults.rate, ...entry.rate } : undefined;
  const cache = (entry.cache ?? defaults.cache) ? { ...defaults.cache, ...entry.cache } : undefined;
  const health = { ...defaults.health, ...entry.health };
  const circuit = { ...defaults.circuit, ...entry.circuit };
  const idleShutdownS = entry.idle_shutdown_s ?? defaults.idle_shutdown_s;
  const maxConcurrency = entry.max_concurrency ?? defaults.max_concurrency;
  const provider = entry.provider ?? defaults.provider;
  const timeoutMs = entry.timeout_ms ?? defaults.timeout_ms ?? D.timeoutMs;
  const tools = Array.isArray(entry.tools) ? { allow: entry.tools } : (entry.tools ?? {});
  return {
    name,
    ...(entry.name === undefined ? {} : { title: entry.name }),
    ...(entry.description === undefined ? {} : { description: entry.description }),
    transport:
      entry.command !== undefined
        ? {
            kind: 'stdio',
            command: entry.command,
            args: entry.args ?? [],
            env: entry.env ?? {},
            ...(entry.cwd === undefined ? {} : { cwd: entry.cwd }),
          }
        : { kind: 'http', url: entry.url ?? '', headers: entry.headers ?? {} },
    requiredEnv: entry.required_env ?? [],
    unresolvedEnv,
    tags: entry.tags ?? defaults.tags ?? [],
    capabilities: entry.capabilities ?? defaults.capabilities ?? [],
    ...(provider === undefined ? {} : { provider }),
    tools: { ...(tools.allow === undefined ? {} : { allow: tools.allow }), deny: tools.deny ?? [] },
    restart: {
      maxRestarts: restart.max_restarts ?? D.restart.maxRestarts,
      windowMs: restart.window_s === undefined ? D.restart.windowMs : restart.window_s * 1000,
      backoff: {
        initialMs: backoff.initial_ms ?? D.restart.backoff.initialMs,
        maxMs: backoff.max_ms ?? D.restart.backoff.maxMs,
        factor: backoff.factor ?? D.restart.backoff.factor,
      },
    },
    timeoutMs,
    startupTimeoutMs: entry.startup_timeout_ms ?? defaults.startup_timeout_ms ?? D.startupTimeoutMs,
    ...(maxConcurrency === undefined ? {} : { maxConcurrency }),
    ...(rate?.per_second === undefined
      ? {}
      : {
          rate: { perSecond: rate.per_second, burst: rate.burst ?? Math.max(1, Math.ceil(rate.per_second)) },
        }),
    ...(cache?.ttl_s === undefined
      ? {}
      : {
          cache: {
            ttlMs: cache.ttl_s * 1000,
            tools: cache.tools ?? [],
            perSession: cache.per_session ?? false,
          },
        }),
    ...(idleShutdownS === undefined ? {} : { idleShutdownMs: idleShutdownS * 1000 }),
    retry: {
      intervalMs: retryEntry?.interval_ms ?? retryBase.intervalMs,
      backoffRate: retryEntry?.backoff_rate ?? retryBase.backoffRate,
      maxAttempts: retryEntry?.max_attempts ?? retryBase.maxAttempts,
      maxDelayMs: retryEntry?.max_delay_ms ?? retryBase.maxDelayMs,
      jitter: retryEntry?.jitter ?? retryBase.jitter,
    },
    retryable: entry.retryable ?? defaults.retryable ?? [],
    lockArguments: new Map(Object.entries(entry.lock_argument ?? {})),
    lockWaitMs: entry.lock_wait_s === undefined ? D.lockWaitMs : Math.round(entry.lock_wait_s * 1000),
    ...(entry.canary === undefined
      ? {}
      : {
          canary: {
            tool: entry.canary.tool,
            arguments: entry.canary.arguments ?? {},
            timeoutMs: entry.canary.timeout_ms ?? D.canaryTimeoutMs,
          },
        }),
    health: {
      intervalMs: health.interval_s === undefined ? D.health.intervalMs : health.interval_s * 1000,
      timeoutMs: health.timeout_ms ?? D.health.timeoutMs,
      slowMs: health.slow_ms ?? D.health.slowMs,
    },
    circuit: {
      failureRatio: circuit.failure_ratio ?? D.circuit.failureRatio,
      minimumCalls: circuit.minimum_calls ?? D.circuit.minimumCalls,
      windowMs: circuit.window_s === undefined ? D.circuit.windowMs : circuit.window_s * 1000,
      openMs: circuit.open_s === undefined ? D.circuit.openMs : circuit.open_s * 1000,
      halfOpenMaxCalls: circuit.half_open_max_calls ?? D.circuit.halfOpenMaxCalls,
    },
    disabled: entry.disabled === true || entry.enabled === false,
  };
}

/** Is `tool` exposed under the server's `tools: { allow, deny }`? */
export function createToolFilter(config: ServerConfig): (tool: string) => boolean {
  const allowed = config.tools.allow === undefined ? () => true : compileGlobs(config.tools.allow);
  const denied = compileGlobs(config.tools.deny);
  return (tool) => allowed(tool) && !denied(tool);
}
