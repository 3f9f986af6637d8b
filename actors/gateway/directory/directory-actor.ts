/**
 * `GatewayDirectory`: the gateway inside the runtime — one actor (id `gateway` by default)
 * in front of one `GatewayServer` actor per configured server, its children. It owns what
 * spans servers: the names (`<server>__<tool>`), the provider groups, routing with failover
 * and retries (`directory-calls.ts`), the result cache shared by every caller, config
 * reloads and the servers' lifecycle (`directory-servers.ts`), and the answers about them
 * (`directory-queries.ts`). Its messages — the interface actors call tools through — are in
 * `directory-messages.ts`.
 *
 * ```
 *   callers (embedding API, workflow runs, …) ──▶ GatewayDirectory ──▶ GatewayServer "memory"  ─▶ process group
 *                                                  │ names, cache,  ──▶ GatewayServer "files"   ─▶ process group
 *                                                  │ routing        ──▶ GatewayServer "search"  ─▶ HTTP
 *                          ◀── ServerNews (state, health, circuit, tools), pushed ──┘
 * ```
 *
 * Not persistent: a restart rebuilds it from the config it was spawned with (the embedding
 * handle applies its last reload again), and its servers start afresh.
 */
import { defineActor } from '../../../src/kernel/index.js';
import { configFromWire, type GatewayConfigWire } from '../config/config-wire.js';
import { onAttemptDone, onCall, onCancel, onLease, onRetryRound } from './directory-calls.js';
import type { DirectoryMsg } from './directory-messages.js';
import {
  discoverCapabilities,
  gather,
  getPrompt,
  listTools,
  onGathered,
  onRelay,
  readResource,
} from './directory-queries.js';
import {
  onReload,
  onRestartServer,
  onRetired,
  onServerNews,
  onShutdown,
  spawnStaggered,
} from './directory-servers.js';
import {
  answerIfSettled,
  createDirectoryState,
  type DirectoryOptions,
  type DirectoryState,
} from './directory-state.js';

export interface DirectoryArgs {
  readonly config: GatewayConfigWire;
  readonly options: DirectoryOptions;
}

export const GatewayDirectory = defineActor<DirectoryMsg, DirectoryState, DirectoryArgs>({
  module: import.meta.url,
  name: 'GatewayDirectory',
  persistent: false,
  init: ({ config, options }, ctx) => {
    const state = createDirectoryState(configFromWire(config), options, ctx);
    spawnStaggered(state, ctx, [...state.config.servers.values()]);
    return state;
  },
  receive: (state, msg, ctx) => {
    switch (msg.type) {
      case 'call-tool':
      case 'route':
      case 'route-capability':
        onCall(state, ctx, msg);
        break;
      case 'cancel':
        onCancel(state, ctx, msg.callId);
        break;
      case 'attempt-done':
        onAttemptDone(state, ctx, msg);
        break;
      case 'retry-round':
        onRetryRound(state, ctx, msg.callId);
        break;
      case 'lease-granted':
        onLease(state, ctx, msg.leaseId);
        break;
      case 'lease-refused':
        onLease(state, ctx, msg.leaseId, msg.error);
        break;
      case 'list-tools':
        ctx.reply({ ok: true, value: listTools(state) });
        break;
      case 'discover-capabilities':
        ctx.reply({ ok: true, value: discoverCapabilities(state) });
        break;
      case 'servers':
        gather(state, ctx, 'servers');
        break;
      case 'list-resources':
        gather(state, ctx, 'resources');
        break;
      case 'list-resource-templates':
        gather(state, ctx, 'resource-templates');
        break;
      case 'list-prompts':
        gather(state, ctx, 'prompts');
        break;
      case 'read-resource':
        readResource(state, ctx, msg.server, msg.uri);
        break;
      case 'get-prompt':
        getPrompt(state, ctx, msg.name, msg.arguments ?? {});
        break;
      case 'gathered':
        onGathered(state, ctx, msg);
        break;
      case 'relay':
        onRelay(state, ctx, msg);
        break;
      case 'restart-server':
        onRestartServer(state, ctx, msg.server, msg.requestedBy);
        break;
      case 'reload':
        onReload(state, ctx, msg.config);
        break;
      case 'retired':
        onRetired(state, ctx, msg.actorId);
        break;
      case 'settled': {
        const replyTo = ctx.deferReply();
        if (replyTo) state.settleWaiters.push({ replyTo, value: null });
        answerIfSettled(state, ctx);
        break;
      }
      case 'watch':
        state.watchers.set(msg.watcher.id, msg.watcher);
        break;
      case 'unwatch':
        state.watchers.delete(msg.watcher.id);
        break;
      case 'watch-cache':
        state.cacheWatchers.set(msg.watcher.id, msg.watcher);
        break;
      case 'unwatch-cache':
        state.cacheWatchers.delete(msg.watcher.id);
        break;
      case 'shutdown':
        onShutdown(state, ctx);
        break;
      case 'server-news':
        onServerNews(state, ctx, msg);
        break;
    }
    return state;
  },
});
