/**
 * The state of a server actor, and what every part of it shares: creating the state,
 * the door every call passes (`ServerGuard`, rebuilt when the limits change), and the
 * news told to the directory when something routing depends on changes.
 *
 * The state is in memory only (the kind is not persistent): it holds the live SDK session
 * and the downstream calls in flight, which no store could keep. It is one mutable object
 * that only the actor's turns change; downstream work started in a turn reports back
 * through the mailbox.
 */
import type { Implementation, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ActorContext, ActorRef, ReplyTo } from '../../../src/kernel/index.js';
import type { Clock } from '../../supervisors/flood/clock.js';
import type { GatewayCallEvent } from '../call-events.js';
import { canonicalHash } from '../canonical-json.js';
import type { Environment } from '../config/env-expansion.js';
import { createToolFilter } from '../config/gateway-config-schema.js';
import { GATEWAY_DEFAULTS, type ServerConfig } from '../config/server-config.js';
import type { ConnectionState } from '../connection/connection-state.js';
import type { HealthReport } from '../connection/health-check.js';
import { RestartWindow } from '../connection/restart-window.js';
import type { ServerSession } from '../connection/server-session.js';
import { reenter } from '../reenter.js';
import { realSleep, ServerGuard } from '../routing/server-guard.js';
import { LatencyWindow } from './latency-window.js';
import type { ServerMsg, ServerNews, ServerRequest } from './server-messages.js';

/** How server actors are run; the same for every server of a gateway. */
export interface ServerActorOptions {
  /** Where `required_env` is looked up (default: the thread's `process.env`). */
  readonly env?: Environment;
  /** Each stage of stopping a stdio server waits this long (see the launcher). */
  readonly graceMs?: number;
  readonly clientInfo?: Implementation;
  /** Consecutive unhealthy checks after which a running server is restarted (as after a crash). */
  readonly unhealthyChecksBeforeRestart?: number;
}

export const SERVER_ACTOR_DEFAULTS = { unhealthyChecksBeforeRestart: 2 } as const;

/** A downstream call under way: who to answer, and how to stop it. */
export interface InFlightCall {
  readonly replyTo: ReplyTo | null;
  readonly callId: string;
  readonly events?: ActorRef<GatewayCallEvent>;
  readonly controller: AbortController;
  readonly acceptedAt: number;
  /** Set when the guard admitted it (it is running downstream). */
  startedAt?: number;
}

/** A request that came while the server was starting: handled once the start settles. */
export interface QueuedRequest {
  readonly request: ServerRequest;
  readonly replyTo: ReplyTo | null;
}

export interface ServerActorState {
  readonly name: string;
  readonly self: ActorRef<ServerMsg>;
  readonly directory: ActorRef<ServerNews>;
  readonly clock: Clock;
  readonly options: ServerActorOptions;
  config: ServerConfig;
  isExposed: (tool: string) => boolean;
  life: ConnectionState;
  /** Bumped at each start and stop: work of an older session reports into nothing. */
  generation: number;
  session: ServerSession | undefined;
  /** The session of a start under way. */
  opening: ServerSession | undefined;
  window: RestartWindow;
  /** Operator restarts waiting for the start to settle. */
  startWaiters: ReplyTo[];
  queued: QueuedRequest[];
  allTools: readonly Tool[];
  toolHash: string;
  /** Whether the tools changed since the last news. */
  toolsChanged: boolean;
  health: HealthReport | undefined;
  unhealthyStreak: number;
  checking: boolean;
  lastError: string | undefined;
  lastStderr: readonly string[];
  /** Who asked for the last restart, and when. */
  lastRestart: { readonly by: string; readonly at: number } | undefined;
  guard: ServerGuard;
  /** The limits `guard` was built with (canonical JSON), to rebuild it only when they change. */
  guardKey: string;
  calls: Map<string, InFlightCall>;
  latency: LatencyWindow;
  lastActivity: number;
  /** The last news told (canonical hash), so that only changes are told. */
  lastNews: string;
}

