/**
 * `troupe serve --otel`: export troupe's traces (`src/mcp/tracing/`) over OTLP/HTTP (JSON),
 * in batches, to the collector the standard environment names — `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`
 * or `OTEL_EXPORTER_OTLP_ENDPOINT` (+ `/v1/traces`), default `http://localhost:4318/v1/traces`;
 * headers from `OTEL_EXPORTER_OTLP_HEADERS`; batching from `OTEL_BSP_*`. It registers the
 * process's global tracer provider; what is not yet exported is flushed at shutdown. Nothing
 * is written to stdout (it belongs to MCP): the exporter reports through OpenTelemetry's
 * diagnostics, which are off.
 *
 * Spans are made where the runtime is hosted: in a process attached to another's runtime the
 * switch exports nothing.
 */
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface OtelExport {
  /** Export what is pending, then stop. */
  shutdown(): Promise<void>;
}

export function startOtelExport(): OtelExport {
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  trace.setGlobalTracerProvider(provider);
  return { shutdown: () => provider.shutdown() };
}
