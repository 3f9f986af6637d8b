/**
 * One downstream server as callers use it: its lifecycle (`server-lifecycle.ts`: start,
 * restart with backoff, crash loop, health) plus the requests made on its live session —
 * tools, resources, prompts — each bounded by the server's `timeout_ms` unless the caller
 * gives its own, cancellable, with progress forwarded.
 *
 * A request is refused at once, with a code, when there is no session to make it on
 * (`server_unavailable` with `retryAfterMs` while backing off, `crash_loop` with the last
 * stderr lines, `missing_env` naming the variables, `tool_not_found`), so that routing can
 * try another provider; during `starting` or `idle` it waits for the start. After
 * `idle_shutdown_s` without requests the server is stopped (state `idle`) and the next
 * request starts it again. Nothing here retries: routing does, knowing whether the tool
 * may be called twice.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { GatewayError } from '../errors.js';
import { ServerLifecycle } from './server-lifecycle.js';
import type { CallOptions, ServerSession } from './server-session.js';
import { refusalFor } from './state-refusal.js';

export class ServerConnection extends ServerLifecycle {
  #inFlight = 0;
  #idleTimer: NodeJS.Timeout | undefined;

  /** Requests under way. */
  get inFlight(): number {
    return this.#inFlight;
  }

  override async stop(): Promise<void> {
    clearTimeout(this.#idleTimer);
    await super.stop();
  }

  callTool(name: string, args: Record<string, unknown>, options: CallOptions = {}): Promise<CallToolResult> {
    if (!this.offers(name)) {
      const details = { server: this.name, tool: name };
      return Promise.reject(
        new GatewayError('tool_not_found', `server "${this.name}" offers no tool "${name}"`, details),
      );
    }
    return this.#use((session) => session.callTool(name, args, this.#withTimeout(options)));
  }
  listResources(options: CallOptions = {}) {
    return this.#use((session) => session.listResources(this.#withTimeout(options)));
  }
  listResourceTemplates(options: CallOptions = {}) {
    return this.#use((session) => session.listResourceTemplates(this.#withTimeout(options)));
  }
  readResource(uri: string, options: CallOptions = {}) {
    return this.#use((session) => session.readResource(uri, this.#withTimeout(options)));
  }
  listPrompts(options: CallOptions = {}) {
    return this.#use((session) => session.listPrompts(this.#withTimeout(options)));
  }
  getPrompt(name: string, args: Record<string, string> = {}, options: CallOptions = {}) {
    return this.#use((session) => session.getPrompt(name, args, this.#withTimeout(options)));
  }

  protected override onRunning(): void {
    this.#armIdleTimer();
  }

  #withTimeout(options: CallOptions): CallOptions {
    return { timeoutMs: this.config.timeoutMs, ...options };
  }

  async #use<T>(request: (session: ServerSession) => Promise<T>): Promise<T> {
    if (this.state.kind === 'idle') await this.start();
    else if (this.state.kind === 'starting') await this.startInProgress();
    const session = this.liveSession();
    if (!session) throw refusalFor(this.name, this.state, this.clock.now());
    this.#inFlight++;
    clearTimeout(this.#idleTimer);
    try {
      return await request(session);
    } finally {
      this.#inFlight--;
      this.#armIdleTimer();
    }
  }

  #armIdleTimer(): void {
    const idleMs = this.config.idleShutdownMs;
    clearTimeout(this.#idleTimer);
    if (idleMs === undefined || this.#inFlight > 0 || this.state.kind !== 'running') return;
    this.#idleTimer = setTimeout(() => {
      if (this.#inFlight === 0) void this.stopForIdle();
    }, idleMs);
  }
}
