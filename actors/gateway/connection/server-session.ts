/**
 * One live connection to one downstream server: an SDK `Client` over the launcher's
 * process-group transport (stdio) or the SDK's Streamable HTTP transport, opened with the
 * handshake and a first `tools/list`, and closed for good — a session is never reopened;
 * restarting makes a new one (`server-connection.ts` owns that).
 *
 * It forwards what the server pushes: log messages (`notifications/message`), list
 * changes (the tool list is fetched again and rehashed before `onListChanged('tools')`),
 * and per call progress notifications. Every request is bounded by a timeout and can be
 * cancelled with an `AbortSignal` (the SDK then sends `notifications/cancelled`
 * downstream); failures become {@link GatewayError}s (`call-errors.ts`).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  type CallToolResult,
  CallToolResultSchema,
  type GetPromptResult,
  type Implementation,
  type LoggingMessageNotification,
  LoggingMessageNotificationSchema,
  type Progress,
  PromptListChangedNotificationSchema,
  type ReadResourceResult,
  ResourceListChangedNotificationSchema,
  type ServerCapabilities,
  type Tool,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { Environment } from '../config/env-expansion.js';
import type { ServerConfig } from '../config/server-config.js';
import { GatewayError } from '../errors.js';
import { childEnvironment } from '../process/child-environment.js';
import { type ProcessExit, ProcessGroupTransport } from '../process/process-group-transport.js';
import { toGatewayError } from './call-errors.js';
import {
  listAllPrompts,
  listAllResources,
  listAllResourceTemplates,
  listAllTools,
  toolListHash,
} from './tool-catalog.js';

export const DEFAULT_CLIENT_INFO: Implementation = { name: 'troupe-gateway', version: '0.1.0' };

export type ListKind = 'tools' | 'resources' | 'prompts';

export interface SessionHooks {
  readonly onLog?: (message: LoggingMessageNotification['params']) => void;
  /** After a list-changed notification; for tools, once the new list is fetched and hashed. */
  readonly onListChanged?: (list: ListKind) => void;
  readonly onStderrLine?: (line: string) => void;
  /** The session ended: closed by us (`expected`) or not (the server died, the connection broke). */
  readonly onEnd?: (end: SessionEnd) => void;
}

export interface OpenSessionOptions extends SessionHooks {
  /** troupe's environment, for `required_env` pass-through (default: `process.env`). */
  readonly env?: Environment;
  readonly clientInfo?: Implementation;
  /** Each stage of stopping a stdio server waits this long (see the launcher). */
  readonly graceMs?: number;
}

export interface SessionEnd {
  readonly expected: boolean;
  readonly exit?: ProcessExit;
  readonly stderr: readonly string[];
}

export interface CallOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
  /** Restart the timeout at each progress notification (a long call that keeps reporting). */
  readonly resetTimeoutOnProgress?: boolean;
  /** The request's `_meta` (tool calls): an idempotency key, for one (the progress token is the SDK's). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** Open a session: spawn or connect, handshake, first `tools/list`; throws a `server_unavailable` GatewayError. */
export async function openSession(
  config: ServerConfig,
  options: OpenSessionOptions = {},
): Promise<ServerSession> {
  const session = new ServerSession(config, options);
  await session.open();
  return session;
}

export class ServerSession {
  readonly config: ServerConfig;
  readonly client: Client;
  #tools: readonly Tool[] = [];
  #toolHash = '';
  /** The hash of the list the SDK last built its output validators from. */
  #validatedHash = '';
  readonly #transport: Transport;
  readonly #hooks: SessionHooks;
  #closing = false;
  #ended: SessionEnd | undefined;

