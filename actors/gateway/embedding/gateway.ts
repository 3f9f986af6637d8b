/**
 * `Gateway`: the embedding API's handle on a running gateway (`startGateway`), for a Node
 * service on the main thread. Every method is a message to the directory actor answered
 * with a `GatewayOutcome`; a failure is thrown as a `GatewayError` with its code and
 * details (`server`, `tool`, `retryAfterMs`, `stderr`, `missingEnv`).
 *
 * A call's progress and log messages reach its callbacks through a main-thread receiver
 * passed with the call (the server actor running it tells the receiver); its `signal`
 * becomes a `cancel` message. Should the directory be restarted by its supervisor, the
 * handle gives it its last config again and renews its watch.
 */
import {
  type ActorRef,
  type ActorSystem,
  InvalidArgumentError,
  type Receiver,
} from '../../../src/kernel/index.js';
import type { GatewayCallEvent, ToolCallResult } from '../call-events.js';
import { configToWire } from '../config/config-wire.js';
import type { GatewayConfig } from '../config/server-config.js';
import type {
  CallToolMsg,
  CapabilityReport,
  ConfigDiffWire,
  DirectoryMsg,
  ExposedPrompt,
  ExposedToolInfo,
  GatewayNews,
  GetPromptResult,
  ReadResourceResult,
  RouteCapabilityMsg,
  RouteMsg,
  ServerResource,
  ServerResourceTemplate,
  ServerStatus,
  ToolCallFields,
} from '../directory/directory-messages.js';
import { GatewayError, type GatewayOutcome, unwrapOutcome } from '../errors.js';
import {
  EMBEDDING_DEFAULTS,
  type GatewayCallOptions,
  parseArguments,
  parseCallOptions,
  parseName,
  type StartGatewayOptions,
} from './gateway-options.js';

/** A tool call's outcome, as `onCallSettled` tells it: the answer, or what was thrown. */
export type SettledCall =
  | { readonly ok: true; readonly result: ToolCallResult }
  | { readonly ok: false; readonly error: unknown };

export class Gateway {
  /** The directory actor: hand it to actors that call tools (see `directory-messages.ts`). */
  readonly ref: ActorRef<DirectoryMsg>;
  readonly #system: ActorSystem;
  readonly #askTimeoutMs: number;
  readonly #parseConfig: (config: unknown) => GatewayConfig;
  readonly #callPrefix: string;
  readonly #listListeners = new Set<(news: GatewayNews) => void>();
  readonly #settledListeners = new Set<(settled: SettledCall) => void>();
  readonly #closeables: { close(): void }[] = [];
  #nextCall = 0;
  #config: GatewayConfig;
  #watch: Receiver<GatewayNews> | undefined;
  #stopped = false;

  /** Use `startGateway`. */
  constructor(
    system: ActorSystem,
    ref: ActorRef<DirectoryMsg>,
    config: GatewayConfig,
    options: StartGatewayOptions,
    parseConfig: (config: unknown) => GatewayConfig,
    closeables: readonly { close(): void }[],
  ) {
    this.#system = system;
    this.ref = ref;
    this.#config = config;
    this.#askTimeoutMs = options.askTimeoutMs ?? EMBEDDING_DEFAULTS.askTimeoutMs;
    this.#parseConfig = parseConfig;
    this.#callPrefix = `${ref.id}:main:${process.pid}:`;
    this.#closeables.push(...closeables);
    const unsubscribe = system.subscribe((event) => {
      if (event.type === 'actor-restarted' && event.id === ref.id) this.#resync();
    });
    this.#closeables.push({ close: unsubscribe });
  }

  /** Every downstream tool under its exposed name, with its schemas, annotations and who offers it. */
  listTools(): Promise<ExposedToolInfo[]> {
    return this.#ask({ type: 'list-tools' });
  }

  /** Call a tool by its exposed name (`<server or group>__<tool>`). */
  async callTool(
    name: string,
    args: Record<string, unknown> = {},
    options: GatewayCallOptions = {},
  ): Promise<ToolCallResult> {
    return this.#call({ type: 'call-tool', name: parseName(name, 'name') }, args, options);
  }

