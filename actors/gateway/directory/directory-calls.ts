/**
 * Routing tool calls in the directory actor, one step per turn:
 *
 * ```
 *  call-tool ─▶ resolve name ─▶ cache hit? ──yes──▶ answer
 *                                  │ no
 *                                  ▼
 *               lock_argument? ─▶ lease (bridge) ─▶ RoutePlan: try server ──▶ server actor (ask)
 *                                                      ▲   │ attempt-done (re-enters the mailbox)
 *                                       retry-round ───┘   ▼
 *                                     (ctx.schedule)   success: cache, answer · failure: next step
 * ```
 *
 * The plan (`routing/route-plan.ts`) decides failover and retries; candidates are ordered
 * by the health, circuit and load the server actors pushed, and by the attempts this
 * directory has in flight on each. An attempt is an ask to the server actor whose answer
 * re-enters as `attempt-done`, so the directory's mailbox is never held by a call. A
 * `cancel` aborts the attempt under way (the server actor cancels it downstream) and makes
 * its failure the answer.
 */
import { type ActorContext, InvalidArgumentError, type ReplyTo } from '../../../src/kernel/index.js';
import { type GatewayCallEvent, IDEMPOTENCY_META_KEY, type ToolCallResult } from '../call-events.js';
import {
  failed,
  GatewayError,
  type GatewayFailure,
  type GatewayOutcome,
  toGatewayFailure,
} from '../errors.js';
import { reenter } from '../reenter.js';
import type { RoutedTool } from '../routing/provider-index.js';
import { orderCandidates, RoutePlan, type RouteStep } from '../routing/route-plan.js';
import { isCacheableTool, isRetryableTool } from '../routing/tool-policy.js';
import { askFailure, gatewayErrorOf } from './attempt-errors.js';
import { assertCallMessage, type CallTargetMsg, resolveCallTarget } from './call-targets.js';
import type { DirectoryMsg, LeaseAnswer } from './directory-messages.js';
import { type DirectoryState, type PendingCall, refFor, scopeOf } from './directory-state.js';

type Ctx = ActorContext<DirectoryMsg>;

/** An attempt's ask waits this long past the call's own timeout and door wait before it is given up. */
const ATTEMPT_ASK_MARGIN_MS = 10_000;

/** A `call-tool`, `route` or `route-capability` message: validate, resolve, and start routing it. */
export function onCall(state: DirectoryState, ctx: Ctx, msg: CallTargetMsg): void {
  const replyTo = ctx.deferReply();
  const events = msg.events;
  const answerNow = (outcome: GatewayOutcome<ToolCallResult>, callId: string) =>
    deliver(ctx, { replyTo, callId, ...(events ? { events } : {}) }, outcome);
  try {
    assertCallMessage(msg);
  } catch (error) {
    answerNow(failed(error), typeof msg.callId === 'string' ? msg.callId : '');
    return;
  }
  const callId = msg.callId ?? `call-${++state.sequence}`;
  if (state.calls.has(callId)) {
    answerNow(failed(invalid('call.callId', `"${callId}" names a call still in flight`)), callId);
    return;
  }
  const target = resolveCallTarget(state, msg);
  if (target instanceof GatewayError) {
    answerNow(failed(target), callId);
    return;
  }
  const { routed, cacheScope } = target;
  const lead = state.servers.get(routed.servers[0] ?? '')?.config;
  if (!lead) {
    answerNow(failed(new GatewayError('tool_not_found', `no server offers "${routed.tool.name}"`)), callId);
    return;
  }
  const args = msg.arguments ?? {};
  const tool = routed.tool.name;
  const cache =
    state.options.orchestration !== false &&
    isCacheableTool(routed.tool, lead) &&
    lead.cache &&
    cacheScope !== undefined
      ? {
          key: {
            scope: cacheScope,
            tool,
            args,
            ...(lead.cache.perSession && msg.sessionId ? { session: msg.sessionId } : {}),
          },
          ttlMs: lead.cache.ttlMs,
        }
      : undefined;
  if (cache) {
    const hit = state.cache.get(cache.key);
    if (hit !== undefined) {
      const value: ToolCallResult = {
        result: hit as ToolCallResult['result'],
        group: cache.key.scope,
        tool,
        cached: true,
        attempts: [],
        durationMs: 0,
      };
      answerNow({ ok: true, value }, callId);
      return;
    }
  }
  const lease = leaseOf(state, routed, lead.lockArguments.get(tool), args, msg.agentId);
  const call: PendingCall = {
    callId,
    replyTo,
    routed,
    arguments: args,
    plan: new RoutePlan(
      { tool, candidates: routed.servers, retryable: isRetryableTool(routed.tool, lead), retry: lead.retry },
      { order: (candidates) => order(state, candidates), random: Math.random },
    ),
    startedAt: state.clock.now(),
    phase: lease ? 'leasing' : 'attempting',
    leased: false,
    attempts: 0,
    ...(events ? { events } : {}),
    ...(msg.idempotencyKey ? { meta: { [IDEMPOTENCY_META_KEY]: msg.idempotencyKey } } : {}),
    ...(msg.timeoutMs === undefined ? {} : { timeoutMs: msg.timeoutMs }),
    ...(cache ? { cache } : {}),
    ...(lease ? { lease } : {}),
  };
  state.calls.set(callId, call);
  const leases = state.options.leases;
  if (lease && leases) {
    ctx.tell(leases, {
      type: 'acquire',
      leaseId: callId,
      path: lease.path,
      agentId: lease.agentId ?? `call:${callId}`,
      anonymous: lease.agentId === undefined,
      waitMs: lead.lockWaitMs,
      replyTo: refFor<LeaseAnswer, DirectoryMsg>(ctx.self),
    });
    return;
  }
  step(state, ctx, call, call.plan.start());
}