export function createServerState(
  config: ServerConfig,
  directory: ActorRef<ServerNews>,
  options: ServerActorOptions,
  ctx: ActorContext<ServerMsg>,
): ServerActorState {
  // `ctx.now()` reads the system's clock (a manual one in tests) on any turn of this thread.
  const clock: Clock = { now: () => ctx.now() };
  const door = createGuard(config, clock, ctx.self);
  return {
    name: config.name,
    self: ctx.self,
    directory,
    clock,
    options,
    config,
    isExposed: createToolFilter(config),
    life: { kind: 'stopped' },
    generation: 0,
    session: undefined,
    opening: undefined,
    window: new RestartWindow(config.restart),
    startWaiters: [],
    queued: [],
    allTools: [],
    toolHash: '',
    toolsChanged: true,
    health: undefined,
    unhealthyStreak: 0,
    checking: false,
    lastError: undefined,
    lastStderr: [],
    lastRestart: undefined,
    guard: door.guard,
    guardKey: door.key,
    calls: new Map(),
    latency: new LatencyWindow(),
    lastActivity: clock.now(),
    lastNews: '',
  };
}

/** Build the door again when the limits changed (calls already admitted finish through the old one). */
export function refreshGuard(state: ServerActorState): void {
  if (limitsKey(state.config) === state.guardKey) return;
  const door = createGuard(state.config, state.clock, state.self);
  state.guard = door.guard;
  state.guardKey = door.key;
}

function limitsKey(config: ServerConfig): string {
  return canonicalHash([config.circuit, config.maxConcurrency ?? null, config.rate ?? null]);
}

/** The door of a server: breaker, rate and concurrency limits; a breaker transition is news. */
function createGuard(
  config: ServerConfig,
  clock: Clock,
  self: ActorRef<ServerMsg>,
): { guard: ServerGuard; key: string } {
  const limits = {
    circuit: config.circuit ?? GATEWAY_DEFAULTS.circuit,
    ...(config.maxConcurrency === undefined ? {} : { maxConcurrency: config.maxConcurrency }),
    ...(config.rate === undefined ? {} : { rate: config.rate }),
  };
  const guard = new ServerGuard(config.name, limits, { clock, sleep: realSleep });
  // Outside a turn (the breaker settles when a call does): the news re-enters through the mailbox.
  guard.breaker.onTransition(() => reenter(self, { type: 'circuit-changed' }));
  return { guard, key: limitsKey(config) };
}

/** The tools exposed (after `tools.allow` / `tools.deny`), as last listed; kept while the server restarts. */
export function exposedTools(state: ServerActorState): readonly Tool[] {
  return state.allTools.filter((tool) => state.isExposed(tool.name));
}

/** Take the tool list of `session` (after a start, a check, a list-changed notification). */
export function adoptTools(state: ServerActorState, session: ServerSession): void {
  if (session.toolHash === state.toolHash && state.allTools.length > 0) return;
  state.allTools = session.tools;
  state.toolHash = session.toolHash;
  state.toolsChanged = true;
}

/** Tell the directory what routing depends on, if it changed since the last news. */
export function tellNews(
  state: ServerActorState,
  ctx: ActorContext<ServerMsg>,
  extra: { readonly settled?: boolean; readonly listChanged?: 'resources' | 'prompts' } = {},
): void {
  const circuitOpen = state.guard.isOpen;
  const health = state.health?.status ?? 'unknown';
  const fingerprint = canonicalHash([state.life.kind, health, circuitOpen, state.toolHash]);
  const settled = extra.settled ?? false;
  if (fingerprint === state.lastNews && !state.toolsChanged && !settled && !extra.listChanged) return;
  state.lastNews = fingerprint;
  const news: ServerNews = {
    type: 'server-news',
    name: state.name,
    actorId: state.self.id,
    state: state.life.kind,
    health,
    circuitOpen,
    toolHash: state.toolHash,
    settled,
    ...(state.toolsChanged ? { tools: exposedTools(state) } : {}),
    ...(extra.listChanged ? { listChanged: extra.listChanged } : {}),
  };
  state.toolsChanged = false;
  ctx.tell(state.directory, news);
}
