/**
 * The directory's side of its servers: one server actor spawned per configured server
 * (its child, supervised by the kernel), the news each pushes (state, health, circuit,
 * tools) kept as its view, config reloads, operator restarts, and stopping them all.
 *
 * A reload diffs the running config with the new one (`config-diff.ts`): servers added are
 * spawned, removed ones are shut down (process group gone) and then stopped, changed ones
 * get their new entry (the server restarts itself only when its process or connection
 * changed); unchanged ones are not touched. The reload is answered once the servers it
 * started or restarted have settled.
 */
import type { ActorContext, ActorRef } from '../../../src/kernel/index.js';
import { diffConfigs } from '../config/config-diff.js';
import { configFromWire, type GatewayConfigWire, serverToWire } from '../config/config-wire.js';
import type { ServerConfig } from '../config/server-config.js';
import { failed, GatewayError, type GatewayOutcome } from '../errors.js';
import { reenter } from '../reenter.js';
import { GatewayServer } from '../server/server-actor.js';
import type { ServerMsg, ServerNews } from '../server/server-messages.js';
import type { ConfigDiffWire, DirectoryMsg } from './directory-messages.js';
import {
  answerIfSettled,
  type DirectoryState,
  invalidateCache,
  refFor,
  refreshCatalog,
  SERVER_START_STAGGER_MS,
  scopeOf,
  tellWatchers,
} from './directory-state.js';

type Ctx = ActorContext<DirectoryMsg>;

/** How long stopping one server may take before the directory gives up waiting for it. */
const SHUTDOWN_ASK_MS = 30_000;

/**
 * Spawn the actor of one configured server. Its id is generated, so it lives on the
 * directory's thread: a call crosses one thread boundary each way (caller ⇄ directory),
 * the hop to the server is local — under load every thread wake-up costs latency.
 */
export function spawnServer(state: DirectoryState, ctx: Ctx, config: ServerConfig, startAfterMs = 0): void {
  const ref = ctx.spawn(GatewayServer, {
    restart: 'permanent',
    args: {
      startAfterMs,
      config: serverToWire(config),
      directory: refFor<ServerNews, DirectoryMsg>(state.self),
      options: state.options.servers,
    },
  });
  state.servers.set(config.name, {
    name: config.name,
    ref,
    config,
    state: 'stopped',
    health: 'unknown',
    circuitOpen: false,
    tools: [],
    toolHash: '',
    inFlight: 0,
    settled: false,
  });
}

/** Spawn the actors of servers started together, each starting a stagger after the one before. */
export function spawnStaggered(state: DirectoryState, ctx: Ctx, configs: readonly ServerConfig[]): void {
  const stagger = state.options.startStaggerMs ?? SERVER_START_STAGGER_MS;
  for (const [index, config] of configs.entries()) spawnServer(state, ctx, config, index * stagger);
}

/** A server told what routing depends on. */
export function onServerNews(state: DirectoryState, ctx: Ctx, news: ServerNews): void {
  const view = state.servers.get(news.name);
  if (!view || view.ref.id !== news.actorId) return;
  view.state = news.state;
  view.health = news.health;
  view.circuitOpen = news.circuitOpen;
  if (news.settled) view.settled = true;
  if (news.tools) {
    if (news.toolHash !== view.toolHash && view.toolHash !== '')
      invalidateCache(state, ctx, scopeOf(view.config));
    view.tools = news.tools;
    view.toolHash = news.toolHash;
    refreshCatalog(state, ctx);
  }
  if (news.listChanged === 'resources')
    tellWatchers(state, ctx, { type: 'resources-changed', server: news.name });
  if (news.listChanged === 'prompts') {
    state.prompts = undefined;
    tellWatchers(state, ctx, { type: 'prompts-changed', server: news.name });
  }
  answerIfSettled(state, ctx);
}

