/**
 * The gateway: troupe in front of the MCP servers a team already uses.
 *
 * - embedding: `startGateway(system, config)` runs it as supervised actors — a directory
 *   (`directory/`: names, provider groups, routing, the shared cache, reloads) and one
 *   actor per server (`server/`: its connection, restarts, health, calls) — and returns
 *   the `Gateway` handle; actors call tools with the directory's messages
 *   (`directory/directory-messages.ts`);
 *
 * The core below works without the actor runtime (`GatewayCore` drives it in process):
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
export {
  type AttemptSummary,
  type GatewayCallEvent,
  IDEMPOTENCY_META_KEY,
  type LogMessage,
  type ToolCallResult,
} from './call-events.js';
export { canonicalHash, canonicalJson } from './canonical-json.js';
export { Catalog } from './catalog.js';
export { type ConfigDiff, diffConfigs, RESTART_FIELDS, type ServerChange } from './config/config-diff.js';
export { type ConfigWatchEvent, type ConfigWatcher, watchGatewayConfig } from './config/config-watcher.js';
export {
  configFromWire,
  configToWire,
  type GatewayConfigWire,
  isGatewayConfig,
  type ServerConfigWire,
} from './config/config-wire.js';
export { type Environment, expandText } from './config/env-expansion.js';
export { createToolFilter, parseGatewayConfig } from './config/gateway-config-schema.js';
export { CONFIG_FILE_NAMES, findConfigFile, loadGatewayConfig } from './config/load-config.js';
export { GATEWAY_DEFAULTS, type GatewayConfig, type ServerConfig } from './config/server-config.js';
export type { ConnectionEvent, ConnectionState, ConnectionStateKind } from './connection/connection-state.js';
export type { HealthReport, HealthStatus } from './connection/health-check.js';
export { ServerConnection } from './connection/server-connection.js';
export type { ServerConnectionOptions } from './connection/server-lifecycle.js';
export type { CallOptions } from './connection/server-session.js';
export { refusalFor } from './connection/state-refusal.js';
export { toolListHash } from './connection/tool-catalog.js';
export { type DirectoryArgs, GatewayDirectory } from './directory/directory-actor.js';
export {
  type CallToolMsg,
  type CapabilityReport,
  type ConfigDiffWire,
  type DirectoryMsg,
  type ExposedPrompt,
  type ExposedToolInfo,
  GATEWAY_ACTOR_ID,
  type GatewayNews,
  type LeaseAnswer,
  type LeaseRequest,
  type RouteCapabilityMsg,
  type RouteMsg,
  type ServerResource,
  type ServerResourceTemplate,
  type ToolCallFields,
} from './directory/directory-messages.js';
export type { DirectoryOptions } from './directory/directory-state.js';
export { Gateway } from './embedding/gateway.js';
export {
  EMBEDDING_DEFAULTS,
  type GatewayCallOptions as EmbeddedCallOptions,
  type StartGatewayOptions,
} from './embedding/gateway-options.js';
export { type AcquireLease, createLeaseBridge, type LeaseRelease } from './embedding/lease-bridge.js';
export { gatewayRef, startGateway } from './embedding/start-gateway.js';
export {
  type ConfigIssue,
  failed,
  GATEWAY_ERROR_CODES,
  GATEWAY_ERROR_MEANINGS,
  GatewayConfigError,
  GatewayError,
  type GatewayErrorCode,
  type GatewayFailure,
  type GatewayOutcome,
  gatewayErrorFrom,
  hasGatewayCode,
  isGatewayError,
  isGatewayErrorCode,
  toGatewayFailure,
  unwrapOutcome,
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
  type AttemptRecord,
  type CandidateRank,
  orderCandidates,
  RoutePlan,
  type RoutePlanRequest,
  type RouteStep,
} from './routing/route-plan.js';
export {
  type CandidateHealth,
  type RouteOutcome,
  type RouteRequest,
  Router,
  type RouterDeps,
} from './routing/router.js';
export { realSleep, ServerGuard, type ServerLimits, type Sleep } from './routing/server-guard.js';
export { type FailureKind, failureKind, isCacheableTool, isRetryableTool } from './routing/tool-policy.js';
export { GatewayServer, type ServerActorArgs } from './server/server-actor.js';
export type { ServerCall, ServerMsg, ServerNews, ServerStatus } from './server/server-messages.js';
export type { ServerActorOptions } from './server/server-state.js';
