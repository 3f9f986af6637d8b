/**
 * The directory actor's messages — the gateway's interface inside the runtime — and the
 * shapes of its answers. Plain data, declared in one place.
 *
 * ## Calling a tool from an actor (a workflow run, any domain actor)
 *
 * The directory's ref is `gatewayRef(system)` on the main thread, or
 * `new ActorRef(GATEWAY_ACTOR_ID, homeThread(GATEWAY_ACTOR_ID, threads))` — pass it in the
 * actor's args. Two ways, same message:
 *
 * ```ts
 * // 1. Ask, answered with a GatewayOutcome<ToolCallResult> when the call ends; the actor's
 * //    mailbox stays free if the turn re-enters instead of awaiting:
 * const self = ctx.self;
 * ctx.ask<GatewayOutcome<ToolCallResult>>(gateway, {
 *   type: 'call-tool', name: 'memory__read_graph', arguments: {}, callId: 'run-7/step-3',
 *   agentId: 'ada', idempotencyKey: 'run-7/step-3', events: ctx.self,
 * }, { timeoutMs: 600_000 }).then((outcome) => self.tell({ type: 'tool-answered', outcome }));
 *
 * // 2. Tell with an `events` ref: the outcome comes back as a message, `{ type: 'done', callId, outcome }`.
 * ctx.tell(gateway, { type: 'call-tool', name: 'memory__read_graph', callId: 'run-7/step-3', events: ctx.self });
 *
 * // Either way, cancel with the call's id (the downstream request gets notifications/cancelled):
 * ctx.tell(gateway, { type: 'cancel', callId: 'run-7/step-3' });
 * ```
 *
 * `events` (optional) hears the call's `GatewayCallEvent`s: `progress`, `log`, and `done`
 * for a told call. `callId` is the caller's own (≤ 200 characters; unique among the calls it
 * has in flight; generated when absent, but then the call cannot be cancelled).
 * `idempotencyKey` travels downstream in the request's `_meta` under
 * `IDEMPOTENCY_META_KEY` (`troupe/idempotencyKey`), so that a server that honours one can
 * deduplicate; the gateway itself never calls a tool twice unless it is annotated
 * idempotent or read-only, or configured `retryable`. `sessionId` keys the cache for
 * servers with `cache.per_session`; `agentId` is who takes the lease of a `lock_argument`
 * tool (default: the call itself). A malformed message is answered `invalid_argument`
 * naming the field; a failure with a gateway code and its details (`GatewayFailure`).
 */
