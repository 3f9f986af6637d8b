/**
 * What a new host needs to carry an attached MCP session on after a take-over: the
 * client's `initialize` request, its `initialized` notification, the agents the session
 * proved it acts for (told by the host: `src/mcp/identity-relay.ts`; kept in memory only),
 * and the resource subscriptions it holds (a subscribe the host refused is forgotten). The
 * proxy replays them to the new host; lines the client sent that are still waiting to be
 * delivered are not replayed twice.
 */
import { IDENTITY_NOTICE, RESTORE_IDENTITY } from '../../mcp/identity-relay.js';

export type Id = string | number;

export interface JsonRpc {
  readonly id?: Id;
  readonly method?: string;
  readonly params?: {
    readonly uri?: string;
    readonly requestId?: Id;
    readonly agent_id?: unknown;
    readonly agent_token?: unknown;
    readonly proven?: unknown;
  };
  readonly error?: unknown;
}

export class SessionMemory {
  private initialize: JsonRpc | null = null;
  private initialized: string | null = null;
  /** uri → the client's subscribe request and its line. */
  private readonly subscriptions = new Map<string, { readonly msg: JsonRpc; readonly line: string }>();
  /** A subscribe's request id → its uri, until the host answers it. */
  private readonly subscribing = new Map<Id, string>();
  /** Agent id → token: the agents this session proved it acts for. */
  private readonly identities = new Map<string, string>();

  /** A message from the host meant for the proxy (an identity notice), taken here; false for the client's. */
  fromHost(msg: JsonRpc): boolean {
    if (msg.method !== IDENTITY_NOTICE || msg.id !== undefined) return false;
    const { agent_id: agentId, agent_token: token, proven } = msg.params ?? {};
    if (typeof agentId !== 'string') return true;
    if (proven === true && typeof token === 'string') this.identities.set(agentId, token);
    else this.identities.delete(agentId);
    return true;
  }

  /** A message from the client. */
  fromClient(msg: JsonRpc, line: string): void {
    const uri = msg.params?.uri;
    switch (msg.method) {
      case 'initialize':
        this.initialize = msg;
        return;
      case 'notifications/initialized':
        this.initialized = line;
        return;
      case 'resources/subscribe':
        if (uri && msg.id !== undefined) {
          this.subscriptions.set(uri, { msg, line });
          this.subscribing.set(msg.id, uri);
        }
        return;
      case 'resources/unsubscribe':
        if (uri) this.subscriptions.delete(uri);
        return;
      default:
        return;
    }
  }

  /** An answer from the host to the client: a refused subscribe is not held. */
  answered(msg: JsonRpc): void {
    if (msg.id === undefined) return;
    const uri = this.subscribing.get(msg.id);
    if (uri === undefined) return;
    this.subscribing.delete(msg.id);
    if (msg.error !== undefined && this.subscriptions.get(uri)?.msg.id === msg.id)
      this.subscriptions.delete(uri);
  }

  /** A new host refused a replayed subscribe: do not ask the next one again. */
  forget(uri: string): void {
    this.subscriptions.delete(uri);
  }

  /** The replayed `initialize` under `id`, or null when the client never initialized. */
  initializeAs(id: Id): string | null {
    return this.initialize ? JSON.stringify({ ...this.initialize, jsonrpc: '2.0', id }) : null;
  }

  /**
   * The rest of the replay — `initialized`, the proven identities, then each subscribe under
   * a fresh id from `nextId(uri)` (`nextId(null)` for the identities) — leaving out lines
   * still `waiting` (the client's own go to the host).
   */
  rest(nextId: (uri: string | null) => Id, waiting: ReadonlySet<string>): string[] {
    const lines: string[] = [];
    if (this.initialized && !waiting.has(this.initialized)) lines.push(this.initialized);
    if (this.identities.size > 0) {
      const agents = [...this.identities].map(([agent_id, agent_token]) => ({ agent_id, agent_token }));
      lines.push(
        JSON.stringify({ jsonrpc: '2.0', id: nextId(null), method: RESTORE_IDENTITY, params: { agents } }),
      );
    }
    for (const [uri, { msg, line }] of this.subscriptions) {
      if (waiting.has(line)) continue;
      lines.push(JSON.stringify({ ...msg, jsonrpc: '2.0', id: nextId(uri) }));
    }
    return lines;
  }
}
