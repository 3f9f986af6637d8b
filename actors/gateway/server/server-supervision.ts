/**
 * A server actor supervising its downstream process, turn by turn: start it (unless it is
 * `disabled` or `missing_env`), restart it after a crash with the backoff of its config's
 * `restart: { max_restarts, window_s, backoff }`, give up into `crash_loop` (keeping the
 * last stderr lines) when it crashes more often than that within the window — where it
 * stays until its config changes or an operator restarts it — stop it on purpose, and
 * rest it in `idle` after `idle_shutdown_s` without calls.
 *
 * ```
 *  stopped ─start─▶ starting ─opened─▶ running ─idle-check─▶ idle ─request─▶ starting
 *                     │  ▲               │ session-ended / unhealthy twice
 *               failed│  │ reconnect     ▼
 *                     ▼  └─(ctx.schedule)─ backoff ─(over max_restarts in window)─▶ crash_loop
 * ```
 *
 * Opening and closing a session take time; they are started in a turn and their end comes
 * back through the mailbox (`opened`, `session-ended`), tagged with the session generation
 * so that the news of a replaced session is dropped. When to give up is `RestartWindow`'s
 * decision (a pure sliding window).
 */
import type { ActorContext, ReplyTo } from '../../../src/kernel/index.js';
import { diffConfigs } from '../config/config-diff.js';
import { type ServerConfigWire, serverFromWire } from '../config/config-wire.js';
import { createToolFilter } from '../config/gateway-config-schema.js';
import type { ConnectionState } from '../connection/connection-state.js';
import { RestartWindow } from '../connection/restart-window.js';
import { describeSessionEnd, ServerSession } from '../connection/server-session.js';
import { type GatewayFailure, toGatewayFailure } from '../errors.js';
import { findMissingEnv } from '../process/child-environment.js';
import { reenter } from '../reenter.js';
import type { ServerMsg } from './server-messages.js';
import { adoptTools, refreshGuard, type ServerActorState, tellNews } from './server-state.js';
import { statusOf } from './server-status.js';

type Ctx = ActorContext<ServerMsg>;

const KEYS = { start: 'start', reconnect: 'reconnect', idle: 'idle', health: 'health' } as const;

/** Start the server if it is not up or coming up. */
export function startServer(state: ServerActorState, ctx: Ctx): void {
  switch (state.life.kind) {
    case 'running':
    case 'starting':
    case 'backoff':
      return;
    default:
      break;
  }
  if (state.config.disabled) {
    settle(state, ctx, { kind: 'disabled' });
    return;
  }
  const missing = findMissingEnv(state.config, state.options.env ?? process.env);
  if (missing.length > 0) {
    settle(state, ctx, { kind: 'missing_env', missing });
    return;
  }
  connect(state, ctx);
}

/** Open a new session; its end re-enters as `opened`. */
function connect(state: ServerActorState, ctx: Ctx): void {
  const generation = ++state.generation;
  const self = state.self;
  const { env, graceMs, clientInfo } = state.options;
  const session = new ServerSession(state.config, {
    ...(env ? { env } : {}),
    ...(graceMs === undefined ? {} : { graceMs }),
    ...(clientInfo ? { clientInfo } : {}),
    onLog: (message) => reenter(self, { type: 'log', generation, message }),
    onListChanged: (list) => reenter(self, { type: 'list-changed', generation, list }),
    onEnd: (end) => {
      if (!end.expected) {
        reenter(self, {
          type: 'session-ended',
          generation,
          reason: describeSessionEnd(end),
          stderr: [...end.stderr],
        });
      }
    },
  });
  state.opening = session;
  state.life = { kind: 'starting', since: state.clock.now() };
  session.open().then(
    () => reenter(self, { type: 'opened', generation }),
    (error: unknown) => reenter(self, { type: 'opened', generation, error: toGatewayFailure(error) }),
  );
  tellNews(state, ctx);
}

/** A start ended: running, or crashed. */
export function onOpened(
  state: ServerActorState,
  ctx: Ctx,
  generation: number,
  error?: GatewayFailure,
): void {
  const session = state.opening;
  if (generation !== state.generation || !session) return;
  state.opening = undefined;
  if (error) {
    crashed(state, ctx, error.message, error.stderr ?? []);
    return;
  }
  state.session = session;
  adoptTools(state, session);
  state.unhealthyStreak = 0;
  state.lastActivity = state.clock.now();
  const pgid = session.pgid;
  state.life = { kind: 'running', since: state.clock.now(), ...(pgid === undefined ? {} : { pgid }) };
  armIdle(state, ctx);
  settle(state, ctx, state.life);
}

/** The session ended without being asked to (the process died, the connection broke). */
export function onSessionEnded(
  state: ServerActorState,
  ctx: Ctx,
  generation: number,
  reason: string,
  stderr: readonly string[],
): void {
  if (generation !== state.generation || !state.session) return;
  state.session = undefined;
  crashed(state, ctx, reason, stderr);
}

