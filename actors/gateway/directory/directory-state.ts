/**
 * The state of the directory actor and what its parts share: the view it keeps of each
 * server (pushed by the server actors, never asked for on a call), the catalog built from
 * those views and the watchers told when it changes, the shared result cache, the calls
 * being routed, and who waits for the servers to settle.
 *
 * In memory only, like the server actors: it is rebuilt from the config on a restart and
 * the servers push their news again.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ActorContext, ActorRef, ReplyTo } from '../../../src/kernel/index.js';
import type { Clock } from '../../supervisors/flood/clock.js';
import type { GatewayCallEvent } from '../call-events.js';
import { Catalog } from '../catalog.js';
import type { GatewayConfig, ServerConfig } from '../config/server-config.js';
import type { ConnectionStateKind } from '../connection/connection-state.js';
import type { HealthStatus } from '../connection/health-check.js';
import type { ToolNameTable } from '../naming.js';
import { type CacheKeyParts, ResultCache, type ResultCacheOptions } from '../result-cache.js';
import type { RoutedTool } from '../routing/provider-index.js';
import type { RoutePlan } from '../routing/route-plan.js';
import type { ServerMsg } from '../server/server-messages.js';
import type { ServerActorOptions } from '../server/server-state.js';
import type {
  CacheNews,
  ConfigDiffWire,
  DirectoryMsg,
  GatewayNews,
  LeaseRequest,
} from './directory-messages.js';

/** What the directory knows of one server, as its actor last told. */
export interface ServerView {
  readonly name: string;
  readonly ref: ActorRef<ServerMsg>;
  config: ServerConfig;
  state: ConnectionStateKind;
  health: HealthStatus | 'unknown';
  circuitOpen: boolean;
  tools: readonly Tool[];
  toolHash: string;
  /** Attempts the directory sent it that have not answered. */
  inFlight: number;
  /** Its current start has settled (running, or given up for now). */
  settled: boolean;
}

/** A call being routed. */
export interface PendingCall {
  readonly callId: string;
  readonly replyTo: ReplyTo | null;
  readonly events?: ActorRef<GatewayCallEvent>;
  readonly routed: RoutedTool;
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly timeoutMs?: number;
  readonly cache?: { readonly key: CacheKeyParts; readonly ttlMs: number };
  readonly plan: RoutePlan;
  readonly lease?: { readonly path: string; readonly agentId: string | undefined };
  /** When the directory took the call (its clock). */
  readonly startedAt: number;
  phase: 'leasing' | 'attempting' | 'waiting';
  leased: boolean;
  attempts: number;
  current?: { readonly server: string; readonly attemptId: string };
}

export interface DirectoryOptions {
  readonly servers: ServerActorOptions;
  readonly cache?: Omit<ResultCacheOptions, 'clock'>;
  /** Where `lock_argument` leases are taken (`embedding/lease-bridge.ts`); none: calls go unlocked. */
  readonly leases?: ActorRef<LeaseRequest>;
  /** Servers started together start this far apart (default {@link SERVER_START_STAGGER_MS}). */
  readonly startStaggerMs?: number;
  /** False: a plain gateway — no result is cached (and no lease is taken: `leases` is left out). */
  readonly orchestration?: boolean;
}

/**
 * Servers started together start this far apart by default: spawning a server and building
 * its client hold the thread for tens of milliseconds (more on a loaded machine), so a
 * config of many servers would otherwise fork them all in one burst and stall the thread.
 */
export const SERVER_START_STAGGER_MS = 25;

export interface DirectoryState {
  readonly self: ActorRef<DirectoryMsg>;
  readonly clock: Clock;
  readonly options: DirectoryOptions;
  config: GatewayConfig;
  readonly servers: Map<string, ServerView>;
  /** Servers removed by a reload, until their process group is gone. */
  readonly retiring: Map<string, ActorRef<ServerMsg>>;
  catalog: Catalog;
  /** The prompt names of the last `list-prompts` (`<server>__<prompt>`). */
  prompts: ToolNameTable | undefined;
  readonly cache: ResultCache;
  readonly calls: Map<string, PendingCall>;
  readonly watchers: Map<string, ActorRef<GatewayNews>>;
  /** Who keeps copies of cache entries (the embedding handle): told when a scope's entries go. */
  readonly cacheWatchers: Map<string, ActorRef<CacheNews>>;
  settleWaiters: { readonly replyTo: ReplyTo; readonly value: ConfigDiffWire | null }[];
  /** Whose turn it is among equally good candidates. */
  turn: number;
  /** Ids given to calls that came without one, and to spawned servers. */
  sequence: number;
}

export function createDirectoryState(
  config: GatewayConfig,
  options: DirectoryOptions,
  ctx: ActorContext<DirectoryMsg>,
): DirectoryState {
  // `ctx.now()` reads the system's clock (a manual one in tests) on any turn of this thread.
  const clock: Clock = { now: () => ctx.now() };
  return {
    self: ctx.self,
    clock,
    options,
    config,
    servers: new Map(),
    retiring: new Map(),
    catalog: new Catalog([]),
    prompts: undefined,
    cache: new ResultCache({ ...options.cache, clock }),
    calls: new Map(),
    watchers: new Map(),
    cacheWatchers: new Map(),
    settleWaiters: [],
    turn: 0,
    sequence: 0,
  };
}

/** Build the catalog again from the views; tell the watchers when what a host lists changed. */
export function refreshCatalog(state: DirectoryState, ctx: ActorContext<DirectoryMsg>): void {
  const before = state.catalog.signature;
  state.catalog = new Catalog(
    [...state.servers.values()].map((view) => ({
      server: view.name,
      tools: view.tools,
      ...(view.config.provider === undefined ? {} : { provider: view.config.provider }),
    })),
  );
  if (state.catalog.signature !== before) tellWatchers(state, ctx, { type: 'tools-changed' });
}

export function tellWatchers(
  state: DirectoryState,
  ctx: ActorContext<DirectoryMsg>,
  news: GatewayNews,
): void {
  for (const watcher of state.watchers.values()) ctx.tell(watcher, news);
}

/** Forget the cached results of `scope`, here and in every copy. */
export function invalidateCache(state: DirectoryState, ctx: ActorContext<DirectoryMsg>, scope: string): void {
  state.cache.invalidateScope(scope);
  for (const watcher of state.cacheWatchers.values()) ctx.tell(watcher, { type: 'cache-invalidated', scope });
}

/** The group a server's results are cached under (its provider, or itself). */
export function scopeOf(config: ServerConfig): string {
  return config.provider ?? config.name;
}

/** Answer who waits for the servers to settle, once all have. */
export function answerIfSettled(state: DirectoryState, ctx: ActorContext<DirectoryMsg>): void {
  if (state.settleWaiters.length === 0) return;
  for (const view of state.servers.values()) if (!view.settled) return;
  for (const { replyTo, value } of state.settleWaiters.splice(0)) ctx.replyTo(replyTo, { ok: true, value });
}

/** A ref to an actor, typed for a part of what it takes (what a sender of only those messages needs). */
export function refFor<Part extends Msg, Msg>(ref: ActorRef<Msg>): ActorRef<Part> {
  // Sound: every `Part` is a `Msg`. The phantom message type only makes refs covariant.
  return ref as unknown as ActorRef<Part>;
}
