/**
 * The gateway without the actor runtime: a connection per configured server, the provider
 * groups and exposed names built from what they list, and a call path that goes through
 * the shared result cache, then the router (failover, breaker, limits, retries), then a
 * connection. It is what an embedding service or a test drives directly; the actor shell
 * and the MCP tools are built on the same pieces elsewhere.
 *
 * ```
 *  callTool("memory__read_graph", args)
 *    ─▶ ToolNameTable ─▶ ProviderIndex ─▶ ResultCache ─hit─▶ result
 *                                             │miss
 *                                             ▼
 *                       Router ─▶ ServerGuard(s) ─▶ ServerConnection(s) ─▶ downstream
 * ```
 *
 * A group's settings (cache, retry, timeout) are those of its first member in name
 * order. Config reloads (`apply`) start added servers, stop removed ones, and reconfigure
 * changed ones (restarting only those whose process or connection changed).
 */
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { type Clock, systemClock } from '../supervisors/flood/clock.js';
import { Catalog, type ExposedTool } from './catalog.js';
import { type ConfigDiff, diffConfigs } from './config/config-diff.js';
import { GATEWAY_DEFAULTS, type GatewayConfig, type ServerConfig } from './config/server-config.js';
import { ServerConnection } from './connection/server-connection.js';
import type { ServerConnectionOptions } from './connection/server-lifecycle.js';
import { GatewayError } from './errors.js';
import { ResultCache, type ResultCacheOptions } from './result-cache.js';
import type { RoutedTool } from './routing/provider-index.js';
import { type AttemptRecord, type CandidateHealth, Router } from './routing/router.js';
import { realSleep, ServerGuard, type Sleep } from './routing/server-guard.js';
import { isCacheableTool, isRetryableTool } from './routing/tool-policy.js';

export interface GatewayCoreOptions extends ServerConnectionOptions {
  readonly cache?: ResultCacheOptions;
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

export interface GatewayCallOptions {
  /** Keys the cache when the server's config says `cache.per_session`. */
  readonly sessionId?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
}

export interface GatewayCallResult {
  readonly result: CallToolResult;
  /** The server that answered, or undefined when the cache did. */
  readonly server?: string;
  readonly cached: boolean;
  readonly attempts: readonly AttemptRecord[];
}

export type { ExposedTool } from './catalog.js';

export class GatewayCore {
  readonly cache: ResultCache;
  readonly #connections = new Map<string, ServerConnection>();
  readonly #guards = new Map<string, ServerGuard>();
  readonly #options: GatewayCoreOptions;
  readonly #clock: Clock;
  readonly #router: Router;
  #config: GatewayConfig = { servers: new Map() };
  #catalog: Catalog | undefined;

  constructor(options: GatewayCoreOptions = {}) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.cache = new ResultCache({ clock: this.#clock, ...options.cache });
    this.#router = new Router({
      guardOf: (server) => this.#guardOf(server),
      healthOf: (server) => this.#healthOf(server),
      sleep: options.sleep ?? realSleep,
      random: options.random ?? Math.random,
    });
  }

  get connections(): ReadonlyMap<string, ServerConnection> {
    return this.#connections;
  }