/** A crash (or a failed start, or a server unhealthy too long): back off and restart, or give up. */
export function crashed(state: ServerActorState, ctx: Ctx, reason: string, stderr: readonly string[]): void {
  state.lastError = reason;
  state.lastStderr = stderr;
  state.health = undefined;
  state.unhealthyStreak = 0;
  const now = state.clock.now();
  const decision = state.window.recordCrash(now);
  if (decision.kind === 'crash_loop') {
    const { crashesInWindow } = decision;
    settle(state, ctx, { kind: 'crash_loop', since: now, crashesInWindow, lastError: reason, stderr });
    return;
  }
  ctx.schedule(
    decision.delayMs,
    { type: 'reconnect', generation: state.generation },
    { key: KEYS.reconnect },
  );
  settle(state, ctx, { kind: 'backoff', until: now + decision.delayMs, lastError: reason });
}

/** The backoff ran out. */
export function onReconnect(state: ServerActorState, ctx: Ctx, generation: number): void {
  if (generation === state.generation && state.life.kind === 'backoff') connect(state, ctx);
}

/** Close whatever session there is; the promise ends when the process group is gone. */
export function closeSessions(state: ServerActorState, ctx: Ctx, life: ConnectionState): Promise<unknown> {
  state.generation++;
  ctx.cancelSchedule(KEYS.start);
  ctx.cancelSchedule(KEYS.reconnect);
  ctx.cancelSchedule(KEYS.idle);
  const closing = Promise.allSettled([state.session?.close(), state.opening?.close()]);
  state.session = undefined;
  state.opening = undefined;
  state.checking = false;
  state.life = life;
  return closing;
}

/** An operator's restart, or a config change that needs one: forget past crashes and start afresh. */
export function restartServer(state: ServerActorState, ctx: Ctx, replyTo: ReplyTo | null): void {
  void closeSessions(state, ctx, { kind: 'stopped' });
  state.window.reset();
  if (replyTo) state.startWaiters.push(replyTo);
  startServer(state, ctx);
}

/** Take a new config entry: in place, or by a restart when the process or connection changes. */
export function reconfigure(state: ServerActorState, ctx: Ctx, wire: ServerConfigWire): void {
  const next = serverFromWire(wire);
  const before = { servers: new Map([[state.name, state.config]]) };
  const change = diffConfigs(before, { servers: new Map([[state.name, next]]) }).changed[0];
  if (!change) return;
  const healthEvery = state.config.health.intervalMs;
  state.config = next;
  state.isExposed = createToolFilter(next);
  state.window = new RestartWindow(next.restart);
  state.toolsChanged = true;
  refreshGuard(state);
  if (next.health.intervalMs !== healthEvery) scheduleHealth(state, ctx);
  // A server that gave up (or never started) tries again with its new config.
  const resting = ['crash_loop', 'missing_env', 'disabled', 'stopped'].includes(state.life.kind);
  if (change.restart || resting) restartServer(state, ctx, null);
  else tellNews(state, ctx);
}

/** Stop the server for good (until a restart): answered once its process group is gone. */
export function shutdown(state: ServerActorState, ctx: Ctx): void {
  const replyTo = ctx.deferReply();
  // Calls in flight end with `connection_lost` as the session closes; queued ones are refused.
  const closing = closeSessions(state, ctx, { kind: 'stopped' });
  settle(state, ctx, state.life);
  ctx.cancelSchedule(KEYS.health);
  if (!replyTo) return;
  const self = state.self;
  void closing.then(() =>
    reenter(self, { type: 'request-done', replyTo, outcome: { ok: true, value: null } }),
  );
}

/** Nothing called for `idle_shutdown_s`: close the session and rest until the next request. */
export function onIdleCheck(state: ServerActorState, ctx: Ctx, generation: number): void {
  const idleMs = state.config.idleShutdownMs;
  if (generation !== state.generation || state.life.kind !== 'running' || idleMs === undefined) return;
  if (state.calls.size > 0) return;
  const quietMs = state.clock.now() - state.lastActivity;
  if (quietMs < idleMs) {
    ctx.schedule(idleMs - quietMs, { type: 'idle-check', generation }, { key: KEYS.idle });
    return;
  }
  void closeSessions(state, ctx, { kind: 'idle', since: state.clock.now() });
  tellNews(state, ctx);
}

/** Check health every `health.interval_s`. */
export function scheduleHealth(state: ServerActorState, ctx: Ctx): void {
  const every = state.config.health.intervalMs;
  ctx.schedule(every, { type: 'health-tick' }, { key: KEYS.health, every });
}

/** Close the session after `idle_shutdown_s` without calls (re-armed after each call). */
export function armIdle(state: ServerActorState, ctx: Ctx): void {
  const idleMs = state.config.idleShutdownMs;
  if (idleMs === undefined || state.life.kind !== 'running' || state.calls.size > 0) return;
  ctx.schedule(idleMs, { type: 'idle-check', generation: state.generation }, { key: KEYS.idle });
}

/**
 * The server left `starting` (or was refused a start): tell the directory and answer the
 * operators who waited. (Requests queued meanwhile are the actor's to replay: `server-calls.ts`.)
 */
function settle(state: ServerActorState, ctx: Ctx, life: ConnectionState): void {
  state.life = life;
  tellNews(state, ctx, { settled: true });
  const waiters = state.startWaiters.splice(0);
  if (waiters.length > 0) {
    const status = statusOf(state);
    for (const replyTo of waiters) ctx.replyTo(replyTo, { ok: true, value: status });
  }
}

export { KEYS as SERVER_TIMER_KEYS };
