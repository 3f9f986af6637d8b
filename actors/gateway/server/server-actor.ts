/**
 * `GatewayServer`: one downstream MCP server as an actor, owning its client connection —
 * the only one in the runtime, shared by every agent and host (the directory spawns one
 * per configured server). It is not persistent: a connection cannot be stored.
 *
 * It supervises its process by the config's `restart` policy (`server-supervision.ts`),
 * checks its own health on an interval (`server-health.ts`), serves tool calls and list
 * requests without holding its mailbox (`server-calls.ts`), tells the directory whatever
 * routing depends on (`ServerNews`), and answers `status` (`server-status.ts`). Messages
 * are in `server-messages.ts`.
 *
 * The actor itself is supervised by the kernel as a child of the directory: should one of
 * its turns fail, it is restarted — `terminate` closes the old session and answers every
 * caller still waiting, `init` starts a new one. Generations start at a random base per
 * incarnation, so late news of the previous incarnation's sessions never matches.
 */
import { randomInt } from 'node:crypto';
import { type ActorRef, defineActor } from '../../../src/kernel/index.js';
import { type ServerConfigWire, serverFromWire } from '../config/config-wire.js';
import {
  answer,
  failInFlight,
  handleRequest,
  onCallDone,
  onCancel,
  onLog,
  onProgress,
  replayQueued,
} from './server-calls.js';
import { onHealthDone, startHealthCheck } from './server-health.js';
import type { ServerMsg, ServerNews } from './server-messages.js';
import {
  adoptTools,
  createServerState,
  type ServerActorOptions,
  type ServerActorState,
  tellNews,
} from './server-state.js';
import { statusOf } from './server-status.js';
import {
  onIdleCheck,
  onOpened,
  onReconnect,
  onSessionEnded,
  reconfigure,
  restartServer,
  SERVER_TIMER_KEYS,
  scheduleHealth,
  shutdown,
  startServer,
} from './server-supervision.js';

export interface ServerActorArgs {
  readonly config: ServerConfigWire;
  /** Who hears the server's news (the directory). */
  readonly directory: ActorRef<ServerNews>;
  readonly options: ServerActorOptions;
  /**
   * Start after this long (default: at once). Spawning a server and building its client
   * hold the thread for tens of milliseconds (more on a loaded machine); servers started
   * together are started a timer apart so that the thread's loop keeps beating between them.
   */
  readonly startAfterMs?: number;
}

export const GatewayServer = defineActor<ServerMsg, ServerActorState, ServerActorArgs>({
  module: import.meta.url,
  name: 'GatewayServer',
  persistent: false,
  init: ({ config, directory, options, startAfterMs = 0 }, ctx) => {
    const state = createServerState(serverFromWire(config), directory, options, ctx);
    state.generation = randomInt(1, 2 ** 40);
    scheduleHealth(state, ctx);
    if (startAfterMs > 0) {
      // Requests queue meanwhile, as during any start; a restart or shutdown meanwhile wins.
      state.life = { kind: 'starting', since: state.clock.now() };
      ctx.schedule(startAfterMs, { type: 'start' }, { key: SERVER_TIMER_KEYS.start });
      tellNews(state, ctx);
    } else startServer(state, ctx);
    return state;
  },
  receive: (state, msg, ctx) => {
    switch (msg.type) {
      case 'call':
      case 'list':
      case 'read-resource':
      case 'get-prompt':
        handleRequest(state, ctx, msg, ctx.deferReply());
        break;
      case 'cancel':
        onCancel(state, ctx, msg.attemptId);
        break;
      case 'status':
        ctx.reply({ ok: true, value: statusOf(state) });
        break;
      case 'restart':
        if (msg.requestedBy !== undefined) state.lastRestart = { by: msg.requestedBy, at: ctx.now() };
        restartServer(state, ctx, ctx.deferReply());
        break;
      case 'reconfigure':
        reconfigure(state, ctx, msg.config);
        break;
      case 'shutdown':
        shutdown(state, ctx);
        break;
      case 'start':
        if (state.life.kind === 'starting' && !state.opening) {
          state.life = { kind: 'stopped' };
          startServer(state, ctx);
        }
        break;
      case 'opened':
        onOpened(state, ctx, msg.generation, msg.error);
        if (state.session && msg.generation === state.generation) startHealthCheck(state, ctx);
        break;
      case 'session-ended':
        onSessionEnded(state, ctx, msg.generation, msg.reason, msg.stderr);
        break;
      case 'reconnect':
        onReconnect(state, ctx, msg.generation);
        break;
      case 'health-tick':
        startHealthCheck(state, ctx);
        break;
      case 'health-done':
        onHealthDone(state, ctx, msg.generation, msg.report);
        break;
      case 'call-done':
        onCallDone(state, ctx, msg);
        break;
      case 'request-done':
        answer(ctx, msg.replyTo, msg.outcome);
        break;
      case 'progress':
        onProgress(state, ctx, msg);
        break;
      case 'log':
        onLog(state, ctx, msg);
        break;
      case 'list-changed':
        if (msg.generation !== state.generation || !state.session) break;
        if (msg.list === 'tools') {
          adoptTools(state, state.session);
          tellNews(state, ctx);
        } else tellNews(state, ctx, { listChanged: msg.list });
        break;
      case 'circuit-changed':
        tellNews(state, ctx);
        break;
      case 'idle-check':
        onIdleCheck(state, ctx, msg.generation);
        break;
    }
    // Requests queued during a start are served (or refused) as soon as it settles.
    replayQueued(state, ctx);
    return state;
  },
  terminate: (state, _reason, ctx) => {
    failInFlight(state, ctx, 'its actor stopped');
    state.generation++;
    // Not awaited (a dying actor starts nothing): the launcher stops the group either way.
    void Promise.allSettled([state.session?.close(), state.opening?.close()]);
    state.session = undefined;
    state.opening = undefined;
  },
});
