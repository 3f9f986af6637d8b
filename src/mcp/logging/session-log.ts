/**
 * `SessionLog`: MCP logging for one session — the `logging` capability, `logging/setLevel`,
 * and the `notifications/message` it then gets. A session hears nothing until it sets a level
 * (troupe's logs proper go to stderr); from then on it hears the runtime's incidents at or
 * above its level (`incident-messages.ts`: deadlocks broken, jams, crashed threads,
 * quarantines, crash loops) and, at `debug`, every tool call it makes (tool, argument names,
 * caller, time, error code — never a token nor an argument's value). The event stream is
 * listened to only while a level is set, so sessions that never ask cost nothing.
 * It owns no wording of incidents and no tool pipeline (`tool-registry.ts` tells it of calls).
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  type LoggingLevel,
  LoggingLevelSchema,
  SetLevelRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { SystemEventListener } from '../../kernel/index.js';
import { incidentMessageOf, type LogMessage } from './incident-messages.js';

/** Where incidents come from: the actor system's event stream (`system.subscribe`). */
export interface IncidentSource {
  subscribe(listener: SystemEventListener): () => void;
}

/** One finished tool call, as a debug-level message shows it. */
export interface CallRecord {
  readonly tool: string;
  readonly args: readonly string[];
  readonly caller: string | null;
  readonly ms: number;
  readonly error?: unknown;
}

const SEVERITY: ReadonlyMap<LoggingLevel, number> = new Map(
  LoggingLevelSchema.options.map((level, index) => [level, index]),
);

export class SessionLog {
  readonly #server: Server;
  readonly #incidents: IncidentSource;
  #level: LoggingLevel | null = null;
  #stopListening: (() => void) | null = null;

  /** Declares `logging` on `server` and answers its `logging/setLevel` (call before it connects). */
  constructor(server: Server, incidents: IncidentSource) {
    this.#server = server;
    this.#incidents = incidents;
    server.registerCapabilities({ logging: {} });
    server.setRequestHandler(SetLevelRequestSchema, (request) => {
      this.setLevel(request.params.level);
      return {};
    });
    const closed = server.onclose;
    server.onclose = () => {
      this.close();
      closed?.();
    };
  }

  /** The level the session asked for, or null while it has not. */
  get level(): LoggingLevel | null {
    return this.#level;
  }

  /** Does the session want each tool call reported? (The registry checks this before it builds a record.) */
  get debugging(): boolean {
    return this.#level === 'debug';
  }

  setLevel(level: LoggingLevel): void {
    this.#level = level;
    this.#stopListening ??= this.#incidents.subscribe((event) => {
      const message = incidentMessageOf(event);
      if (message !== null) this.send(message);
    });
  }

  /** A debug-level message for a tool call this session made. */
  toolCalled(call: CallRecord): void {
    if (!this.debugging) return;
    this.send({
      level: 'debug',
      logger: 'troupe.calls',
      data: { message: `tool call ${call.tool}`, ...call },
    });
  }

  /** Sends `message` if the session asked for its level and is open; best effort. */
  send(message: LogMessage): void {
    const level = this.#level;
    if (level === null || (SEVERITY.get(message.level) ?? 0) < (SEVERITY.get(level) ?? 0)) return;
    if (this.#server.transport === undefined || this.#server.getClientCapabilities() === undefined) return;
    this.#server
      .notification({ method: 'notifications/message', params: { ...message, data: { ...message.data } } })
      .catch(() => {});
  }

  close(): void {
    this.#stopListening?.();
    this.#stopListening = null;
  }
}