  /** Seed 001's `route_request(vendor, tool, params)`: `vendor` is a provider group, or a server pinned by name. */
  async route(
    vendor: string,
    tool: string,
    params: Record<string, unknown> = {},
    options: GatewayCallOptions = {},
  ): Promise<ToolCallResult> {
    return this.#call(
      { type: 'route', vendor: parseName(vendor, 'vendor'), tool: parseName(tool, 'tool') },
      params,
      options,
    );
  }

  /**
   * Call `tool` (its downstream name) on a server whose `capabilities` or `tags` include
   * `capability`; among several, routed and failed over as within a provider group.
   */
  async routeByCapability(
    capability: string,
    tool: string,
    params: Record<string, unknown> = {},
    options: GatewayCallOptions = {},
  ): Promise<ToolCallResult> {
    return this.#call(
      {
        type: 'route-capability',
        capability: parseName(capability, 'capability'),
        tool: parseName(tool, 'tool'),
      },
      params,
      options,
    );
  }

  /** The resources of every running server, with their own URIs. */
  listResources(): Promise<ServerResource[]> {
    return this.#ask({ type: 'list-resources' });
  }

  listResourceTemplates(): Promise<ServerResourceTemplate[]> {
    return this.#ask({ type: 'list-resource-templates' });
  }

  /** Read `uri` from `server`. */
  async readResource(server: string, uri: string): Promise<ReadResourceResult> {
    return this.#ask({
      type: 'read-resource',
      server: parseName(server, 'server'),
      uri: parseName(uri, 'uri'),
    });
  }

  /** The prompts of every running server, as `<server>__<prompt>`. */
  listPrompts(): Promise<ExposedPrompt[]> {
    return this.#ask({ type: 'list-prompts' });
  }

  async getPrompt(name: string, args: Record<string, string> = {}): Promise<GetPromptResult> {
    const parsed = parseArguments(args, 'args') as Record<string, string>;
    return this.#ask({ type: 'get-prompt', name: parseName(name, 'name'), arguments: parsed });
  }

  /** Every server's status (seed 001's `get_server_status`). */
  servers(): Promise<ServerStatus[]> {
    return this.#ask({ type: 'servers' });
  }

  /**
   * An operator's restart (leaves `crash_loop`); resolves with the status once the start
   * settled. `requestedBy` names who asked: the status keeps it as `lastRestart`.
   */
  async restartServer(name: string, options: { readonly requestedBy?: string } = {}): Promise<ServerStatus> {
    const requestedBy =
      options.requestedBy === undefined ? undefined : parseName(options.requestedBy, 'options.requestedBy');
    return this.#ask({
      type: 'restart-server',
      server: parseName(name, 'name'),
      ...(requestedBy === undefined ? {} : { requestedBy }),
    });
  }

  /** Take a new config (normalized, or file content): only servers whose entry changed are touched. */
  async reload(config: unknown): Promise<ConfigDiffWire> {
    const next = this.#parseConfig(config);
    const diff = await this.#ask<ConfigDiffWire>({ type: 'reload', config: configToWire(next) });
    this.#config = next;
    return diff;
  }

  /** Seed 001's `discover_capabilities`. */
  discoverCapabilities(): Promise<CapabilityReport> {
    return this.#ask({ type: 'discover-capabilities' });
  }

  /** Be told when the exposed tools change (for `notifications/tools/list_changed`); returns the unsubscribe. */
  /** Be told of every tool call's outcome (metrics: calls, failures and cache hits per server). */
  onCallSettled(listener: (settled: SettledCall) => void): () => void {
    if (typeof listener !== 'function') throw new InvalidArgumentError('listener', 'must be a function');
    this.#settledListeners.add(listener);
    return () => this.#settledListeners.delete(listener);
  }

  #tellSettled(settled: SettledCall): void {
    for (const listener of this.#settledListeners) {
      try {
        listener(settled);
      } catch {
        // A listener's failure is not the call's.
      }
    }
  }

  onToolsChanged(listener: () => void): () => void {
    if (typeof listener !== 'function') throw new InvalidArgumentError('listener', 'must be a function');
    return this.onListChanged((news) => {
      if (news.type === 'tools-changed') listener();
    });
  }

  /**
   * Be told when a list a host sees changes: the exposed tools, or a server's resources or
   * prompts (for `notifications/{tools,resources,prompts}/list_changed`); returns the unsubscribe.
   */
  onListChanged(listener: (news: GatewayNews) => void): () => void {
    if (typeof listener !== 'function') throw new InvalidArgumentError('listener', 'must be a function');
    this.#listListeners.add(listener);
    if (!this.#watch) {
      this.#watch = this.#system.receive<GatewayNews>((news) => {
        for (const each of [...this.#listListeners]) each(news);
      });
      this.#system.tell(this.ref, { type: 'watch', watcher: this.#watch.ref });
    }
    return () => {
      this.#listListeners.delete(listener);
      if (this.#listListeners.size > 0 || !this.#watch) return;
      if (this.#system.isRunning) this.#system.tell(this.ref, { type: 'unwatch', watcher: this.#watch.ref });
      this.#watch.close();
      this.#watch = undefined;
    };
  }

  /** Resolves once every server has settled its start (running, or given up for now). */
  settled(timeoutMs: number = EMBEDDING_DEFAULTS.settleTimeoutMs): Promise<void> {
    return this.#ask<null>({ type: 'settled' }, timeoutMs).then(() => undefined);
  }

  /** Stop every server (process groups gone), then the directory. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    try {
      if (this.#system.isRunning) {
        await this.#ask<null>({ type: 'shutdown' });
        await this.#system.stop(this.ref);
      }
    } finally {
      this.#watch?.close();
      for (const closeable of this.#closeables.splice(0)) closeable.close();
    }
  }

  async #call(
    target:
      | Pick<CallToolMsg, 'type' | 'name'>
      | Pick<RouteMsg, 'type' | 'vendor' | 'tool'>
      | Pick<RouteCapabilityMsg, 'type' | 'capability' | 'tool'>,
    args: Record<string, unknown>,
    options: GatewayCallOptions,
  ): Promise<ToolCallResult> {
    const parsedArgs = parseArguments(args, 'args');
    const { signal, onProgress, onLog, ...fields } = parseCallOptions(options);
    const callId = `${this.#callPrefix}${(this.#nextCall++).toString(36)}`;
    if (signal?.aborted)
      throw new GatewayError('call_cancelled', `call "${callId}" was cancelled before it started`);
    let listening = true;
    const receiver =
      onProgress || onLog
        ? this.#system.receive<GatewayCallEvent>((event) => {
            if (!listening) return;
            if (event.type === 'progress') onProgress?.(event.progress);
            else if (event.type === 'log') onLog?.(event.message);
          })
        : undefined;
    const onAbort = () => {
      if (this.#system.isRunning) this.#system.tell(this.ref, { type: 'cancel', callId });
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const message: DirectoryMsg = {
      ...target,
      ...(fields satisfies Omit<ToolCallFields, 'callId' | 'arguments' | 'events'>),
      callId,
      arguments: parsedArgs,
      ...(receiver ? { events: receiver.ref } : {}),
    } as DirectoryMsg;
    try {
      const answer = await this.#ask<ToolCallResult>(message);
      this.#tellSettled({ ok: true, result: answer });
      return answer;
    } catch (error) {
      this.#tellSettled({ ok: false, error });
      throw error;
    } finally {
      listening = false;
      signal?.removeEventListener('abort', onAbort);
      // Anything still on its way to the receiver is dropped, not dead-lettered.
      if (receiver) setImmediate(() => receiver.close());
    }
  }

  async #ask<T>(message: DirectoryMsg, timeoutMs = this.#askTimeoutMs): Promise<T> {
    if (this.#stopped && message.type !== 'shutdown') {
      throw new GatewayError('server_unavailable', 'the gateway is stopped');
    }
    const outcome = await this.#system.ask<GatewayOutcome<T>>(this.ref, message, { timeoutMs });
    return unwrapOutcome(outcome);
  }

  /** The directory was restarted from the config it was spawned with: give it the last one, and the watch. */
  #resync(): void {
    if (this.#stopped || !this.#system.isRunning) return;
    this.#system.tell(this.ref, { type: 'reload', config: configToWire(this.#config) });
    if (this.#watch) this.#system.tell(this.ref, { type: 'watch', watcher: this.#watch.ref });
  }
}
