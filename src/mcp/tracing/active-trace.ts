/**
 * The trace of the MCP request being handled, as seen from the code that handles it: which
 * span is the parent of what it causes (`currentTraceparent()`, kept in an
 * `AsyncLocalStorage` of its own, so that no OpenTelemetry context manager is needed), and
 * how to run code under a span (`runUnder`: that span is then both the active span for a
 * context manager, if one is registered, and the current traceparent).
 *
 * It starts no span itself: `request-spans.ts` starts the requests', `child-spans.ts` the
 * others'.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context, context, ROOT_CONTEXT, type Span, trace } from '@opentelemetry/api';
import { spanContextOf, traceparentOf } from './traceparent.js';

/** The name of troupe's tracer (`trace.getTracer`). */
export const TRACER_NAME = 'troupe';

const active = new AsyncLocalStorage<string>();

/** The `traceparent` of the recording span the code running now is under, if any. */
export function currentTraceparent(): string | undefined {
  return active.getStore();
}

/** The context whose span is `traceparent`'s (a child's parent), or null for a malformed one. */
export function contextOf(traceparent: string): Context | null {
  const parent = spanContextOf(traceparent);
  return parent === null ? null : trace.setSpanContext(ROOT_CONTEXT, parent);
}

/** Run `work` with `span` as its current span. */
export function runUnder<T>(span: Span, work: () => T): T {
  const traceparent = traceparentOf(span.spanContext());
  return context.with(trace.setSpan(context.active(), span), () => active.run(traceparent, work));
}
