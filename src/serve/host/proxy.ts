/**
 * The session proxy: a `troupe serve` process that attached to another's runtime relays its
 * MCP host's stdio (newline-delimited JSON-RPC) to the hosting process over a `Link` — and
 * keeps doing so after a take-over, when the host may be itself.
 *
 * When the link drops, a request the host received but did not answer gets a JSON-RPC error
 * saying its outcome is unknown — it was never acknowledged, so nothing acknowledged is lost.
 * A link that dropped before the host said anything at all (a host shutting down, a dead
 * listener's backlog) processed nothing: its requests are sent again on the next link, after
 * a short pause. The proxy then links again (an election: this process may become the host)
 * and replays the session (`session-memory.ts`) to the new host, whose answers to the replay
 * are swallowed; the client's lines wait until the new host has taken the replayed
 * `initialize` (or give up on it after `REPLAY_TIMEOUT_MS`, and link again).
 */
import type { Readable, Writable } from 'node:stream';
import { oversizedReply } from '../../mcp/protocol/screen.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../framed-transport.js';
import type { Link, LinkEvents } from './link.js';
import { streamLink } from './link.js';
import { type Id, type JsonRpc, SessionMemory } from './session-memory.js';

/** JSON-RPC error code for "the process that was answering went away". */
export const HOST_LOST = -32001;

/** How long a new host may take to answer the replayed `initialize` (it may be opening a big store). */
const REPLAY_TIMEOUT_MS = 60_000;
/** Pause before linking again after a link that never answered. */
const RETRY_PAUSE_MS = 50;

export interface ProxyHooks {
  /** The host went away; the proxy links again (`attempt` counts the take-overs). */
  readonly onRelink?: (attempt: number) => void;
  /** Linking again failed (the store cannot be opened, say): the session cannot go on. */
  readonly onFailure?: (error: unknown) => void;
  /** The client's messages over this size are answered here with `-32600`, never relayed (default 4 MiB). */
  readonly maxMessageBytes?: number;
}

interface Pending {
  readonly line: string;
  /** A request's id (notifications have none). */
  readonly id: Id | undefined;
  /** The client's `initialize`: while it waits, a new host gets it from the client, not by replay. */
  readonly initialize: boolean;
}

export class SessionProxy {
  private link: Link | null = null;
  /** Whether the current link's host has said anything yet. */
  private heard = false;
  /** Client lines pass only when ready: linked, and any replay taken by the new host. */
  private ready = false;
  /** Requests sent on the current link and not answered yet, with their lines. */
  private readonly unanswered = new Map<Id, string>();
  private readonly waiting: Pending[] = [];
  /** Everything sent on the current link before its host said anything (sent again if it never does). */
  private unheard: Pending[] = [];
  /** Lines whose write failed, in order: they never reached a host, so they are sent again, not failed. */
  private undelivered: string[] = [];
  private readonly memory = new SessionMemory();
  /** Replayed requests whose answers are swallowed: a replayed subscribe's uri, null for others. */
  private readonly replayIds = new Map<Id, string | null>();
  private replayInit: Id | null = null;
  private replayTimer: NodeJS.Timeout | null = null;
  private replays = 0;
  private nextReplayId = 0;
  private clientGone = false;
  private linking: Promise<void> = Promise.resolve();
  /** Resolves when the client has gone and no link is being made any more. */
  readonly done: Promise<void>;

  constructor(
    private readonly client: { readonly input: Readable; readonly output: Writable },
    private readonly relink: (events: LinkEvents) => Promise<Link>,
    private readonly hooks: ProxyHooks = {},
  ) {
    const limit = hooks.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.done = new Promise<void>((resolve) => {
      streamLink(
        client.input,
        client.output,
        {
          onLine: (line) => this.fromClient(line),
          onClose: () => {
            this.clientGone = true;
            this.link?.end();
            resolve();
          },
        },
        {
          maxLineBytes: limit,
          onOversized: ({ bytes, head, tail }) =>
            client.output.write(`${oversizedReply(head, tail, bytes, limit)}\n`),
        },
      );
    }).then(() => this.linking);
  }

  /** Link to the host for the first time (rejects when that fails). */
  start(): Promise<void> {
    this.linking = this.connect();
    return this.linking;
  }

  /** Stop relaying (a signal): no new link is made; resolves when a link being made is settled. */
  async close(): Promise<void> {
    this.clientGone = true;
    if (this.replayTimer) clearTimeout(this.replayTimer);
    this.link?.end();
    await this.linking;
  }