import type {
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { ActorRef, ReplyTo } from '../../../src/kernel/index.js';
import type { GatewayCallEvent } from '../call-events.js';
import type { GatewayConfigWire } from '../config/config-wire.js';
import type { ConnectionStateKind } from '../connection/connection-state.js';
import type { HealthStatus } from '../connection/health-check.js';
import type { GatewayFailure, GatewayOutcome } from '../errors.js';
import type { ServerNews, ServerStatus } from '../server/server-messages.js';

/** The default id of the directory actor: one gateway per runtime. */
export const GATEWAY_ACTOR_ID = 'gateway';

/** What every tool call may carry besides the tool and its arguments. */
export interface ToolCallFields {
  readonly callId?: string;
  readonly arguments?: Readonly<Record<string, unknown>>;
  readonly sessionId?: string;
  readonly agentId?: string;
  readonly idempotencyKey?: string;
  /** Overrides the server's `timeout_ms` for each attempt. */
  readonly timeoutMs?: number;
  readonly events?: ActorRef<GatewayCallEvent>;
}

export type CallToolMsg = ToolCallFields & {
  readonly type: 'call-tool';
  /** The exposed name (`<server or group>__<tool>`). */
  readonly name: string;
};

/** Seed 001's `route_request`: `vendor` is a provider group, or a server pinned by name. */
export type RouteMsg = ToolCallFields & {
  readonly type: 'route';
  readonly vendor: string;
  readonly tool: string;
};

/**
 * A call by capability: to a server whose `capabilities` or `tags` include `capability`
 * and that offers `tool` (its downstream name); with several, routed and failed over among
 * them as within a provider group.
 */
export type RouteCapabilityMsg = ToolCallFields & {
  readonly type: 'route-capability';
  readonly capability: string;
  readonly tool: string;
};

/** What the directory tells its watchers (`watch`). */
export type GatewayNews =
  | { readonly type: 'tools-changed' }
  | { readonly type: 'resources-changed'; readonly server: string }
  | { readonly type: 'prompts-changed'; readonly server: string };

/**
 * What the directory tells whoever keeps copies of its cache entries (`watch-cache`): the
 * entries of `scope` (a provider group, or a lone server) are gone — its server restarted
 * with another tool list, or its config changed or was removed.
 */
export type CacheNews = { readonly type: 'cache-invalidated'; readonly scope: string };

/** What the lease bridge (`embedding/lease-bridge.ts`) and the directory say to each other. */
export type LeaseRequest =
  | {
      readonly type: 'acquire';
      readonly leaseId: string;
      readonly path: string;
      /** The call's agent, or — for a call that named none (`anonymous`) — the call itself. */
      readonly agentId: string;
      readonly anonymous: boolean;
      /** How long to wait for a lease another holder has (the server's `lock_wait_s`); 0: refuse at once. */
      readonly waitMs: number;
      readonly replyTo: ActorRef<LeaseAnswer>;
    }
  | { readonly type: 'release'; readonly leaseId: string };

export type LeaseAnswer =
  | { readonly type: 'lease-granted'; readonly leaseId: string }
  | { readonly type: 'lease-refused'; readonly leaseId: string; readonly error: GatewayFailure };

export type DirectoryMsg =
  | CallToolMsg
  | RouteMsg
  | RouteCapabilityMsg
  | { readonly type: 'cancel'; readonly callId: string }
  /** Ask → `ExposedToolInfo[]`. */
  | { readonly type: 'list-tools' }
  /** Ask → `ServerResource[]` / `ServerResourceTemplate[]` of every running server. */
  | { readonly type: 'list-resources' }
  | { readonly type: 'list-resource-templates' }
  /** Ask → `ReadResourceResult`. */
  | { readonly type: 'read-resource'; readonly server: string; readonly uri: string }
  /** Ask → `ExposedPrompt[]`. */
  | { readonly type: 'list-prompts' }
  /** Ask → `GetPromptResult`; `name` as `list-prompts` gives it. */
  | {
      readonly type: 'get-prompt';
      readonly name: string;
      readonly arguments?: Readonly<Record<string, string>>;
    }
  /** Ask → `ServerStatus[]`. */
  | { readonly type: 'servers' }
  /** Ask → the `ServerStatus` once the start settled; `requestedBy`: who asked (kept in the status). */
  | { readonly type: 'restart-server'; readonly server: string; readonly requestedBy?: string }
  /** Ask → the `ConfigDiffWire`, once the servers started or changed have settled. */
  | { readonly type: 'reload'; readonly config: GatewayConfigWire }
  /** Ask → `CapabilityReport` (seed 001's `discover_capabilities`). */
  | { readonly type: 'discover-capabilities' }
  /** Ask → null, once every server has settled its start. */
  | { readonly type: 'settled' }
  | { readonly type: 'watch'; readonly watcher: ActorRef<GatewayNews> }
  | { readonly type: 'unwatch'; readonly watcher: ActorRef<GatewayNews> }
  | { readonly type: 'watch-cache'; readonly watcher: ActorRef<CacheNews> }
  | { readonly type: 'unwatch-cache'; readonly watcher: ActorRef<CacheNews> }
  /** Ask → null, once every server's process group is gone. */
  | { readonly type: 'shutdown' }
  | ServerNews
  | LeaseAnswer
  | DirectoryInternal;

/** The directory's own messages: attempts, timers and gathered answers re-entering. */
export type DirectoryInternal =
  | {
      readonly type: 'attempt-done';
      readonly callId: string;
      readonly attemptId: string;
      readonly outcome: GatewayOutcome<unknown>;
    }
  | { readonly type: 'retry-round'; readonly callId: string }
  | {
      readonly type: 'gathered';
      readonly replyTo: ReplyTo;
      readonly what: 'servers' | 'resources' | 'resource-templates' | 'prompts' | 'shutdown';
      readonly results: readonly (readonly [string, GatewayOutcome<unknown>])[];
    }
  | { readonly type: 'retired'; readonly actorId: string }
  /** A server's answer to hand on as it is (`status`: it is a `ServerStatus`, to fill in the cache counts). */
  | {
      readonly type: 'relay';
      readonly replyTo: ReplyTo;
      readonly outcome: GatewayOutcome<unknown>;
      readonly status?: boolean;
    };

/** A tool as `list-tools` gives it: the downstream tool under its exposed name. */
export interface ExposedToolInfo {
  readonly name: string;
  /** The provider group, or the lone server, that answers it. */
  readonly group: string;
  readonly servers: readonly string[];
  readonly tool: Tool;
}

export interface ServerResource {
  readonly server: string;
  readonly resource: Resource;
}

export interface ServerResourceTemplate {
  readonly server: string;
  readonly template: ResourceTemplate;
}

export interface ExposedPrompt {
  /** `<server>__<prompt>`, by the tools' naming rule. */
  readonly name: string;
  readonly server: string;
  readonly prompt: Prompt;
}

/** Seed 001's `discover_capabilities`: what each server offers, and how it is. */
export interface CapabilityReport {
  readonly servers: readonly {
    readonly server: string;
    readonly title?: string;
    readonly description?: string;
    readonly provider?: string;
    readonly tags: readonly string[];
    readonly capabilities: readonly string[];
    readonly state: ConnectionStateKind;
    readonly health: HealthStatus | 'unknown';
    /** Exposed names of its tools. */
    readonly tools: readonly string[];
  }[];
}

/** A config diff as plain data (`config-diff.ts`). */
export interface ConfigDiffWire {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly {
    readonly name: string;
    readonly fields: readonly string[];
    readonly restart: boolean;
  }[];
  readonly unchanged: readonly string[];
}

export type { GetPromptResult, ReadResourceResult, ServerStatus };
