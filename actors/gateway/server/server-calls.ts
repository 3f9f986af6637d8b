/**
 * The requests a server actor serves on its live session: tool calls, and its resources
 * and prompts. A call is started in the turn that receives it and answered in the turn its
 * end re-enters (`call-done`): the mailbox is never held while a downstream call runs, so
 * up to `max_concurrency` calls run at once, the others waiting at the server's door
 * (`ServerGuard`: circuit breaker, rate limit, concurrency limit).
 *
 * While a call runs, its progress notifications and the server's log messages are told to
 * the caller's `events` ref, and a `cancel` aborts it (the SDK sends
 * `notifications/cancelled` downstream). Requests that come while the server starts are
 * queued and replayed once the start settles; a server that is not up refuses at once
 * with the reason (`state-refusal.ts`), which tells routing the call never reached it.
 */
import type { ActorContext, ReplyTo } from '../../../src/kernel/index.js';
import { toGatewayError } from '../connection/call-errors.js';
import { refusalFor } from '../connection/state-refusal.js';
import { failed, GatewayError, type GatewayOutcome } from '../errors.js';
import { reenter } from '../reenter.js';
import type { ServerCall, ServerListRequest, ServerMsg, ServerRequest } from './server-messages.js';
import type { ServerActorState } from './server-state.js';
import { armIdle, SERVER_TIMER_KEYS, startServer } from './server-supervision.js';

type Ctx = ActorContext<ServerMsg>;

/** Serve `request` now, queue it (the server is starting or idle), or refuse it. */
export function handleRequest(
  state: ServerActorState,
  ctx: Ctx,
  request: ServerRequest,
  replyTo: ReplyTo | null,
): void {
  switch (state.life.kind) {
    case 'idle':
      startServer(state, ctx);
      state.queued.push({ request, replyTo });
      return;
    case 'starting':
      state.queued.push({ request, replyTo });
      return;
    case 'running':
      if (request.type === 'call') beginCall(state, ctx, request, replyTo);
      else beginListRequest(state, request, replyTo);
      return;
    default:
      answer(ctx, replyTo, failed(refusalFor(state.name, state.life, state.clock.now())));
  }
}

/** Replay the requests queued during a start that has settled (run them, or refuse them). */
export function replayQueued(state: ServerActorState, ctx: Ctx): void {
  if (state.life.kind === 'starting' || state.queued.length === 0) return;
  for (const { request, replyTo } of state.queued.splice(0)) handleRequest(state, ctx, request, replyTo);
}

function beginCall(state: ServerActorState, ctx: Ctx, call: ServerCall, replyTo: ReplyTo | null): void {
  const { name } = state;
  if (state.calls.has(call.attemptId)) {
    const message = `a call "${call.attemptId}" is already in flight on server "${name}"`;
    answer(ctx, replyTo, failed(new GatewayError('server_busy', message, { server: name })));
    return;
  }
  if (!offers(state, call.tool)) {
    const message = `server "${name}" offers no tool "${call.tool}"`;
    answer(
      ctx,
      replyTo,
      failed(new GatewayError('tool_not_found', message, { server: name, tool: call.tool })),
    );
    return;
  }
  const controller = new AbortController();
  const signal = controller.signal;
  const now = state.clock.now();
  state.calls.set(call.attemptId, {
    replyTo,
    callId: call.callId,
    controller,
    acceptedAt: now,
    ...(call.events ? { events: call.events } : {}),
  });
  state.lastActivity = now;
  ctx.cancelSchedule(SERVER_TIMER_KEYS.idle);
  const { attemptId, tool, events } = call;
  const timeoutMs = call.timeoutMs ?? state.config.timeoutMs;
  const maxWaitMs = call.maxWaitMs ?? state.config.timeoutMs;
  const self = state.self;
  const clock = state.clock;
  let startedAt: number | undefined;
  state.guard
    .run({ maxWaitMs, signal }, () => {
      // Admitted (maybe after a wait at the door): the call goes on the session live now.
      const session = state.session;
      if (!session) return Promise.reject(refusalFor(name, state.life, clock.now()));
      startedAt = clock.now();
      return session.callTool(
        tool,
        { ...call.arguments },
        {
          timeoutMs,
          signal,
          ...(call.meta ? { meta: call.meta } : {}),
          ...(events
            ? { onProgress: (progress) => reenter(self, { type: 'progress', attemptId, progress }) }
            : {}),
        },
      );
    })
    .then(
      (result) => ({ ok: true as const, value: result }),
      (error: unknown) => failed(toGatewayError(error, { server: name, tool, timeoutMs, signal })),
    )
    .then((outcome) => {
      const latencyMs = startedAt === undefined ? undefined : clock.now() - startedAt;
      reenter(self, {
        type: 'call-done',
        attemptId,
        outcome,
        ...(latencyMs === undefined ? {} : { latencyMs }),
      });
    });
}

