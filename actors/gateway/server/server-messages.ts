/**
 * What a server actor (`server-actor.ts`) takes, and what it tells the directory — plain
 * data, declared in one place.
 *
 * Requests are asks answered with a `GatewayOutcome` (a call answers when the downstream
 * call ends: the mailbox is never held meanwhile). Internal messages are the server's own:
 * its timers, and the results of downstream work re-entering through its mailbox, each
 * tagged with the session `generation` it belongs to, so that news of a session already
 * replaced is dropped.
 */
import type { CallToolResult, Progress, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ActorRef, ReplyTo } from '../../../src/kernel/index.js';
import type { GatewayCallEvent, LogMessage } from '../call-events.js';
import type { ServerConfigWire } from '../config/config-wire.js';
import type { ConnectionStateKind } from '../connection/connection-state.js';
import type { HealthReport, HealthStatus } from '../connection/health-check.js';
import type { ListKind } from '../connection/server-session.js';
import type { GatewayFailure, GatewayOutcome } from '../errors.js';

/** One tool call on this server (one attempt of a routed call). */
export interface ServerCall {
  readonly type: 'call';
  /** Unique among this server's calls in flight: what `cancel` names. */
  readonly attemptId: string;
  /** The caller's call id, which the events carry. */
  readonly callId: string;
  readonly tool: string;
  readonly arguments: Readonly<Record<string, unknown>>;
  /** The request's `_meta` (the idempotency key). */
  readonly meta?: Readonly<Record<string, unknown>>;
  /** Overrides the server's `timeout_ms`. */
  readonly timeoutMs?: number;
  /** The longest the call may wait at the server's door (rate limit, concurrency); default `timeout_ms`. */
  readonly maxWaitMs?: number;
  /** Who hears the call's progress and log messages. */
  readonly events?: ActorRef<GatewayCallEvent>;
}

/** A request on the server's other lists (resources, prompts). */
export type ServerListRequest =
  | { readonly type: 'list'; readonly list: 'resources' | 'resource-templates' | 'prompts' }
  | { readonly type: 'read-resource'; readonly uri: string }
  | {
      readonly type: 'get-prompt';
      readonly name: string;
      readonly arguments: Readonly<Record<string, string>>;
    };

/** A request that needs a live session (queued while the server starts). */
export type ServerRequest = ServerCall | ServerListRequest;

export type ServerMsg =
  | ServerRequest
  /** Tell: abort the call `attemptId` (the SDK sends `notifications/cancelled` downstream). */
  | { readonly type: 'cancel'; readonly attemptId: string }
  /** Ask: this server's {@link ServerStatus}. */
  | { readonly type: 'status' }
  /**
   * Ask: an operator's restart (leaves `crash_loop`); answered with the status once the start
   * settled. `requestedBy` says who asked (shown in the status as `lastRestart`).
   */
  | { readonly type: 'restart'; readonly requestedBy?: string }
  /** Tell: a new config entry for this server (applied in place, or by a restart). */
  | { readonly type: 'reconfigure'; readonly config: ServerConfigWire }
  /** Ask: stop the server's process group; answered once it is gone. */
  | { readonly type: 'shutdown' }
  | ServerInternal;

/** The server actor's own messages: timers, and downstream work re-entering. */
export type ServerInternal =
  /** The delayed first start (`startAfterMs`). */
  | { readonly type: 'start' }
  | { readonly type: 'opened'; readonly generation: number; readonly error?: GatewayFailure }
  | {
      readonly type: 'session-ended';
      readonly generation: number;
      readonly reason: string;
      readonly stderr: readonly string[];
    }
  | { readonly type: 'reconnect'; readonly generation: number }
  | { readonly type: 'health-tick' }
  | { readonly type: 'health-done'; readonly generation: number; readonly report: HealthReport }
  | {
      readonly type: 'call-done';
      readonly attemptId: string;
      readonly outcome: GatewayOutcome<CallToolResult>;
      /** How long the server took, when the call reached it. */
      readonly latencyMs?: number;
    }
  /** A request other than a call ended (or the shutdown did): answer it. */
  | { readonly type: 'request-done'; readonly replyTo: ReplyTo; readonly outcome: GatewayOutcome<unknown> }
  | { readonly type: 'progress'; readonly attemptId: string; readonly progress: Progress }
  | { readonly type: 'log'; readonly generation: number; readonly message: LogMessage }
  | { readonly type: 'list-changed'; readonly generation: number; readonly list: ListKind }
  | { readonly type: 'circuit-changed' }
  | { readonly type: 'idle-check'; readonly generation: number };

/**
 * What a server actor tells the directory whenever something routing depends on changes:
 * its state, health, circuit, or tools (the list is sent only when it changed).
 */
export interface ServerNews {
  readonly type: 'server-news';
  readonly name: string;
  /** The actor's id: news from a replaced incarnation of a server is dropped. */
  readonly actorId: string;
  readonly state: ConnectionStateKind;
  readonly health: HealthStatus | 'unknown';
  readonly circuitOpen: boolean;
  readonly toolHash: string;
  /** The exposed tools (after `tools.allow` / `tools.deny`), when they changed since the last news. */
  readonly tools?: readonly Tool[];
  /** Which list of the server changed (`notifications/*_list_changed`), when one did. */
  readonly listChanged?: 'resources' | 'prompts';
  /** A start attempt ended (running, or failed into backoff, crash loop, missing env, disabled). */
  readonly settled: boolean;
}

/** A server as `servers()` / `get_server_status` shows it. */
export interface ServerStatus {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly provider?: string;
  readonly tags: readonly string[];
  readonly capabilities: readonly string[];
  readonly transport: 'stdio' | 'http';
  readonly state: ConnectionStateKind;
  /** When the server entered its state (epoch ms), where the state says. */
  readonly since?: number;
  /** The process group of a running stdio server. */
  readonly pgid?: number;
  /** Each `required_env` variable (and each unresolved `${VAR}`): set or missing. */
  readonly requiredEnvStatus: readonly { readonly name: string; readonly status: 'set' | 'missing' }[];
  /** Crashes since the last operator restart or config change. */
  readonly restarts: number;
  /** The last restart asked for by someone (`restart_server`): who, and when (epoch ms). */
  readonly lastRestart?: { readonly by: string; readonly at: number };
  readonly lastError?: { readonly message: string; readonly stderr: readonly string[] };
  readonly health?: Pick<HealthReport, 'status' | 'reasons' | 'checkedAt' | 'latencyMs'>;
  readonly toolCount: number;
  readonly toolHash: string;
  /** Latency of the last calls that reached the server, ms. */
  readonly latencyMs: {
    readonly count: number;
    readonly p50: number;
    readonly p95: number;
    readonly p99: number;
  };
  /** Calls admitted and running downstream. */
  readonly callsInFlight: number;
  /** Calls accepted and waiting (for a slot, the rate limit, or the start). */
  readonly callsWaiting: number;
  readonly circuit: 'closed' | 'open' | 'half-open';
  /** Result-cache hits of the entries this server answered, and the misses it then answered (filled in by the directory). */
  readonly cache: { readonly hits: number; readonly misses: number };
}