  private async connect(): Promise<void> {
    if (this.clientGone) return;
    const at: { state: 'linking' | 'linked' | 'dropped' } = { state: 'linking' };
    this.heard = false;
    const link = await this.relink({
      onLine: (line) => this.fromHost(line),
      onClose: () => {
        if (at.state === 'linked') this.lost();
        at.state = 'dropped';
      },
      onUndelivered: (line) => this.undelivered.push(line),
    });
    if (this.clientGone) return link.end();
    if (at.state === 'dropped') return this.lost();
    at.state = 'linked';
    this.link = link;
    // Replayed only if the client's own `initialize` already went to an earlier host.
    const sentBefore = !this.waiting.some((p) => p.initialize);
    const id = `troupe-replay-${this.nextReplayId + 1}`;
    const initialize = this.replays > 0 && sentBefore ? this.memory.initializeAs(id) : null;
    if (initialize === null) return this.flush();
    // A new host: carry the session over before anything else reaches it.
    this.nextReplayId++;
    this.replayInit = id;
    this.replayTimer = setTimeout(() => link.destroy(), REPLAY_TIMEOUT_MS);
    link.send(initialize);
  }

  private fromClient(line: string): void {
    const msg = parse(line);
    if (msg) this.memory.fromClient(msg, line);
    // A cancelled request gets no answer: it is no longer the host's to answer.
    if (msg?.method === 'notifications/cancelled' && msg.params?.requestId !== undefined)
      this.unanswered.delete(msg.params.requestId);
    const id = msg?.method !== undefined && msg.id !== undefined ? msg.id : undefined;
    this.waiting.push({ line, id, initialize: msg?.method === 'initialize' });
    if (this.ready) this.flush();
  }

  private fromHost(line: string): void {
    this.heard = true;
    this.unheard = [];
    const msg = parse(line);
    // The host's identity notices are for this proxy's memory, never for the client.
    if (msg && this.memory.fromHost(msg)) return;
    if (msg?.id !== undefined && msg.method === undefined) {
      if (this.replayInit !== null && msg.id === this.replayInit) {
        this.resumed();
        return;
      }
      if (this.replayIds.has(msg.id)) {
        const uri = this.replayIds.get(msg.id);
        this.replayIds.delete(msg.id);
        if (uri && msg.error !== undefined) this.memory.forget(uri);
        return;
      }
      this.unanswered.delete(msg.id);
      this.memory.answered(msg);
    }
    this.client.output.write(`${line}\n`);
  }

  /** The new host took the replayed `initialize`: finish the replay, then let the client's lines through. */
  private resumed(): void {
    this.replayInit = null;
    if (this.replayTimer) clearTimeout(this.replayTimer);
    const link = this.link;
    if (!link) return;
    const waitingLines = new Set(this.waiting.map((p) => p.line));
    const nextId = (uri: string | null) => {
      const id = `troupe-replay-${++this.nextReplayId}`;
      this.replayIds.set(id, uri);
      return id;
    };
    for (const line of this.memory.rest(nextId, waitingLines)) link.send(line);
    this.flush();
  }

  private flush(): void {
    this.ready = true;
    const link = this.link;
    if (!link) return;
    for (const pending of this.waiting.splice(0)) {
      if (pending.id !== undefined) this.unanswered.set(pending.id, pending.line);
      if (!this.heard) this.unheard.push(pending);
      link.send(pending.line);
    }
  }

  /** The host went away: settle what it left, then find the next host. */
  private lost(): void {
    this.link = null;
    this.ready = false;
    this.replayInit = null;
    if (this.replayTimer) clearTimeout(this.replayTimer);
    this.replayIds.clear();
    // Failed writes report just after the close: wait for them before settling anything.
    setImmediate(() => this.settleLost());
  }

  private settleLost(): void {
    const heard = this.heard;
    if (this.clientGone) return;
    // A host that said nothing processed nothing: everything sent to it goes again, in order.
    // Otherwise only what certainly never left (a failed write) goes again.
    // (A failed replayed request is not the client's: the next host's replay makes it again.)
    const resend: Pending[] = heard
      ? this.undelivered
          .map((line) => ({ line, id: idOf(line), initialize: false }))
          .filter(({ id }) => id === undefined || this.unanswered.has(id))
      : this.unheard;
    for (const { id } of resend) if (id !== undefined) this.unanswered.delete(id);
    this.unheard = [];
    this.undelivered = [];
    // What never reached the host goes first on the next link.
    this.waiting.unshift(...resend);
    // What the host received but did not answer: its outcome is unknown.
    for (const id of this.unanswered.keys()) {
      const error = {
        code: HOST_LOST,
        message:
          'the troupe process hosting the runtime exited before answering; whether this request took effect is unknown — check, then retry',
      };
      this.client.output.write(`${JSON.stringify({ jsonrpc: '2.0', id, error })}\n`);
    }
    this.unanswered.clear();
    this.replays++;
    this.hooks.onRelink?.(this.replays);
    this.linking = (heard ? Promise.resolve() : pause(RETRY_PAUSE_MS))
      .then(() => this.connect())
      .catch((error: unknown) => this.hooks.onFailure?.(error));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A request's id (undefined for a notification or a line that is not JSON). */
function idOf(line: string): Id | undefined {
  const msg = parse(line);
  return msg?.method !== undefined ? msg.id : undefined;
}

function parse(line: string): JsonRpc | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRpc) : null;
  } catch {
    return null;
  }
}
