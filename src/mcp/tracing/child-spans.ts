/**
 * Spans under the traced MCP request being handled, for what it does besides actor turns
 * (`turn-spans.ts`): a call through the gateway to a downstream server (`execute_tool`, a
 * client span, whose actor turns are its own children), and a workflow run the request
 * waited for (`invoke_workflow`, with a span per step, timed by the run's own summary).
 * Outside a traced request nothing is made: the work just runs.
 */
import {
  type Attributes,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { WorkflowResult } from '../../../actors/workflows/run/types.js';
import { contextOf, currentTraceparent, runUnder, TRACER_NAME } from './active-trace.js';

/** Call a tool through the gateway under an `execute_tool <name>` span; `work` answers the gateway's result. */
export async function traceGatewayCall<T extends { readonly server?: string; readonly cached: boolean }>(
  name: string,
  work: () => Promise<T>,
  isError: (answer: T) => boolean,
): Promise<T> {
  const span = startChild(`execute_tool ${name}`, SpanKind.CLIENT, {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': name,
  });
  if (span === null) return work();
  try {
    const answer = await runUnder(span, work);
    if (answer.server !== undefined) span.setAttribute('troupe.gateway.server', answer.server);
    span.setAttribute('troupe.gateway.cached', answer.cached);
    if (isError(answer)) failed(span, 'tool_error');
    return answer;
  } catch (error) {
    failed(span, errorTypeOf(error));
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Record a workflow run that ended while the request waited: an `invoke_workflow <workflow>`
 * span from its start (`endedAt - duration`) to `endedAt` (epoch ms), with a child per step
 * that ran, from its own start to its end (the run's clock).
 */
export function traceWorkflowRun(result: WorkflowResult, endedAt: number): void {
  const run = startChild(
    `invoke_workflow ${result.workflow.name}`,
    SpanKind.INTERNAL,
    {
      'gen_ai.operation.name': 'invoke_workflow',
      'troupe.workflow.name': result.workflow.name,
      'troupe.workflow.version': result.workflow.version,
      'troupe.workflow.run_id': result.runId,
      'troupe.workflow.status': result.status,
    },
    endedAt - result.duration,
  );
  if (run === null) return;
  if (result.error !== undefined) failed(run, result.error.code);
  const underRun = trace.setSpan(ROOT_CONTEXT, run);
  const tracer = trace.getTracer(TRACER_NAME);
  for (const step of result.steps) {
    if (step.startedAt === undefined || step.endedAt === undefined) continue;
    const span = tracer.startSpan(
      `step ${step.name}`,
      {
        kind: SpanKind.INTERNAL,
        startTime: step.startedAt,
        attributes: {
          'troupe.workflow.step': step.name,
          'troupe.workflow.step.status': step.status,
          'troupe.workflow.step.attempts': step.attempts,
        },
      },
      underRun,
    );
    if (step.error !== undefined) failed(span, step.error.code);
    span.end(step.endedAt);
  }
  run.end(endedAt);
}

/** A recording span under the current request's, or null outside a traced request. */
function startChild(name: string, kind: SpanKind, attributes: Attributes, startTime?: number): Span | null {
  const traceparent = currentTraceparent();
  if (traceparent === undefined) return null;
  const parent = contextOf(traceparent);
  if (parent === null) return null;
  const span = trace
    .getTracer(TRACER_NAME)
    .startSpan(name, { kind, attributes, ...(startTime === undefined ? {} : { startTime }) }, parent);
  return span.isRecording() ? span : null;
}

function failed(span: Span, type: string): void {
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** A troupe error's code, else the error's name. */
function errorTypeOf(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (error instanceof Error) return error.name;
  }
  return typeof error;
}