/** Take a new config: touch only the servers whose entry changed. */
export function onReload(state: DirectoryState, ctx: Ctx, wire: GatewayConfigWire): void {
  const replyTo = ctx.deferReply();
  const next = configFromWire(wire);
  const diff = diffConfigs(state.config, next);
  state.config = next;
  for (const name of diff.removed) {
    const view = state.servers.get(name);
    if (!view) continue;
    state.servers.delete(name);
    invalidateCache(state, ctx, scopeOf(view.config));
    retire(state, view.ref);
  }
  for (const change of diff.changed) {
    const view = state.servers.get(change.name);
    const config = next.servers.get(change.name);
    if (!view || !config) continue;
    const resting = ['crash_loop', 'missing_env', 'disabled', 'stopped'].includes(view.state);
    invalidateCache(state, ctx, scopeOf(view.config));
    view.config = config;
    if (change.restart || resting) view.settled = false;
    ctx.tell(view.ref, { type: 'reconfigure', config: serverToWire(config) });
  }
  spawnStaggered(
    state,
    ctx,
    diff.added.flatMap((name) => next.servers.get(name) ?? []),
  );
  refreshCatalog(state, ctx);
  const value: ConfigDiffWire = {
    added: diff.added,
    removed: diff.removed,
    changed: diff.changed.map(({ name, fields, restart }) => ({ name, fields: [...fields], restart })),
    unchanged: diff.unchanged,
  };
  if (replyTo) state.settleWaiters.push({ replyTo, value });
  answerIfSettled(state, ctx);
}

/** Shut a removed server down; its actor is stopped once its process group is gone. */
function retire(state: DirectoryState, ref: ActorRef<ServerMsg>): void {
  state.retiring.set(ref.id, ref);
  const self = state.self;
  const retired = () => reenter(self, { type: 'retired', actorId: ref.id });
  ref.ask({ type: 'shutdown' }, { timeoutMs: SHUTDOWN_ASK_MS }).then(retired, retired);
}

export function onRetired(state: DirectoryState, ctx: Ctx, actorId: string): void {
  const ref = state.retiring.get(actorId);
  if (!ref) return;
  state.retiring.delete(actorId);
  ctx.stop(ref);
}

/** An operator's restart of one server (leaves `crash_loop`), answered with its status once settled. */
export function onRestartServer(
  state: DirectoryState,
  ctx: Ctx,
  server: string,
  requestedBy: string | undefined,
): void {
  const replyTo = ctx.deferReply();
  const view = state.servers.get(server);
  if (!view) {
    if (replyTo) ctx.replyTo(replyTo, failed(unknownServer(server)));
    return;
  }
  view.settled = false;
  const self = state.self;
  const restart = { type: 'restart', ...(requestedBy === undefined ? {} : { requestedBy }) } as const;
  view.ref.ask<GatewayOutcome<unknown>>(restart, { timeoutMs: SHUTDOWN_ASK_MS * 2 }).then(
    (outcome) => replyTo && reenter(self, { type: 'relay', replyTo, outcome, status: true }),
    (error: unknown) => replyTo && reenter(self, { type: 'relay', replyTo, outcome: failed(error) }),
  );
}

/** Stop every server's process group; answered once all are gone. */
export function onShutdown(state: DirectoryState, ctx: Ctx): void {
  const replyTo = ctx.deferReply();
  const refs = [...state.servers.values()].map((view) => view.ref);
  const self = state.self;
  void Promise.all(
    refs.map((ref) =>
      ref.ask<GatewayOutcome<unknown>>({ type: 'shutdown' }, { timeoutMs: SHUTDOWN_ASK_MS }).then(
        (outcome) => [ref.id, outcome] as const,
        (error: unknown) => [ref.id, failed(error)] as const,
      ),
    ),
  ).then((results) => {
    if (replyTo) reenter(self, { type: 'gathered', replyTo, what: 'shutdown', results });
  });
}

export function unknownServer(server: string): GatewayError {
  return new GatewayError('server_unavailable', `no server "${server}" is configured`, { server });
}