  /** Start (or reload to) `config`: added servers start, removed ones stop, changed ones are reconfigured. */
  async apply(config: GatewayConfig): Promise<ConfigDiff> {
    const diff = diffConfigs(this.#config, config);
    this.#config = config;
    const work: Promise<void>[] = [];
    for (const name of diff.removed) {
      const connection = this.#connections.get(name);
      this.#connections.delete(name);
      this.#guards.delete(name);
      if (connection) work.push(connection.stop());
    }
    for (const change of diff.changed) {
      const server = config.servers.get(change.name);
      this.#guards.delete(change.name);
      if (server) work.push(this.#connections.get(change.name)?.reconfigure(server) ?? Promise.resolve());
    }
    for (const name of diff.added) {
      const server = config.servers.get(name);
      if (server) work.push(this.#add(server));
    }
    await Promise.all(work);
    this.#catalog = undefined;
    return diff;
  }

  /** Stop every server. */
  async stop(): Promise<void> {
    await Promise.all([...this.#connections.values()].map((connection) => connection.stop()));
  }

  /** Every downstream tool under its exposed name. */
  tools(): ExposedTool[] {
    return [...this.#currentCatalog().tools];
  }

  /** Call a tool by its exposed name (`<server or group>__<tool>`). */
  callTool(
    exposedName: string,
    args: Record<string, unknown>,
    options: GatewayCallOptions = {},
  ): Promise<GatewayCallResult> {
    const target = this.#currentCatalog().names.resolve(exposedName);
    if (!target)
      return Promise.reject(
        new GatewayError('tool_not_found', `no tool "${exposedName}"`, { tool: exposedName }),
      );
    return this.route(target.server, target.tool, args, options);
  }

  /** Seed 001's `route_request(vendor, tool, params)`: `vendor` is a provider group, or a server pinned by name. */
  async route(
    vendor: string,
    tool: string,
    args: Record<string, unknown>,
    options: GatewayCallOptions = {},
  ): Promise<GatewayCallResult> {
    const routed = this.#currentCatalog().resolve(vendor, tool);
    const lead = routed && this.#connections.get(routed.servers[0] ?? '');
    if (!routed || !lead) {
      throw new GatewayError('tool_not_found', `"${vendor}" offers no tool "${tool}"`, {
        server: vendor,
        tool,
      });
    }
    const config = lead.config;
    const cacheable = isCacheableTool(routed.tool, config);
    const cacheKey = {
      scope: routed.group,
      tool,
      args,
      ...(config.cache?.perSession && options.sessionId ? { session: options.sessionId } : {}),
    };
    if (cacheable) {
      const hit = this.cache.get(cacheKey) as CallToolResult | undefined;
      if (hit) return { result: hit, cached: true, attempts: [] };
    }
    const outcome = await this.#router.route(this.#request(routed, config, options.signal), (server) => {
      const connection = this.#connections.get(server);
      if (!connection)
        throw new GatewayError('server_unavailable', `server "${server}" is not configured`, { server });
      return connection.callTool(tool, args, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    });
    if (cacheable && config.cache && outcome.value.isError !== true)
      this.cache.set(cacheKey, outcome.value, config.cache.ttlMs);
    return { result: outcome.value, server: outcome.server, cached: false, attempts: outcome.attempts };
  }

  #request(routed: RoutedTool, config: ServerConfig, signal: AbortSignal | undefined) {
    return {
      tool: routed.tool.name,
      candidates: routed.servers,
      retryable: isRetryableTool(routed.tool, config),
      retry: config.retry,
      maxWaitMs: config.timeoutMs,
      ...(signal ? { signal } : {}),
    };
  }

  async #add(server: ServerConfig): Promise<void> {
    const connection = new ServerConnection(server, this.#options);
    this.#connections.set(server.name, connection);
    connection.onEvent((event) => {
      if (event.type === 'tools-changed' || (event.type === 'state' && event.state.kind === 'running')) {
        this.#catalog = undefined;
      }
      if (event.type === 'tools-changed')
        this.cache.invalidateScope(connection.config.provider ?? connection.name);
    });
    await connection.start();
  }

  #currentCatalog(): Catalog {
    if (!this.#catalog) {
      this.#catalog = new Catalog(
        [...this.#connections.values()].map((connection) => ({
          server: connection.name,
          tools: connection.tools,
          ...(connection.config.provider === undefined ? {} : { provider: connection.config.provider }),
        })),
      );
    }
    return this.#catalog;
  }

  #guardOf(server: string): ServerGuard {
    let guard = this.#guards.get(server);
    if (!guard) {
      const config = this.#connections.get(server)?.config;
      const limits = {
        circuit: config?.circuit ?? GATEWAY_DEFAULTS.circuit,
        ...(config?.maxConcurrency === undefined ? {} : { maxConcurrency: config.maxConcurrency }),
        ...(config?.rate === undefined ? {} : { rate: config.rate }),
      };
      guard = new ServerGuard(server, limits, {
        clock: this.#clock,
        sleep: this.#options.sleep ?? realSleep,
      });
      this.#guards.set(server, guard);
    }
    return guard;
  }

  #healthOf(server: string): CandidateHealth {
    const connection = this.#connections.get(server);
    if (connection?.state.kind !== 'running') return connection?.state.kind === 'idle' ? 'unknown' : 'down';
    return connection.health?.status ?? 'unknown';
  }
}