  constructor(config: ServerConfig, options: OpenSessionOptions) {
    this.config = config;
    this.#hooks = options;
    this.#transport = createTransport(config, options);
    this.client = new Client(options.clientInfo ?? DEFAULT_CLIENT_INFO, { capabilities: {} });
    this.client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      this.#hooks.onLog?.(notification.params);
    });
    this.client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      try {
        await this.refreshTools();
        this.#hooks.onListChanged?.('tools');
      } catch {
        // The next health check fetches the list again and reports the failure.
      }
    });
    this.client.setNotificationHandler(ResourceListChangedNotificationSchema, () =>
      this.#hooks.onListChanged?.('resources'),
    );
    this.client.setNotificationHandler(PromptListChangedNotificationSchema, () =>
      this.#hooks.onListChanged?.('prompts'),
    );
    this.client.onclose = () => this.#end();
  }

  get tools(): readonly Tool[] {
    return this.#tools;
  }

  /** Hash of the last tool list fetched (`tool-catalog.ts`). */
  get toolHash(): string {
    return this.#toolHash;
  }

  get isOpen(): boolean {
    return this.#ended === undefined && !this.#closing;
  }

  get capabilities(): ServerCapabilities | undefined {
    return this.client.getServerCapabilities();
  }

  /** The process group of a stdio server (its launcher's pid). */
  get pgid(): number | undefined {
    return this.#transport instanceof ProcessGroupTransport ? this.#transport.pgid : undefined;
  }

  stderrLines(): string[] {
    return this.#transport instanceof ProcessGroupTransport ? this.#transport.stderrTail.lines() : [];
  }

  /** Spawn or connect, handshake, first `tools/list` (once; {@link openSession} does it for you). */
  async open(): Promise<void> {
    const timeout = this.config.startupTimeoutMs;
    try {
      await this.client.connect(this.#transport, { timeout });
      await this.refreshTools(timeout);
    } catch (error) {
      await this.close();
      const cause = toGatewayError(error, {
        server: this.config.name,
        tool: 'initialize',
        timeoutMs: timeout,
      });
      throw new GatewayError(
        'server_unavailable',
        `server "${this.config.name}" could not start: ${cause.message}`,
        {
          server: this.config.name,
          stderr: this.stderrLines(),
          cause,
        },
      );
    }
  }

  /**
   * Fetch the whole tool list again and rehash it. The SDK's output-schema validators are
   * rebuilt only when the list changed (the first fetch builds them), so a periodic check
   * compiles nothing and keeps nothing.
   */
  async refreshTools(timeoutMs = this.config.timeoutMs): Promise<readonly Tool[]> {
    const fetch = (validators: boolean) =>
      this.#request('tools/list', { timeoutMs }, (options) =>
        listAllTools(this.client, options, { validators }),
      );
    const plain = this.#validatedHash === '' ? undefined : await fetch(false);
    const tools = plain && toolListHash(plain) === this.#validatedHash ? plain : await fetch(true);
    this.#tools = tools;
    this.#toolHash = toolListHash(tools);
    this.#validatedHash = this.#toolHash;
    return tools;
  }

  callTool(name: string, args: Record<string, unknown>, options: CallOptions = {}): Promise<CallToolResult> {
    return this.#request(name, options, async (request) => {
      const params = { name, arguments: args, ...(options.meta ? { _meta: { ...options.meta } } : {}) };
      const result = await this.client.callTool(params, CallToolResultSchema, {
        ...request,
        ...(options.onProgress ? { onprogress: options.onProgress } : {}),
        ...(options.resetTimeoutOnProgress ? { resetTimeoutOnProgress: true } : {}),
      });
      return result as CallToolResult;
    });
  }

  listResources(options: CallOptions = {}) {
    return this.#request('resources/list', options, (request) => listAllResources(this.client, request));
  }

  listResourceTemplates(options: CallOptions = {}) {
    return this.#request('resources/templates/list', options, (request) =>
      listAllResourceTemplates(this.client, request),
    );
  }

  readResource(uri: string, options: CallOptions = {}): Promise<ReadResourceResult> {
    return this.#request('resources/read', options, (request) => this.client.readResource({ uri }, request));
  }

  listPrompts(options: CallOptions = {}) {
    return this.#request('prompts/list', options, (request) => listAllPrompts(this.client, request));
  }

  getPrompt(
    name: string,
    args: Record<string, string> = {},
    options: CallOptions = {},
  ): Promise<GetPromptResult> {
    return this.#request('prompts/get', options, (request) =>
      this.client.getPrompt({ name, arguments: args }, request),
    );
  }

  /** Close the session on purpose: for stdio, the server's whole process group is stopped. */
  async close(): Promise<void> {
    this.#closing = true;
    try {
      await this.client.close();
    } finally {
      await this.#transport.close();
      this.#end();
    }
  }

  async #request<T>(
    what: string,
    options: CallOptions,
    send: (request: { timeout: number; signal?: AbortSignal }) => Promise<T>,
  ): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.config.timeoutMs;
    try {
      return await send({ timeout: timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      throw toGatewayError(error, {
        server: this.config.name,
        tool: what,
        timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    }
  }

  #end(): void {
    if (this.#ended) return;
    const exit = this.#transport instanceof ProcessGroupTransport ? this.#transport.exit : undefined;
    this.#ended = { expected: this.#closing, stderr: this.stderrLines(), ...(exit ? { exit } : {}) };
    this.#hooks.onEnd?.(this.#ended);
  }
}

/** How a session ended, in a few words (for `lastError` and crash reports). */
export function describeSessionEnd(end: SessionEnd): string {
  if (!end.exit) return 'the connection closed';
  if (end.exit.signal) return `the server was killed by ${end.exit.signal}`;
  return `the server exited with code ${end.exit.code}`;
}

function createTransport(config: ServerConfig, options: OpenSessionOptions): Transport {
  const transport = config.transport;
  switch (transport.kind) {
    case 'stdio':
      return new ProcessGroupTransport({
        command: transport.command,
        args: transport.args,
        env: childEnvironment(config.requiredEnv, transport.env, options.env ?? process.env),
        ...(transport.cwd === undefined ? {} : { cwd: transport.cwd }),
        ...(options.graceMs === undefined ? {} : { graceMs: options.graceMs }),
        ...(options.onStderrLine ? { onStderrLine: options.onStderrLine } : {}),
      });
    case 'http':
      return new StreamableHTTPClientTransport(new URL(transport.url), {
        requestInit: { headers: { ...transport.headers } },
      });
  }
}
