/**
 * The session proxy: a `troupe serve` process that attached to another's runtime relays its
 * MCP host's stdio (newline-delimited JSON-RPC) to the hosting process over a `Link` — and
 * keeps doing so after a take-over, when the host may be itself.
 *
 * It remembers what a new host would need to carry the session on: the `initialize`
 * request, the `initialized` notification and the resource subscriptions. When the link
 * drops (the hosting process died), every request still unanswered gets a JSON-RPC error
 * saying its outcome is unknown — it was never acknowledged, so nothing acknowledged is
 * lost — and the proxy links again (an election: this process may become the host) and
 * replays the session to the new host, whose answers to the replay are swallowed.
 */
import type { Readable, Writable } from 'node:stream';
import type { Link, LinkEvents } from './link.js';
import { streamLink } from './link.js';

type Id = string | number;

interface JsonRpc {
  readonly id?: Id;
  readonly method?: string;
  readonly params?: { readonly uri?: string };
}

/** JSON-RPC error code for "the process that was answering went away". */
export const HOST_LOST = -32001;

export interface ProxyHooks {
  /** The host went away; the proxy links again (`attempt` counts the take-overs). */
  readonly onRelink?: (attempt: number) => void;
  /** Linking again failed (the store cannot be opened, say): the session cannot go on. */
  readonly onFailure?: (error: unknown) => void;
}

export class SessionProxy {
  private link: Link | null = null;
  /** Client lines are held while there is no link, or the new host has not answered the replayed `initialize` yet. */
  private ready = false;
  private readonly unanswered = new Set<Id>();
  private readonly replayIds = new Set<Id>();
  private replayInit: Id | null = null;
  private readonly subscriptions = new Map<string, JsonRpc>();
  private initialize: JsonRpc | null = null;
  private initialized: string | null = null;
  private readonly waiting: { readonly line: string; readonly id: Id | undefined }[] = [];
  private replays = 0;
  private clientGone = false;
  private linking: Promise<void> = Promise.resolve();
  /** Resolves when the client has gone and no link is being made any more. */
  readonly done: Promise<void>;

  constructor(
    private readonly client: { readonly input: Readable; readonly output: Writable },
    private readonly relink: (events: LinkEvents) => Promise<Link>,
    private readonly hooks: ProxyHooks = {},
  ) {
    this.done = new Promise<void>((resolve) => {
      streamLink(client.input, client.output, {
        onLine: (line) => this.fromClient(line),
        onClose: () => {
          this.clientGone = true;
          this.link?.end();
          resolve();
        },
      });
    }).then(() => this.linking);
  }

  /** Link to the host for the first time (rejects when that fails). */
  start(): Promise<void> {
    this.linking = this.connect();
    return this.linking;
  }

  private async connect(): Promise<void> {
    const at: { state: 'linking' | 'linked' | 'dropped' } = { state: 'linking' };
    const link = await this.relink({
      onLine: (line) => this.fromHost(line),
      onClose: () => {
        if (at.state === 'linked') this.lost();
        at.state = 'dropped';
      },
    });
    if (this.clientGone) return link.end();
    if (at.state === 'dropped') return this.lost();
    at.state = 'linked';
    this.link = link;
    if (this.replays === 0 || !this.initialize) return this.flush();
    // A new host: carry the session over before anything else reaches it.
    this.replayInit = this.replayId();
    link.send(JSON.stringify({ ...this.initialize, jsonrpc: '2.0', id: this.replayInit }));
  }

  private fromClient(line: string): void {
    const msg = parse(line);
    const request = msg?.method !== undefined && msg.id !== undefined ? msg.id : undefined;
    if (msg && request !== undefined) {
      if (msg.method === 'initialize') this.initialize = msg;
      if (msg.method === 'resources/subscribe' && msg.params?.uri)
        this.subscriptions.set(msg.params.uri, msg);
      if (msg.method === 'resources/unsubscribe' && msg.params?.uri)
        this.subscriptions.delete(msg.params.uri);
    } else if (msg?.method === 'notifications/initialized') {
      this.initialized = line;
    }
    this.waiting.push({ line, id: request });
    if (this.ready) this.flush();
  }

  private fromHost(line: string): void {
    const msg = parse(line);
    if (msg?.id !== undefined && msg.method === undefined) {
      if (msg.id === this.replayInit) {
        this.resumed();
        return;
      }
      if (this.replayIds.delete(msg.id)) return;
      this.unanswered.delete(msg.id);
    }
    this.client.output.write(`${line}\n`);
  }

  /** The new host took the replayed `initialize`: finish the replay, then let the client's lines through. */
  private resumed(): void {
    const link = this.link;
    this.replayInit = null;
    if (!link) return;
    if (this.initialized) link.send(this.initialized);
    for (const subscribe of this.subscriptions.values()) {
      const id = this.replayId();
      this.replayIds.add(id);
      link.send(JSON.stringify({ ...subscribe, jsonrpc: '2.0', id }));
    }
    this.flush();
  }

  private flush(): void {
    this.ready = true;
    const link = this.link;
    if (!link) return;
    for (const { line, id } of this.waiting.splice(0)) {
      if (id !== undefined) this.unanswered.add(id);
      link.send(line);
    }
  }

  /** The host went away: answer what it left unanswered, then find the next host. */
  private lost(): void {
    this.link = null;
    this.ready = false;
    this.replayInit = null;
    this.replayIds.clear();
    if (this.clientGone) return;
    for (const id of this.unanswered) {
      const error = {
        code: HOST_LOST,
        message:
          'the troupe process hosting the runtime exited before answering; whether this request took effect is unknown — check, then retry',
      };
      this.client.output.write(`${JSON.stringify({ jsonrpc: '2.0', id, error })}\n`);
    }
    this.unanswered.clear();
    this.hooks.onRelink?.(++this.replays);
    this.linking = this.connect().catch((error: unknown) => this.hooks.onFailure?.(error));
  }

  private replayId(): string {
    return `troupe-replay-${this.replays}-${this.replayIds.size}-${this.replayInit === null ? 'i' : 's'}`;
  }
}

function parse(line: string): JsonRpc | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRpc) : null;
  } catch {
    return null;
  }
}