/** The path to lease for this call, when its tool has a `lock_argument` and a lease bridge is there. */
function leaseOf(
  state: DirectoryState,
  routed: RoutedTool,
  argument: string | undefined,
  args: Readonly<Record<string, unknown>>,
  agentId: string | undefined,
): { path: string; agentId: string | undefined } | undefined {
  if (argument === undefined || !state.options.leases || routed.servers.length === 0) return undefined;
  const path = Object.hasOwn(args, argument) ? args[argument] : undefined;
  return typeof path === 'string' && path.length > 0 ? { path, agentId } : undefined;
}

/** The lease bridge answered. */
export function onLease(state: DirectoryState, ctx: Ctx, leaseId: string, error?: GatewayFailure): void {
  const call = state.calls.get(leaseId);
  if (call?.phase !== 'leasing') {
    // The call was cancelled while it waited for its lease: give the lease back at once.
    const leases = state.options.leases;
    if (!error && leases) ctx.tell(leases, { type: 'release', leaseId });
    return;
  }
  if (error) {
    finish(state, ctx, call, { ok: false, error });
    return;
  }
  call.leased = true;
  call.phase = 'attempting';
  step(state, ctx, call, call.plan.start());
}

/** Carry out the plan's next step. */
function step(state: DirectoryState, ctx: Ctx, call: PendingCall, next: RouteStep): void {
  switch (next.kind) {
    case 'fail':
      finish(state, ctx, call, failed(next.error));
      return;
    case 'wait':
      call.phase = 'waiting';
      ctx.schedule(
        next.delayMs,
        { type: 'retry-round', callId: call.callId },
        { key: `retry:${call.callId}` },
      );
      return;
    case 'try':
      attempt(state, ctx, call, next.server);
      return;
  }
}

function attempt(state: DirectoryState, ctx: Ctx, call: PendingCall, server: string): void {
  const view = state.servers.get(server);
  if (!view) {
    const error = new GatewayError('server_unavailable', `server "${server}" is no longer configured`, {
      server,
    });
    step(state, ctx, call, call.plan.failed(server, error));
    return;
  }
  call.phase = 'attempting';
  const attemptId = `${call.callId}#${++call.attempts}`;
  call.current = { server, attemptId };
  view.inFlight++;
  const timeoutMs = call.timeoutMs ?? view.config.timeoutMs;
  const self = state.self;
  const callId = call.callId;
  view.ref
    .ask<GatewayOutcome<unknown>>(
      {
        type: 'call',
        attemptId,
        callId,
        tool: call.routed.tool.name,
        arguments: call.arguments,
        timeoutMs,
        ...(call.meta ? { meta: call.meta } : {}),
        ...(call.events ? { events: call.events } : {}),
      },
      { timeoutMs: timeoutMs + view.config.timeoutMs + ATTEMPT_ASK_MARGIN_MS },
    )
    .then(
      (outcome) => reenter(self, { type: 'attempt-done', callId, attemptId, outcome }),
      (error: unknown) =>
        reenter(self, {
          type: 'attempt-done',
          callId,
          attemptId,
          outcome: failed(askFailure(error, server)),
        }),
    );
}

