/**
 * The life of one downstream server: start it (unless it is `disabled` or `missing_env`),
 * restart it after a crash with backoff, give up into `crash_loop` when it crashes more
 * than `max_restarts` times within `window_s` (keeping the last stderr lines), restart it
 * after consecutive unhealthy checks, stop it on purpose. States and events are in
 * `connection-state.ts`; one live session is a `ServerSession`; when to restart is
 * `RestartWindow`'s decision. Making requests on the live session, and idle shutdown,
 * are `ServerConnection`'s (which extends this class).
 */
import type { Implementation, Tool } from '@modelcontextprotocol/sdk/types.js';
import { type Clock, systemClock } from '../../supervisors/flood/clock.js';
import { diffConfigs } from '../config/config-diff.js';
import type { Environment } from '../config/env-expansion.js';
import { createToolFilter } from '../config/gateway-config-schema.js';
import type { ServerConfig } from '../config/server-config.js';
import { GatewayError } from '../errors.js';
import { findMissingEnv } from '../process/child-environment.js';
import type { ConnectionEvent, ConnectionEventListener, ConnectionState } from './connection-state.js';
import { checkHealth, type HealthReport, unreachableReport } from './health-check.js';
import { RestartWindow } from './restart-window.js';
import {
  describeSessionEnd,
  type OpenSessionOptions,
  ServerSession,
  type SessionEnd,
} from './server-session.js';

export const SERVER_LIFECYCLE_DEFAULTS = { unhealthyChecksBeforeRestart: 2 } as const;

export interface ServerConnectionOptions {
  /** troupe's environment: `required_env` is checked against it (default: `process.env`). */
  readonly env?: Environment;
  readonly clock?: Clock;
  /** Each stage of stopping a stdio server waits this long (see the launcher). */
  readonly graceMs?: number;
  readonly clientInfo?: Implementation;
  /** Consecutive unhealthy checks after which a running server is restarted (as after a crash). */
  readonly unhealthyChecksBeforeRestart?: number;
}

export class ServerLifecycle {
  readonly name: string;
  protected readonly clock: Clock;
  #config: ServerConfig;
  #isExposed: (tool: string) => boolean;
  readonly #options: ServerConnectionOptions;
  #window: RestartWindow;
  #state: ConnectionState = { kind: 'stopped' };
  #session: ServerSession | undefined;
  #starting: Promise<void> | undefined;
  /** The session of a start under way, until its handshake is done. */
  #opening: ServerSession | undefined;
  #restartTimer: NodeJS.Timeout | undefined;
  /** Bumped by stop: a start begun before it closes what it opened. */
  #generation = 0;
  #allTools: readonly Tool[] = [];
  #toolHash = '';
  #health: HealthReport | undefined;
  #unhealthyStreak = 0;
  #lastError: string | undefined;
  #lastStderr: readonly string[] = [];
  readonly #listeners = new Set<ConnectionEventListener>();

  constructor(config: ServerConfig, options: ServerConnectionOptions = {}) {
    this.name = config.name;
    this.#config = config;
    this.#isExposed = createToolFilter(config);
    this.#options = options;
    this.clock = options.clock ?? systemClock;
    this.#window = new RestartWindow(config.restart);
  }

  get config(): ServerConfig {
    return this.#config;
  }
  get state(): ConnectionState {
    return this.#state;
  }
  /** The tools exposed (after `tools.allow` / `tools.deny`), as last listed; kept while the server restarts. */
  get tools(): readonly Tool[] {
    return this.#allTools.filter((tool) => this.#isExposed(tool.name));
  }
  /** Hash of the whole downstream tool list (`tool-catalog.ts`). */
  get toolHash(): string {
    return this.#toolHash;
  }
  get health(): HealthReport | undefined {
    return this.#health;
  }
  /** Crashes since the last operator restart. */
  get restarts(): number {
    return this.#window.total;
  }
  get lastError(): string | undefined {
    return this.#lastError;
  }
  /** The live session's stderr tail, or the last crash's. */
  stderrLines(): readonly string[] {
    return this.#session?.stderrLines() ?? this.#lastStderr;
  }

