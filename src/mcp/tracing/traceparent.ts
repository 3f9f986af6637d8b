/**
 * The W3C `traceparent` header value (`00-<trace id>-<span id>-<flags>`): how a span's
 * context travels as the kernel's opaque string (`TraceHook`), and back.
 */
import { type SpanContext, TraceFlags, trace } from '@opentelemetry/api';

const TRACEPARENT_PATTERN = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function traceparentOf(context: SpanContext): string {
  const flags = (context.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${context.traceId}-${context.spanId}-${flags}`;
}

/** The remote span context a `traceparent` names, or null for a malformed or invalid one. */
export function spanContextOf(traceparent: string): SpanContext | null {
  const match = TRACEPARENT_PATTERN.exec(traceparent);
  if (match === null) return null;
  const [, traceId = '', spanId = '', flags = '00'] = match;
  const context: SpanContext = {
    traceId,
    spanId,
    traceFlags: Number.parseInt(flags, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  return trace.isSpanContextValid(context) ? context : null;
}
