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
  ManualClock,
  type Receiver,
  systemClock,
} from '../../../src/kernel/index.js';
import type { ToolCallResult } from '../call-events.js';
import { configToWire } from '../config/config-wire.js';
import type { GatewayConfig } from '../config/server-config.js';
import type {
  CacheNews,
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
import { CallListeners } from './call-listeners.js';
import {
  EMBEDDING_DEFAULTS,
  type GatewayCallOptions,
  parseArguments,
  parseCallOptions,
  parseName,
  type StartGatewayOptions,
} from './gateway-options.js';
import { ResultMirror } from './result-mirror.js';

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
  readonly #listeners: CallListeners;
  readonly #mirror: ResultMirror;
  readonly #cacheWatch: Receiver<CacheNews>;
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
    this.#listeners = new CallListeners(system);
    const source = system.options.clock;
    this.#mirror = new ResultMirror(
      source.kind === 'manual' ? new ManualClock(source.buffer) : systemClock,
      options.cache,
    );
    this.#cacheWatch = system.receive<CacheNews>(() => this.#mirror.clear());
    system.tell(ref, { type: 'watch-cache', watcher: this.#cacheWatch.ref });
    this.#closeables.push(this.#listeners, this.#cacheWatch);
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
  async servers(): Promise<ServerStatus[]> {
    const statuses = await this.#ask<ServerStatus[]>({ type: 'servers' });
    return statuses.map((status) => this.#withMirrorHits(status));
  }

  /** A server's cache hits include those its answers earned from this handle's copy (`result-mirror.ts`). */
  #withMirrorHits(status: ServerStatus): ServerStatus {
    const hits = this.#mirror.hitsOf(status.name);
    return hits === 0 ? status : { ...status, cache: { ...status.cache, hits: status.cache.hits + hits } };
  }

  /**
   * An operator's restart (leaves `crash_loop`); resolves with the status once the start
   * settled. `requestedBy` names who asked: the status keeps it as `lastRestart`.
   */
  async restartServer(name: string, options: { readonly requestedBy?: string } = {}): Promise<ServerStatus> {
    const requestedBy =
      options.requestedBy === undefined ? undefined : parseName(options.requestedBy, 'options.requestedBy');
    const status = await this.#ask<ServerStatus>({
      type: 'restart-server',
      server: parseName(name, 'name'),
      ...(requestedBy === undefined ? {} : { requestedBy }),
    });
    return this.#withMirrorHits(status);
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
    const mirrorKey =
      target.type === 'call-tool' && !this.#stopped
        ? { name: target.name, args: parsedArgs, sessionId: fields.sessionId }
        : undefined;
    const hit = mirrorKey && this.#mirror.get(mirrorKey);
    if (hit) {
      this.#tellSettled({ ok: true, result: hit });
      return hit;
    }
    const generation = this.#mirror.generation;
    const events = onProgress || onLog ? this.#listeners.listen(callId, { onProgress, onLog }) : undefined;
    const onAbort = () => {
      if (this.#system.isRunning) this.#system.tell(this.ref, { type: 'cancel', callId });
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const message: DirectoryMsg = {
      ...target,
      ...(fields satisfies Omit<ToolCallFields, 'callId' | 'arguments' | 'events'>),
      callId,
      arguments: parsedArgs,
      ...(events ? { events } : {}),
    } as DirectoryMsg;
    try {
      const answer = await this.#ask<ToolCallResult>(message);
      if (mirrorKey && answer.cachedUntil !== undefined) this.#mirror.keep(mirrorKey, answer, generation);
      this.#tellSettled({ ok: true, result: answer });
      return answer;
    } catch (error) {
      this.#tellSettled({ ok: false, error });
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#listeners.forget(callId);
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
    this.#mirror.clear();
    this.#system.tell(this.ref, { type: 'watch-cache', watcher: this.#cacheWatch.ref });
    if (this.#watch) this.#system.tell(this.ref, { type: 'watch', watcher: this.#watch.ref });
  }
}