  /** Be told of state changes, crashes, list changes, health reports, logs; returns the unsubscribe. */
  onEvent(listener: ConnectionEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Start the server; resolves once it runs or has settled in another state (see {@link state}). */
  async start(): Promise<void> {
    switch (this.#state.kind) {
      case 'running':
      case 'backoff':
        return;
      case 'starting':
        return this.#starting;
      default: {
        if (this.#config.disabled) return this.#setState({ kind: 'disabled' });
        const missing = findMissingEnv(this.#config, this.#options.env ?? process.env);
        if (missing.length > 0) return this.#setState({ kind: 'missing_env', missing });
        return this.#connect();
      }
    }
  }

  /** Stop the server (its whole process group); it stays stopped until `start()`. */
  async stop(): Promise<void> {
    this.#generation++;
    clearTimeout(this.#restartTimer);
    const starting = this.#starting;
    const session = this.#session;
    // A start under way is cut short: closing its session makes the handshake fail now.
    const opening = this.#opening;
    this.#session = undefined;
    this.#opening = undefined;
    this.#setState({ kind: 'stopped' });
    await Promise.all([session?.close(), opening?.close(), starting]);
  }

  /** An operator's restart: forget past crashes (leaving `crash_loop`) and start afresh. */
  async restart(): Promise<void> {
    await this.stop();
    this.#window.reset();
    await this.start();
  }

  /** Take a new config: applied in place, or by a restart when it changes the process or connection. */
  async reconfigure(config: ServerConfig): Promise<void> {
    const before = { servers: new Map([[this.name, this.#config]]) };
    const restart =
      diffConfigs(before, { servers: new Map([[this.name, config]]) }).changed[0]?.restart ?? false;
    this.#config = config;
    this.#isExposed = createToolFilter(config);
    this.#window = new RestartWindow(config.restart);
    if (restart) await this.restart();
  }

  /** Check health now; a running server unhealthy this many times in a row is restarted. */
  async checkHealth(): Promise<HealthReport> {
    const session = this.#session;
    if (!session) {
      this.#health = unreachableReport(this.#state.kind, this.clock.now(), this.tools.length, this.#toolHash);
      return this.#health;
    }
    const { health, canary } = this.#config;
    const knownHash = this.#toolHash;
    const report = await checkHealth({
      session,
      health,
      knownHash,
      clock: this.clock,
      ...(canary ? { canary } : {}),
    });
    if (session !== this.#session) return report; // It ended during the check, and that is reported already.
    this.#health = report;
    this.#adoptTools(session);
    this.emit({ type: 'health', server: this.name, report });
    this.#unhealthyStreak = report.status === 'unhealthy' ? this.#unhealthyStreak + 1 : 0;
    const limit =
      this.#options.unhealthyChecksBeforeRestart ?? SERVER_LIFECYCLE_DEFAULTS.unhealthyChecksBeforeRestart;
    if (this.#unhealthyStreak >= limit) {
      this.#unhealthyStreak = 0;
      this.#session = undefined;
      const stderr = session.stderrLines();
      await session.close();
      this.#crashed(`unhealthy: ${report.reasons.join('; ')}`, stderr);
    }
    return report;
  }

  /** The live session, if the server runs. */
  protected liveSession(): ServerSession | undefined {
    return this.#session;
  }

  /** Wait for a start under way, if any. */
  protected async startInProgress(): Promise<void> {
    await this.#starting;
  }

  /** Is `tool` exposed, and (once a list is known) offered by the server? */
  protected offers(tool: string): boolean {
    return (
      this.#isExposed(tool) &&
      (this.#allTools.length === 0 || this.#allTools.some(({ name }) => name === tool))
    );
  }

  /** Close the live session on purpose and rest in `idle` until the next `start()`. */
  protected async stopForIdle(): Promise<void> {
    const session = this.#session;
    if (!session || this.#state.kind !== 'running') return;
    this.#session = undefined;
    this.#setState({ kind: 'idle', since: this.clock.now() });
    await session.close();
  }

  /** Called each time the server starts running (a subclass arms its timers). */
  protected onRunning(): void {}

  protected emit(event: ConnectionEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  #connect(): Promise<void> {
    const generation = this.#generation;
    this.#setState({ kind: 'starting', since: this.clock.now() });
    const onEnd = (end: SessionEnd) => {
      if (opened !== this.#session) return;
      this.#session = undefined;
      if (!end.expected) this.#crashed(describeSessionEnd(end), end.stderr);
    };
    const opened = new ServerSession(this.#config, { ...this.#sessionOptions(), onEnd });
    this.#opening = opened;
    const starting = (async () => {
      try {
        await opened.open();
      } catch (error) {
        if (this.#opening === opened) this.#opening = undefined;
        const stderr = error instanceof GatewayError ? (error.stderr ?? []) : [];
        if (generation === this.#generation)
          this.#crashed(error instanceof Error ? error.message : String(error), stderr);
        return;
      }
      if (generation !== this.#generation) return opened.close();
      this.#opening = undefined;
      this.#session = opened;
      this.#adoptTools(opened);
      this.#setState({
        kind: 'running',
        since: this.clock.now(),
        ...(opened.pgid === undefined ? {} : { pgid: opened.pgid }),
      });
      await this.checkHealth();
      this.onRunning();
    })();
    const tracked: Promise<void> = starting.finally(() => {
      if (this.#starting === tracked) this.#starting = undefined;
    });
    this.#starting = tracked;
    return tracked;
  }

  #sessionOptions(): OpenSessionOptions {
    const { env, graceMs, clientInfo } = this.#options;
    return {
      ...(env ? { env } : {}),
      ...(graceMs === undefined ? {} : { graceMs }),
      ...(clientInfo ? { clientInfo } : {}),
      onLog: (message) => this.emit({ type: 'log', server: this.name, message }),
      onStderrLine: (line) => this.emit({ type: 'stderr', server: this.name, line }),
      onListChanged: (list) => {
        if (list !== 'tools') this.emit({ type: 'list-changed', server: this.name, list });
        else if (this.#session) this.#adoptTools(this.#session);
      },
    };
  }

  #crashed(reason: string, stderr: readonly string[]): void {
    this.#lastError = reason;
    this.#lastStderr = stderr;
    this.emit({ type: 'crashed', server: this.name, reason, stderr });
    const now = this.clock.now();
    const decision = this.#window.recordCrash(now);
    if (decision.kind === 'crash_loop') {
      const { crashesInWindow } = decision;
      this.#setState({ kind: 'crash_loop', since: now, crashesInWindow, lastError: reason, stderr });
      return;
    }
    this.#setState({ kind: 'backoff', until: now + decision.delayMs, lastError: reason });
    const generation = this.#generation;
    clearTimeout(this.#restartTimer);
    this.#restartTimer = setTimeout(() => {
      if (generation === this.#generation && this.#state.kind === 'backoff') void this.#connect();
    }, decision.delayMs);
  }

  #adoptTools(session: ServerSession): void {
    const changed = this.#toolHash !== '' && session.toolHash !== this.#toolHash;
    this.#allTools = session.tools;
    this.#toolHash = session.toolHash;
    if (changed) this.emit({ type: 'tools-changed', server: this.name, toolHash: this.#toolHash });
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    this.emit({ type: 'state', server: this.name, state });
  }
}
