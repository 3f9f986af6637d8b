/**
 * The Streamable HTTP sessions of one listener (`/mcp`, stateful mode): each is an MCP
 * session on the runtime (its own `McpServer`, from the host's session factory) behind the
 * SDK's transport, with its id in `mcp-session-id`.
 *
 * - A POST `initialize` without a session id opens one; its `initialize` request
 *   (`HttpSessionLog`) and the events of its streams (`SessionEventStore`) are kept in the
 *   store, so after troupe restarts a request naming it brings it back (the stored
 *   `initialize` is replayed into a new transport, the events continue after the stored
 *   ones) and a GET with `Last-Event-ID` resumes a stream.
 * - `DELETE` ends one (the transport answers; its stored records go).
 * - The reaper closes a session idle (no request, no open stream) for the TTL; at the cap,
 *   opening one more closes the oldest idle session first, and when every session is busy
 *   the new one is refused with 503 and `Retry-After`.
 * - Sessions a previous run left in the store and nobody resumed within the TTL are ended.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { ActorSystem } from '../../kernel/index.js';
import { type EventBounds, type EventLog, MemoryEventLog, TableEventLog } from './event-logs.js';
import {
  readEventBounds,
  readStoredSession,
  removeStoredEvents,
  SessionEventStore,
  sessionLogId,
  storedSessionIds,
} from './event-store.js';
import type { HttpOptions } from './http-options.js';
import { webRequestOf } from './node-request.js';
import { writeRpcError, writeWebResponse } from './node-web.js';
import { HttpSessionLog, type SessionLogMsg } from './session-log-actor.js';

/** A new MCP session on the runtime (the host's `createMcpServer`). */
export type SessionFactory = () => McpServer;

/** Events kept per session for resumption: at most this many, none older than the TTL. */
const EVENTS_KEPT = 1_000;
const REAP_EVERY_MAX_MS = 30_000;
/** Ended session ids remembered, so none is revived while its records are being removed. */
const ENDED_REMEMBERED = 100_000;

interface LiveSession {
  readonly id: string;
  readonly transport: WebStandardStreamableHTTPServerTransport;
  readonly server: McpServer;
  readonly events: SessionEventStore;
  lastSeen: number;
  /** Requests of this session whose response is still open (an SSE stream counts). */
  open: number;
}

export interface HttpSessionsDeps {
  readonly system: ActorSystem;
  readonly createSession: SessionFactory;
  readonly options: HttpOptions;
  readonly log: Logger;
  /**
   * Where the sessions' SSE events are kept: `store` (they survive a restart), or `memory`
   * (the runtime's store is a scratch one no later run opens: `--durability memory`).
   */
  readonly eventsKept: 'store' | 'memory';
  readonly now?: () => number;
}

export class HttpSessions {
  /** In the order they were opened (or brought back). */
  private readonly live = new Map<string, LiveSession>();
  private readonly reviving = new Map<string, Promise<LiveSession | null>>();
  /** Sessions a previous run left: ended unless resumed before this time. */
  private leftover = new Set<string>();
  private leftoverDeadline = 0;
  private readonly reaper: NodeJS.Timeout;
  private readonly now: () => number;
  private closed = false;
  /**
   * Sessions ended here (deleted, reaped, capped), newest last: never brought back from the
   * store, whose records their log removes a little later.
   */
  private readonly ended = new Set<string>();
  /** A reap is under way: the next tick does not start another over the same sessions. */
  private reaping = false;

  constructor(private readonly deps: HttpSessionsDeps) {
    this.now = deps.now ?? Date.now;
    const every = Math.min(REAP_EVERY_MAX_MS, Math.max(50, deps.options.sessionTtlMs / 4));
    this.reaper = setInterval(() => void this.reap(), every);
    this.reaper.unref();
  }

  /** Note the sessions a previous run left in the store (ended when the TTL passes unresumed). */
  async adoptLeftovers(): Promise<void> {
    this.leftover = new Set(await storedSessionIds(this.deps.system));
    this.leftoverDeadline = this.now() + this.deps.options.sessionTtlMs;
    if (this.leftover.size > 0)
      this.deps.log.info(
        { sessions: this.leftover.size },
        'troupe serve: HTTP sessions of a previous run can resume',
      );
  }

  get size(): number {
    return this.live.size;
  }

