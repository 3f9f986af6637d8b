/**
 * The runtime host: the one process per data directory that runs the actor system and the
 * coordination actors. It serves an MCP session to each connection — its own stdio (an
 * in-memory link) and every `troupe serve` attached over the endpoint — all on the same
 * actors, so every host sees the same agents, messages and locks.
 *
 * It lives while any session does: when its own MCP host closes its stdin it keeps serving
 * the attached ones, and shuts down after the last (a signal shuts it down at once, and an
 * attached process takes over). Shutting down stops the runtime first and unbinds the
 * endpoint last, so the next host never opens the store while this one still writes to it.
 */
import { rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { finished, PassThrough, type Readable, type Writable } from 'node:stream';
import type { Logger } from 'pino';
import { type CoordinationOptions, startCoordination } from '../../../actors/coordination/coordination.js';
import { startFeatureFlags } from '../../../actors/coordination/flags/index.js';
import { startWorkflows } from '../../../actors/workflows/shell/engine.js';
import { createGatewayTools } from '../../../actors/workflows/shell/gateway-tools.js';
import { createTaskAgents } from '../../../actors/workflows/shell/task-agents.js';
import { createActorSystem, deadlockDetectorOf } from '../../index.js';
import type { ActorSystem, SystemEvent } from '../../kernel/index.js';
import { createLockLeases } from '../../mcp/gateway/lock-leases.js';
import { checkHealth } from '../../mcp/health.js';
import { createDashboard } from '../../mcp/metrics/dashboard.js';
import { createTroupeMetrics, type TroupeMetrics } from '../../mcp/metrics/troupe-metrics.js';
import type { ServeMode } from '../../mcp/modes.js';
import { createMcpServer, type McpAdapterOptions } from '../../mcp/server.js';
import { ToolCallHub } from '../../mcp/tool-events.js';
import { FramedTransport } from '../framed-transport.js';
import type { HttpListener } from '../http/http-listener.js';
import type { HttpOptions } from '../http/http-options.js';
import { type HostedAccess, startHostedAccess } from './access-host.js';
import { DEFAULT_ALERT_INTERVAL_MS, type HostedAlerts, startHostedAlerts } from './alerts-host.js';
import type { AccessFile, AlertsFile, LimitsFile } from './config-file.js';
import type { Claimed } from './endpoint.js';
import { type GatewayFile, type HostedGateway, startHostedGateway } from './gateway-host.js';
import { type HostedLimits, startHostedLimits } from './limits-host.js';
import { type Link, type LinkEvents, streamLink } from './link.js';
import { makeScratchStore } from './scratch-stores.js';

export interface HostConfig {
  readonly dataDir: string;
  readonly durability: 'memory' | 'commit' | 'flush';
  readonly threads?: number;
  readonly log: Logger;
  readonly coordination?: CoordinationOptions;
  /** Which tools every session lists, and whether results carry `debug` (default `full`). */
  readonly mode?: ServeMode;
  /** A client message over this size is answered with an error and skipped (default 4 MiB). */
  readonly maxMessageBytes?: number;
  /** The gateway's config file, loaded and valid: the host runs the gateway and follows the file. */
  readonly gateway?: GatewayFile;
  /** The config file's `alerts` section: the host evaluates the rules and follows the file. */
  readonly alerts?: AlertsFile;
  /** How often the alert rules are evaluated (default 15 s). */
  readonly alertIntervalMs?: number;
  /** The config file's access sections: the host applies the policy and follows the file. */
  readonly access?: AccessFile;
  /** The operator's token (`TROUPE_ADMIN_TOKEN` or `--admin-token-file`). */
  readonly adminToken?: string;
  /** The config file's `limits` section (else the defaults apply), followed while the runtime runs. */
  readonly limits?: LimitsFile;
  /** Token buckets on tool calls (default true; `--no-rate-limits` turns them off). */
  readonly rateLimits?: boolean;
}

/** How long a new host waits for the previous one to release the data directory. */
const HANDOVER_WAIT_MS = 30_000;

export class RuntimeHost {
  private sessions = 0;
  private readonly attached = new Set<Socket>();
  private stopping = false;
  private idle: (() => void) | null = null;
  private http: HttpListener | null = null;

  private constructor(
    private readonly system: ActorSystem,
    private readonly domain: McpAdapterOptions,
    private readonly endpoint: Claimed | null,
    private readonly log: Logger,
    private readonly maxMessageBytes: number | undefined,
    /** In memory mode: the throwaway store, removed when the runtime stops. */
    private readonly scratchDir: string | null,
    private readonly gateway: HostedGateway | null,
    private readonly durability: HostConfig['durability'],
    /** Every metric family of this runtime (`GET /metrics`). */
    readonly metrics: TroupeMetrics,
    private readonly alerts: HostedAlerts | null,
    private readonly access: HostedAccess | null,
    private readonly limits: HostedLimits,
  ) {
    endpoint?.serve((socket) => this.accept(socket));
  }

  /** Start the runtime on the store; `endpoint` (the won endpoint) takes attached sessions. */
  static async start(config: HostConfig, endpoint: Claimed | null): Promise<RuntimeHost> {
    const { dataDir, durability, threads } = config;
    // The domain keeps its records in tables, which live in a store: in memory mode that is a
    // throwaway one, never fsynced, removed when the runtime stops — nothing outlives the process.
    const scratch = durability === 'memory' ? makeScratchStore() : null;
    if (scratch && scratch.swept.length > 0)
      config.log.info(
        { swept: scratch.swept.length },
        'removed the scratch stores of memory-mode runtimes that were killed',
      );
    const scratchDir = scratch?.path ?? null;
    const system = createActorSystem({
      ...(scratchDir ? { dataDir: scratchDir, durability: 'commit' } : { dataDir, durability }),
      ...(threads ? { threads } : {}),
      // A host taking over from one shutting down (SIGTERM) waits for it to let go of the store.
      storeLockWaitMs: HANDOVER_WAIT_MS,
    });
    system.subscribe((event) => {
      if (event.type !== 'wait-started' && event.type !== 'wait-ended')
        config.log.debug({ event: withoutMessage(event) }, event.type);
    });
    const mode = config.mode ?? 'full';
    const coordination = await startCoordination(system, config.coordination);
    const deadlockDetector = deadlockDetectorOf(system);
    // `lock_argument` tools take the lock facade's leases: the same ones the lock tools show.
    const gateway = config.gateway
      ? await startHostedGateway(system, config.gateway, {
          orchestration: mode !== 'disabled',
          log: config.log,
          acquireLease: createLockLeases({
            system,
            detector: deadlockDetector,
            watch: system.refOf(coordination.watch.id),
          }),
        })
      : null;
    const toolCalls = new ToolCallHub();
    const partial = {
      ...coordination,
      supervisors: ['deadlock-detector'],
      deadlockDetector,
      toolCalls,
      mode,
      log: config.log,
      ...(gateway ? { gateway: gateway.gateway } : {}),
    };
    const flags = await startFeatureFlags(system);
    // Workflow runs: tool steps through the gateway (when configured), agent steps as tasks.
    const workflows = await startWorkflows(system, {
      flags,
      agents: createTaskAgents(system),
      watch: partial.watch,
      ...(deadlockDetector ? { detector: deadlockDetector } : {}),
      ...(gateway ? { tools: createGatewayTools(gateway.gateway) } : {}),
    });
    const metrics = createTroupeMetrics({
      system,
      coordination,
      toolCalls,
      ...(deadlockDetector ? { deadlockDetector } : {}),
      workflows,
      ...(gateway ? { gateway: gateway.gateway } : {}),
    });
    const alerts = config.alerts
      ? startHostedAlerts(config.alerts, {
          metrics,
          domain: coordination.domain,
          log: config.log,
          intervalMs: config.alertIntervalMs ?? DEFAULT_ALERT_INTERVAL_MS,
        })
      : null;
    const access =
      config.access || config.adminToken
        ? await startHostedAccess(system, {
            ...(config.access ? { source: config.access } : {}),
            adminToken: config.adminToken ?? null,
            domain: coordination.domain,
            log: config.log,
          })
        : null;
    const limits = startHostedLimits({
      ...(config.limits ? { source: config.limits } : {}),
      rateLimits: config.rateLimits ?? true,
      log: config.log,
    });
    const domain: McpAdapterOptions = {
      ...partial,
      callLimits: limits.limiter,
      metrics: metrics.mcp,
      flags,
      ...(alerts ? { alerts: alerts.engine } : {}),
      ...(access ? { access: access.control } : {}),
    };
    config.log.info(
      { dataDir, durability, threads: system.options.threads, shared: endpoint !== null },
      'troupe serve: hosting the runtime',
    );
    return new RuntimeHost(
      system,
      domain,
      endpoint,
      config.log,
      config.maxMessageBytes,
      scratchDir,
      gateway,
      durability,
      metrics,
      alerts,
      access,
      limits,
    );
  }

  /** Serve this process's own MCP host directly on its stdio; resolves when that session ends. */
  serveOwn(input: Readable, output: Writable): Promise<void> {
    const ended = new Promise<void>((resolve) => finished(input, { writable: false }, () => resolve()));
    void this.serve(input, output, () => {}, false);
    return ended;
  }

  /** A session for this process's own stdio when it took over as host (its session lives in a proxy). */
  link(events: LinkEvents): Link {
    const toHost = new PassThrough();
    const toClient = new PassThrough();
    void this.serve(toHost, toClient, () => toClient.end(), true);
    return streamLink(toClient, toHost, events);
  }

  /**
   * Serve MCP (Streamable HTTP) and the health endpoints over HTTP on this runtime: each HTTP
   * session is an MCP session like a stdio one (`../http/`). HTTP sessions do not keep the
   * process alive (`whenIdle` counts stdio and attached sessions only).
   */
  async serveHttp(options: HttpOptions): Promise<HttpListener> {
    // Loaded only with --http: the listener, its transports and the web inspector's routes.
    const { startHttpListener } = await import('../http/http-listener.js');
    this.http = await startHttpListener({
      options,
      log: this.log,
      createSession: () => createMcpServer(this.system, this.domain),
      health: { system: this.system, adapter: this.domain, durability: this.durability },
      metrics: this.metrics,
      dashboard: createDashboard({
        registry: this.metrics.registry,
        operations: this.metrics.mcp.operations,
        health: () =>
          checkHealth(
            this.system,
            this.domain.supervisors,
            this.domain.gateway ? { gateway: this.domain.gateway } : {},
          ),
        ...(this.alerts ? { alerts: this.alerts.engine } : {}),
      }),
    });
    return this.http;
  }

  /** Resolves when no session is left. */
  whenIdle(): Promise<void> {
    if (this.sessions === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idle = resolve;
    });
  }

  async shutdown(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    // HTTP sessions go first (their stored records stay, for a resume after the restart).
    await this.http
      ?.close()
      .catch((error: Error) => this.log.error({ error: error.message }, 'troupe serve: closing HTTP failed'));
    // Every downstream process group goes before the runtime that supervises them.
    await this.gateway
      ?.stop()
      .catch((error: Error) =>
        this.log.error({ error: error.message }, 'troupe serve: stopping the gateway failed'),
      );
    this.alerts?.stop();
    this.access?.stop();
    this.limits.stop();
    this.metrics.close();
    await this.system.shutdown();
    if (this.scratchDir) rmSync(this.scratchDir, { recursive: true, force: true });
    for (const socket of this.attached) socket.destroy();
    const listener = this.endpoint?.listener;
    await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
    this.log.info('troupe serve: runtime stopped');
  }

  private accept(socket: Socket): void {
    if (this.stopping) {
      socket.destroy();
      return;
    }
    this.attached.add(socket);
    socket.once('close', () => this.attached.delete(socket));
    socket.on('error', (error) => this.log.debug({ error: error.message }, 'attached session: socket error'));
    void this.serve(socket, socket, () => socket.destroy(), true);
    this.log.info({ sessions: this.sessions }, 'troupe serve: a session attached');
  }

  /** One MCP session on `input`/`output`; `proxied`: it comes through a session proxy (it gets identity relays). */
  private async serve(
    input: Readable,
    output: Writable,
    hangUp: () => void,
    proxied: boolean,
  ): Promise<void> {
    this.sessions++;
    const server = createMcpServer(this.system, this.domain, { relayIdentity: proxied });
    const transport = new FramedTransport(input, output, {
      ...(this.maxMessageBytes === undefined ? {} : { maxMessageBytes: this.maxMessageBytes }),
      onRejected: (why) => this.log.warn({ why }, 'troupe serve: answered a malformed message with an error'),
    });
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      void server.close();
      hangUp();
      if (--this.sessions === 0) this.idle?.();
    };
    // `finished` also reports a stream that ended before we looked (a queued connection whose peer left).
    finished(input, { writable: false }, end);
    await server.connect(transport);
  }
}

/** An event as logged: a dead letter's message is left out (it may carry anything, tokens included). */
function withoutMessage(event: SystemEvent): Omit<SystemEvent, 'message'> {
  if (!('message' in event)) return event;
  const { message: _withheld, ...rest } = event;
  return rest;
}
