/**
 * Child spans for the actor turns a traced MCP request caused. The actor system carries the
 * request's `traceparent` to the worker threads with each tell and ask sent while it is
 * handled, and reports each turn that handled one (`TraceHook`, kernel `wire/traced-turn.ts`);
 * here each report becomes a span `turn <kind>` under the request's span, with the turn's own
 * start and end (taken on its thread), `troupe.actor.id`, `troupe.actor.kind`,
 * `troupe.thread`, and `error.type` when the turn failed.
 *
 * A traced turn's own tells and asks carry the request's `traceparent` on (same thread or
 * another), so the turns they cause are spans under the request's span too — the request's,
 * not the sending turn's: a turn's span is made after it ended, so its id cannot ride on what
 * it sent. A turn told without waiting may end after the request did.
 */
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ActorSystem, TracedTurn } from '../../kernel/index.js';
import { contextOf, currentTraceparent, TRACER_NAME } from './active-trace.js';

const traced = new WeakSet<ActorSystem>();

/** Install the trace hook on `system`, once (every session of a runtime shares it). */
export function traceTurns(system: ActorSystem): void {
  if (traced.has(system)) return;
  traced.add(system);
  system.traceWith({ current: currentTraceparent, turnEnded: recordTurn });
}

function recordTurn(turn: TracedTurn): void {
  const parent = contextOf(turn.traceparent);
  if (parent === null) return;
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `turn ${turn.kind}`,
    {
      kind: SpanKind.INTERNAL,
      startTime: turn.startedAt,
      attributes: {
        'troupe.actor.id': turn.actorId,
        'troupe.actor.kind': turn.kind,
        'troupe.thread': turn.thread,
        'troupe.message.ask': turn.ask,
      },
    },
    parent,
  );
  if (turn.failed !== null) {
    span.setAttribute('error.type', turn.failed);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end(turn.endedAt);
}