  /** Serve one `/mcp` request whose body (for a POST) is already parsed. */
  async handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const header = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    let session: LiveSession | null;
    if (sessionId === undefined) {
      if (req.method !== 'POST' || !isInitialize(body)) {
        writeRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
        return;
      }
      session = await this.open(body);
      if (session === null) {
        writeRpcError(res, 503, -32000, 'Too many open sessions; retry later', { 'retry-after': '5' });
        return;
      }
    } else {
      session = this.live.get(sessionId) ?? (await this.revive(sessionId));
      if (session === null) {
        writeRpcError(res, 404, -32001, 'Session not found');
        return;
      }
    }
    session.open++;
    session.lastSeen = this.now();
    try {
      const response = await session.transport.handleRequest(webRequestOf(req), { parsedBody: body });
      await writeWebResponse(response, res);
    } finally {
      session.open--;
      session.lastSeen = this.now();
    }
  }

  /** Close every live session (the process stops); their stored records stay, for a resume. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    await Promise.all([...this.live.values()].map((session) => session.transport.close()));
  }

  /** A new session for `initialize`, or null at the cap with no idle session to close. */
  private async open(initialize: unknown): Promise<LiveSession | null> {
    if (this.live.size >= this.deps.options.maxSessions) {
      const oldestIdle = [...this.live.values()].find((session) => session.open === 0);
      if (oldestIdle === undefined) return null;
      this.deps.log.info(
        { session: oldestIdle.id },
        'troupe serve: HTTP session cap reached, closing the oldest idle',
      );
      await this.end(oldestIdle);
    }
    const id = randomUUID();
    await this.deps.system.spawn(HttpSessionLog, {
      id: sessionLogId(id),
      args: { sessionId: id, initialize },
    });
    return this.start(id);
  }

  /** A session the store knows (troupe restarted since it opened), brought back; null if unknown. */
  private revive(id: string): Promise<LiveSession | null> {
    const pending = this.reviving.get(id);
    if (pending) return pending;
    const reviving = (async () => {
      if (this.ended.has(id)) return null;
      const stored = await readStoredSession(this.deps.system, id);
      if (stored === undefined || this.closed) return null;
      const bounds = await readEventBounds(this.deps.system, id);
      if (this.closed) return null;
      this.leftover.delete(id);
      const session = this.start(id, bounds);
      // Replay the client's handshake into the new transport; the answers go nowhere.
      await replay(session.transport, stored.initialize);
      await replay(session.transport, { jsonrpc: '2.0', method: 'notifications/initialized' });
      this.deps.log.info({ session: id }, 'troupe serve: HTTP session resumed from the store');
      return session;
    })().finally(() => this.reviving.delete(id));
    this.reviving.set(id, reviving);
    return reviving;
  }

  private start(id: string, bounds?: EventBounds): LiveSession {
    const { options } = this.deps;
    const retention = { maxEvents: EVENTS_KEPT, maxAgeMs: options.sessionTtlMs };
    const log: EventLog =
      this.deps.eventsKept === 'store'
        ? new TableEventLog(this.deps.system, id, retention)
        : new MemoryEventLog(retention);
    const events = new SessionEventStore(log, this.now, bounds);
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => id,
      eventStore: events,
      keepAliveMs: options.keepAliveMs,
      maxRequestBodySize: options.maxBodyBytes,
      onsessionclosed: () => this.forget(id, 'deleted', events),
    });
    const server = this.deps.createSession();
    const session: LiveSession = { id, transport, server, events, lastSeen: this.now(), open: 0 };
    this.live.set(id, session);
    transport.onclose = () => {
      this.live.delete(id);
      void server.close();
    };
    void server.connect(transport);
    return session;
  }

  /** Close a live session and remove its stored records. */
  private async end(session: LiveSession): Promise<void> {
    this.live.delete(session.id);
    await session.transport.close();
    this.forget(session.id, 'ended', session.events);
  }

  /**
   * Remove a session's stored records (nobody waits for it): its events (`events`, when it is
   * live here; else those the store holds), then its record, by its log, which stops.
   */
  private forget(id: string, why: string, events: SessionEventStore | null): void {
    this.ended.add(id);
    if (this.ended.size > ENDED_REMEMBERED) this.ended.delete(this.ended.values().next().value as string);
    (events ? events.end() : removeStoredEvents(this.deps.system, id)).catch((error: unknown) =>
      this.deps.log.warn(
        { session: id, why, error: (error as Error).message },
        'troupe serve: HTTP session events not removed',
      ),
    );
    try {
      this.deps.system.refOf<SessionLogMsg>(sessionLogId(id)).tell({ type: 'end' });
    } catch (error) {
      this.deps.log.warn(
        { session: id, why, error: (error as Error).message },
        'troupe serve: HTTP session records not removed',
      );
    }
  }

  private async reap(): Promise<void> {
    if (this.reaping) return;
    this.reaping = true;
    try {
      await this.reapIdle();
    } finally {
      this.reaping = false;
    }
  }

  private async reapIdle(): Promise<void> {
    const now = this.now();
    const expired = [...this.live.values()].filter(
      (session) => session.open === 0 && now - session.lastSeen > this.deps.options.sessionTtlMs,
    );
    await Promise.all(expired.map((session) => this.end(session)));
    if (expired.length > 0)
      this.deps.log.info(
        { reaped: expired.length, open: this.live.size },
        'troupe serve: idle HTTP sessions closed',
      );
    if (this.leftover.size > 0 && now > this.leftoverDeadline) {
      const left = [...this.leftover].filter((id) => !this.live.has(id));
      this.leftover.clear();
      for (const id of left) this.forget(id, 'not resumed', null);
    }
  }
}

function isInitialize(body: unknown): boolean {
  return Array.isArray(body)
    ? body.some((message) => isInitializeRequest(message))
    : isInitializeRequest(body);
}

/** Feed `message` to `transport` as if a client had POSTed it, and drain the answer. */
async function replay(transport: WebStandardStreamableHTTPServerTransport, message: unknown): Promise<void> {
  const request = new Request('http://localhost/mcp', {
    method: 'POST',
    headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
  });
  const response = await transport.handleRequest(request, { parsedBody: message });
  await response.text();
}
