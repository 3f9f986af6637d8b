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
import type { Socket } from 'node:net';
import { finished, PassThrough, type Readable, type Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Logger } from 'pino';
import { type CoordinationOptions, startCoordination } from '../../../actors/coordination/coordination.js';
import { createActorSystem, deadlockDetectorOf } from '../../index.js';
import type { ActorSystem } from '../../kernel/index.js';
import { createMcpServer, type McpAdapterOptions } from '../../mcp/server.js';
import { ToolCallHub } from '../../mcp/tool-events.js';
import type { Claimed } from './endpoint.js';
import { type Link, type LinkEvents, streamLink } from './link.js';

export interface HostConfig {
  readonly dataDir: string;
  readonly durability: 'memory' | 'commit' | 'flush';
  readonly threads?: number;
  readonly log: Logger;
  readonly coordination?: CoordinationOptions;
}

export class RuntimeHost {
  private sessions = 0;
  private readonly attached = new Set<Socket>();
  private stopping = false;
  private idle: (() => void) | null = null;

  private constructor(
    private readonly system: ActorSystem,
    private readonly domain: McpAdapterOptions,
    private readonly endpoint: Claimed | null,
    private readonly log: Logger,
  ) {
    endpoint?.serve((socket) => this.accept(socket));
  }

  /** Start the runtime on the store; `endpoint` (the won endpoint) takes attached sessions. */
  static async start(config: HostConfig, endpoint: Claimed | null): Promise<RuntimeHost> {
    const { dataDir, durability, threads } = config;
    const system = createActorSystem({
      ...(durability === 'memory' ? { durability } : { dataDir, durability }),
      ...(threads ? { threads } : {}),
    });
    system.subscribe((event) => {
      if (event.type !== 'wait-started' && event.type !== 'wait-ended')
        config.log.debug({ event }, event.type);
    });
    const domain: McpAdapterOptions = {
      ...(await startCoordination(system, config.coordination)),
      supervisors: ['deadlock-detector'],
      deadlockDetector: deadlockDetectorOf(system),
      toolCalls: new ToolCallHub(),
    };
    config.log.info(
      { dataDir, durability, threads: system.options.threads, shared: endpoint !== null },
      'troupe serve: hosting the runtime',
    );
    return new RuntimeHost(system, domain, endpoint, config.log);
  }

  /** Serve this process's own MCP host directly on its stdio; resolves when that session ends. */
  serveOwn(input: Readable, output: Writable): Promise<void> {
    const ended = new Promise<void>((resolve) => finished(input, { writable: false }, () => resolve()));
    void this.serve(input, output, () => {});
    return ended;
  }

  /** A session for this process's own stdio when it took over as host (its session lives in a proxy). */
  link(events: LinkEvents): Link {
    const toHost = new PassThrough();
    const toClient = new PassThrough();
    void this.serve(toHost, toClient, () => toClient.end());
    return streamLink(toClient, toHost, events);
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
    await this.system.shutdown();
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
    void this.serve(socket, socket, () => socket.destroy());
    this.log.info({ sessions: this.sessions }, 'troupe serve: a session attached');
  }

  private async serve(input: Readable, output: Writable, hangUp: () => void): Promise<void> {
    this.sessions++;
    const server = createMcpServer(this.system, this.domain);
    const transport = new StdioServerTransport(input, output);
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
