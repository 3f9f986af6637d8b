/**
 * A downstream server's configuration as the gateway uses it: normalized (camelCase,
 * milliseconds, every default filled in), with every default in {@link GATEWAY_DEFAULTS}.
 *
 * The file's own shape (snake_case, seconds where the field says `_s`, the hosts' and seed
 * 001's variants) lives in `server-entry-schema.ts`; turning one into the other lives in
 * `gateway-config-schema.ts`. This module owns only the result and the defaults.
 */

/** How to reach the server: a process on stdio (through the launcher), or Streamable HTTP. */
export type ServerTransportConfig =
  | {
      readonly kind: 'stdio';
      readonly command: string;
      readonly args: readonly string[];
      /** Given to the process on top of the default environment (see `process/child-environment.ts`). */
      readonly env: Readonly<Record<string, string>>;
      readonly cwd?: string;
    }
  | { readonly kind: 'http'; readonly url: string; readonly headers: Readonly<Record<string, string>> };

export interface BackoffConfig {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
}

export interface RestartConfig {
  /** More restarts than this within `windowMs` and the server goes to `crash_loop`. */
  readonly maxRestarts: number;
  readonly windowMs: number;
  readonly backoff: BackoffConfig;
}

/** Retries of a retryable call, with the fields of Step Functions / Temporal retry policies. */
export interface RetryConfig {
  /** Delay before the first retry round (Step Functions `IntervalSeconds`, Temporal `initialInterval`). */
  readonly intervalMs: number;
  /** Each further delay is this many times the last (`BackoffRate`, `backoffCoefficient`). */
  readonly backoffRate: number;
  /** Rounds in all, the first included, as Temporal's `maximumAttempts` (1 = no retry). */
  readonly maxAttempts: number;
  /** No delay exceeds this (`MaxDelaySeconds`, `maximumInterval`). */
  readonly maxDelayMs: number;
  /** `full`: each delay is drawn uniformly in [0, delay] (Step Functions `JitterStrategy: FULL`). */
  readonly jitter: 'none' | 'full';
}

export interface RateConfig {
  readonly perSecond: number;
  readonly burst: number;
}

export interface CacheConfig {
  readonly ttlMs: number;
  /** Globs of the tools cached; empty = every read-only tool (annotation `readOnlyHint`). */
  readonly tools: readonly string[];
  /** Key entries by session too, so that sessions never share a result. */
  readonly perSession: boolean;
}

export interface CanaryConfig {
  readonly tool: string;
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly timeoutMs: number;
}

export interface HealthConfig {
  readonly intervalMs: number;
  /** A check (tools/list and canary) not done within this is `unhealthy`. */
  readonly timeoutMs: number;
  /** A check slower than this is `degraded`. */
  readonly slowMs: number;
}

export interface CircuitConfig {
  readonly failureRatio: number;
  readonly minimumCalls: number;
  readonly windowMs: number;
  readonly openMs: number;
  readonly halfOpenMaxCalls: number;
}

export interface ToolFilterConfig {
  /** Globs of the tools exposed; undefined = all. */
  readonly allow?: readonly string[];
  /** Globs of the tools hidden, even when allowed. */
  readonly deny: readonly string[];
}

export interface ServerConfig {
  /** The key of the entry: the server's name in exposed tool names. */
  readonly name: string;
  /** Seed 001's `name`: a display name. */
  readonly title?: string;
  readonly description?: string;
  readonly transport: ServerTransportConfig;
  /** Variables that must be set (in the entry's `env` or troupe's environment) for the server to start. */
  readonly requiredEnv: readonly string[];
  /** `${VAR}` references in the entry that named unset variables without a default. */
  readonly unresolvedEnv: readonly string[];
  readonly tags: readonly string[];
  readonly capabilities: readonly string[];
  /** The provider group: servers offering the same tools, for failover. */
  readonly provider?: string;
  readonly tools: ToolFilterConfig;
  readonly restart: RestartConfig;
  /** Per downstream call. */
  readonly timeoutMs: number;
  /** How long connecting (spawn + initialize + first tools/list) may take. */
  readonly startupTimeoutMs: number;
  readonly maxConcurrency?: number;
  readonly rate?: RateConfig;
  readonly cache?: CacheConfig;
  /** Stop the server after this long without a call; it starts again on the next one. */
  readonly idleShutdownMs?: number;
  readonly retry: RetryConfig;
  /** Globs of tools retried and failed over even without an idempotent or read-only annotation. */
  readonly retryable: readonly string[];
  /** Tool → the argument whose value is leased for the duration of a call. */
  readonly lockArguments: ReadonlyMap<string, string>;
  /** How long such a call waits for a lease held by another agent; 0: refused at once (`locked`). */
  readonly lockWaitMs: number;
  readonly canary?: CanaryConfig;
  readonly health: HealthConfig;
  readonly circuit: CircuitConfig;
  /** Listed but not started (hosts' `disabled: true`). */
  readonly disabled: boolean;
}

export interface GatewayConfig {
  readonly servers: ReadonlyMap<string, ServerConfig>;
}

/** Every default of the gateway, in one place. */
export const GATEWAY_DEFAULTS = {
  restart: { maxRestarts: 5, windowMs: 60_000, backoff: { initialMs: 500, maxMs: 30_000, factor: 2 } },
  timeoutMs: 60_000,
  startupTimeoutMs: 30_000,
  /** Without a `retry` entry: no retry round (failover to other providers still happens). */
  noRetry: { intervalMs: 1_000, backoffRate: 2, maxAttempts: 1, maxDelayMs: 30_000, jitter: 'full' },
  /** The fields a `retry` entry leaves out (Step Functions' defaults; 3 attempts in all). */
  retry: { intervalMs: 1_000, backoffRate: 2, maxAttempts: 3, maxDelayMs: 30_000, jitter: 'full' },
  canaryTimeoutMs: 5_000,
  lockWaitMs: 30_000,
  health: { intervalMs: 30_000, timeoutMs: 10_000, slowMs: 2_000 },
  circuit: { failureRatio: 0.5, minimumCalls: 5, windowMs: 30_000, openMs: 10_000, halfOpenMaxCalls: 1 },
} as const satisfies {
  restart: RestartConfig;
  timeoutMs: number;
  startupTimeoutMs: number;
  noRetry: RetryConfig;
  retry: RetryConfig;
  canaryTimeoutMs: number;
  lockWaitMs: number;
  health: HealthConfig;
  circuit: CircuitConfig;
};