/** An attempt answered. */
export function onAttemptDone(
  state: DirectoryState,
  ctx: Ctx,
  msg: Extract<DirectoryMsg, { type: 'attempt-done' }>,
): void {
  const call = state.calls.get(msg.callId);
  const current = call?.current;
  if (!call || current?.attemptId !== msg.attemptId) return;
  call.current = undefined;
  const view = state.servers.get(current.server);
  if (view) view.inFlight = Math.max(0, view.inFlight - 1);
  const outcome = msg.outcome;
  if (!outcome.ok) {
    step(state, ctx, call, call.plan.failed(current.server, gatewayErrorOf(outcome.error, current.server)));
    return;
  }
  const result = outcome.value as ToolCallResult['result'];
  const attempts = call.plan.succeeded(current.server);
  let cachedUntil: number | undefined;
  if (call.cache) {
    state.cache.countMiss(current.server);
    if (result.isError !== true)
      cachedUntil = state.cache.set(call.cache.key, result, call.cache.ttlMs, current.server);
  }
  const value: ToolCallResult = {
    result,
    server: current.server,
    group: view ? scopeOf(view.config) : call.routed.group,
    tool: call.routed.tool.name,
    cached: false,
    durationMs: Math.max(0, state.clock.now() - call.startedAt),
    attempts: attempts.map(({ server, round, error }) => ({
      server,
      round,
      ...(error ? { error: toGatewayFailure(error) } : {}),
    })),
    ...(cachedUntil === undefined ? {} : { cachedUntil }),
  };
  finish(state, ctx, call, { ok: true, value });
}

/** A retry round is due. */
export function onRetryRound(state: DirectoryState, ctx: Ctx, callId: string): void {
  const call = state.calls.get(callId);
  if (call?.phase === 'waiting') step(state, ctx, call, call.plan.nextRound());
}

/** The caller gave up on `callId`. */
export function onCancel(state: DirectoryState, ctx: Ctx, callId: string): void {
  const call = state.calls.get(callId);
  if (!call) return;
  call.plan.cancel();
  const cancelled = new GatewayError('call_cancelled', `call "${callId}" was cancelled by its caller`);
  switch (call.phase) {
    case 'leasing':
      finish(state, ctx, call, failed(cancelled));
      return;
    case 'waiting':
      ctx.cancelSchedule(`retry:${callId}`);
      finish(state, ctx, call, failed(cancelled));
      return;
    case 'attempting': {
      const current = call.current;
      const view = current && state.servers.get(current.server);
      // Its failure (call_cancelled, or whatever ended it first) comes back as `attempt-done`.
      if (current && view) ctx.tell(view.ref, { type: 'cancel', attemptId: current.attemptId });
      return;
    }
  }
}

/** The call is over: answer, release its lease. */
function finish(
  state: DirectoryState,
  ctx: Ctx,
  call: PendingCall,
  outcome: GatewayOutcome<ToolCallResult>,
): void {
  state.calls.delete(call.callId);
  const leases = state.options.leases;
  if (call.leased && leases) ctx.tell(leases, { type: 'release', leaseId: call.callId });
  deliver(ctx, call, outcome);
}

function deliver(
  ctx: Ctx,
  to: { readonly replyTo: ReplyTo | null; readonly callId: string; readonly events?: PendingCall['events'] },
  outcome: GatewayOutcome<ToolCallResult>,
): void {
  if (to.replyTo) ctx.replyTo(to.replyTo, outcome);
  else if (to.events)
    ctx.tell(to.events, { type: 'done', callId: to.callId, outcome } satisfies GatewayCallEvent);
}

/** Candidates as routing ranks them now. */
function order(state: DirectoryState, candidates: readonly string[]): string[] {
  return orderCandidates(candidates, state.turn++, (server) => {
    const view = state.servers.get(server);
    if (!view) return { health: 'down', inFlight: 0 };
    const up = view.state === 'running' && !view.circuitOpen;
    const health = up ? view.health : view.state === 'starting' || view.state === 'idle' ? 'unknown' : 'down';
    return { health, inFlight: view.inFlight };
  });
}

function invalid(path: string, wording: string): InvalidArgumentError {
  return new InvalidArgumentError(path, wording);
}