/** Is `tool` exposed, and (once a list is known) offered by the server? */
function offers(state: ServerActorState, tool: string): boolean {
  return (
    state.isExposed(tool) && (state.allTools.length === 0 || state.allTools.some(({ name }) => name === tool))
  );
}

/** A downstream call ended: record how long it took, answer its caller. */
export function onCallDone(
  state: ServerActorState,
  ctx: Ctx,
  msg: Extract<ServerMsg, { type: 'call-done' }>,
): void {
  const call = state.calls.get(msg.attemptId);
  if (!call) return;
  state.calls.delete(msg.attemptId);
  const reached = msg.outcome.ok || msg.outcome.error.code === 'downstream_error';
  if (msg.latencyMs !== undefined && reached) state.latency.record(msg.latencyMs);
  state.lastActivity = state.clock.now();
  answer(ctx, call.replyTo, msg.outcome);
  armIdle(state, ctx);
}

/** A progress notification of the call `attemptId`: to its caller. */
export function onProgress(
  state: ServerActorState,
  ctx: Ctx,
  msg: Extract<ServerMsg, { type: 'progress' }>,
): void {
  const call = state.calls.get(msg.attemptId);
  if (call?.events) ctx.tell(call.events, { type: 'progress', callId: call.callId, progress: msg.progress });
}

/** A log message of the server: to every caller in flight that listens (stdio ties it to no request). */
export function onLog(state: ServerActorState, ctx: Ctx, msg: Extract<ServerMsg, { type: 'log' }>): void {
  if (msg.generation !== state.generation) return;
  for (const call of state.calls.values()) {
    if (call.events) {
      ctx.tell(call.events, { type: 'log', callId: call.callId, server: state.name, message: msg.message });
    }
  }
}

/** The caller gave up on `attemptId`: abort it downstream (or drop it from the start queue). */
export function onCancel(state: ServerActorState, ctx: Ctx, attemptId: string): void {
  const call = state.calls.get(attemptId);
  if (call) {
    call.controller.abort();
    return;
  }
  const index = state.queued.findIndex(
    ({ request }) => request.type === 'call' && request.attemptId === attemptId,
  );
  const [queued] = index >= 0 ? state.queued.splice(index, 1) : [];
  if (queued) {
    const message = `call "${attemptId}" to server "${state.name}" was cancelled before it started`;
    answer(ctx, queued.replyTo, failed(new GatewayError('call_cancelled', message, { server: state.name })));
  }
}

function beginListRequest(
  state: ServerActorState,
  request: ServerListRequest,
  replyTo: ReplyTo | null,
): void {
  const session = state.session;
  if (!session || !replyTo) return;
  const options = { timeoutMs: state.config.timeoutMs };
  const pending = (() => {
    switch (request.type) {
      case 'list':
        if (request.list === 'resources') return session.listResources(options);
        if (request.list === 'resource-templates') return session.listResourceTemplates(options);
        return session.listPrompts(options);
      case 'read-resource':
        return session.readResource(request.uri, options);
      case 'get-prompt':
        return session.getPrompt(request.name, { ...request.arguments }, options);
    }
  })();
  const self = state.self;
  pending.then(
    (value) => reenter(self, { type: 'request-done', replyTo, outcome: { ok: true, value } }),
    (error: unknown) => reenter(self, { type: 'request-done', replyTo, outcome: failed(error) }),
  );
}

/**
 * The actor is going away (stopped, or restarted by its supervisor): every caller still
 * waiting is answered now, since no `call-done` will come back to this incarnation.
 */
export function failInFlight(state: ServerActorState, ctx: Ctx, why: string): void {
  const { name } = state;
  for (const call of state.calls.values()) {
    call.controller.abort();
    const error = new GatewayError('connection_lost', `server "${name}" went away during the call: ${why}`, {
      server: name,
    });
    answer(ctx, call.replyTo, failed(error));
  }
  state.calls.clear();
  for (const { replyTo } of state.queued.splice(0)) {
    answer(
      ctx,
      replyTo,
      failed(new GatewayError('server_unavailable', `server "${name}" went away: ${why}`, { server: name })),
    );
  }
}

export function answer(ctx: Ctx, replyTo: ReplyTo | null, outcome: GatewayOutcome<unknown>): void {
  if (replyTo) ctx.replyTo(replyTo, outcome);
}
