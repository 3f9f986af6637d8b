/**
 * The gateway's core: troupe in front of the MCP servers a team already uses. Everything
 * here works without the actor runtime — the actor per server and the MCP tools that
 * expose the gateway are built on it elsewhere.
 *
 * - config: the `mcpServers` / `servers` sections of `troupe.config.json|yaml`, validated
 *   with every error naming its path, `${VAR}` expansion, diffs, a file watcher;
 * - process: stdio servers run through a launcher in a process group of their own, which
 *   never outlives troupe;
 * - connection: one server kept connected (restart with backoff, crash loop, missing env,
 *   idle shutdown), health at the capability level, calls with timeout, cancellation,
 *   progress and logs;
 * - naming: `<server>__<tool>` within what hosts accept, both ways;
 * - routing: provider groups, failover that never duplicates an effect, breaker, rate and
 *   concurrency limits, retries with backoff;
 * - cache: results of read-only tools shared across agents for their TTL.
 */
export { canonicalHash, canonicalJson } from './canonical-json.js';
export { type ConfigDiff, diffConfigs, RESTART_FIELDS, type ServerChange } from './config/config-diff.js';
export { type ConfigWatchEvent, type ConfigWatcher, watchGatewayConfig } from './config/config-watcher.js';
export { type Environment, expandText } from './config/env-expansion.js';
export { createToolFilter, parseGatewayConfig } from './config/gateway-config-schema.js';
export { CONFIG_FILE_NAMES, findConfigFile, loadGatewayConfig } from './config/load-config.js';
export { GATEWAY_DEFAULTS, type GatewayConfig, type ServerConfig } from './config/server-config.js';
export type { ConnectionEvent, ConnectionState, ConnectionStateKind } from './connection/connection-state.js';
export type { HealthReport, HealthStatus } from './connection/health-check.js';
export { ServerConnection } from './connection/server-connection.js';
export type { ServerConnectionOptions } from './connection/server-lifecycle.js';
export type { CallOptions } from './connection/server-session.js';
export { toolListHash } from './connection/tool-catalog.js';
export {
  type ConfigIssue,
  GATEWAY_ERROR_CODES,
  GATEWAY_ERROR_MEANINGS,
  GatewayConfigError,
  GatewayError,
  type GatewayErrorCode,
  hasGatewayCode,
  isGatewayError,
} from './errors.js';
export {
  type ExposedTool,
  type GatewayCallOptions,
  type GatewayCallResult,
  GatewayCore,
  type GatewayCoreOptions,
} from './gateway-core.js';
export { type DownstreamTool, isServerName, TOOL_NAME_PATTERN, ToolNameTable } from './naming.js';
export { ProcessGroupTransport } from './process/process-group-transport.js';
export { type CacheKeyParts, ResultCache } from './result-cache.js';
export { ProviderIndex, type RoutedTool, type ServerOffer } from './routing/provider-index.js';
export { retryDelayMs } from './routing/retry-policy.js';
export {
  type CandidateHealth,
  type RouteOutcome,
  type RouteRequest,
  Router,
  type RouterDeps,
} from './routing/router.js';
export { realSleep, ServerGuard, type ServerLimits, type Sleep } from './routing/server-guard.js';
export { type FailureKind, failureKind, isCacheableTool, isRetryableTool } from './routing/tool-policy.js';
