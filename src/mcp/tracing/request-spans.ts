/**
 * One OpenTelemetry span per MCP request a session receives, from its arrival to its answer,
 * named and attributed as the MCP semantic conventions say: `tools/call <tool>`,
 * `prompts/get <prompt>`, or the bare method; `mcp.method.name`, `jsonrpc.request.id`,
 * `mcp.session.id` (HTTP sessions), `gen_ai.tool.name` and `gen_ai.operation.name =
 * execute_tool` for a tool call, `gen_ai.prompt.name`, `mcp.resource.uri`; `error.type` (the
 * JSON-RPC code or troupe's error code, `protocol/answer-error.ts`) and an error status when
 * the answer is one.
 *
 * Spans come from `@opentelemetry/api`'s global tracer provider: without an SDK registered
 * (by the embedding service, or `troupe serve --otel`) they are no-ops and nothing more is
 * done. While a recording span's request is handled, it is the active span (for a context
 * manager, if one is registered) and `currentTraceparent()` names it — with no context
 * manager needed (`active-trace.ts`) — which is what the actor system's trace hook
 * (`turn-spans.ts`) sends along.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { type Attributes, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { answerErrorOf } from '../protocol/answer-error.js';
import { tapTransport } from '../protocol/transport-tap.js';
import { runUnder, TRACER_NAME } from './active-trace.js';

/** Requests of one session whose spans are open at once, at most (a client that never reads its answers). */
const MAX_OPEN_SPANS = 10_000;

/** Trace `mcp`'s requests: call before it connects. */
export function traceRequests(mcp: McpServer): void {
  const server = mcp.server;
  const connect = server.connect.bind(server);
  server.connect = async (transport: Transport) => {
    traceTransport(transport);
    await connect(transport);
  };
}

function traceTransport(transport: Transport): void {
  const open = new Map<string | number, Span>();
  tapTransport(transport, {
    received(message, next) {
      if (!('method' in message && 'id' in message) || open.size >= MAX_OPEN_SPANS) return next();
      const request = message as JSONRPCRequest;
      const tracer = trace.getTracer(TRACER_NAME);
      const span = tracer.startSpan(spanNameOf(request), {
        kind: SpanKind.SERVER,
        attributes: attributesOf(request, transport.sessionId),
      });
      if (!span.isRecording()) return next();
      open.set(request.id, span);
      runUnder(span, next);
    },
    sending(message: JSONRPCMessage) {
      if (!('id' in message) || message.id === undefined || !('result' in message || 'error' in message))
        return;
      const span = open.get(message.id);
      if (span === undefined) return;
      open.delete(message.id);
      const error = answerErrorOf(message);
      if (error !== null) {
        span.setAttribute('error.type', error);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
  });
}

/** The MCP semantic conventions' span name: `{method} {target}`, the target being a tool or a prompt. */
function spanNameOf(request: JSONRPCRequest): string {
  const name = nameParam(request);
  return (request.method === 'tools/call' || request.method === 'prompts/get') && name !== undefined
    ? `${request.method} ${name}`
    : request.method;
}

function attributesOf(request: JSONRPCRequest, sessionId: string | undefined): Attributes {
  const attributes: Attributes = {
    'mcp.method.name': request.method,
    'jsonrpc.request.id': String(request.id),
  };
  if (sessionId !== undefined) attributes['mcp.session.id'] = sessionId;
  const name = nameParam(request);
  switch (request.method) {
    case 'tools/call':
      attributes['gen_ai.operation.name'] = 'execute_tool';
      if (name !== undefined) attributes['gen_ai.tool.name'] = name;
      break;
    case 'prompts/get':
      if (name !== undefined) attributes['gen_ai.prompt.name'] = name;
      break;
    case 'resources/read':
    case 'resources/subscribe':
    case 'resources/unsubscribe': {
      const uri = request.params?.uri;
      if (typeof uri === 'string') attributes['mcp.resource.uri'] = uri;
      break;
    }
  }
  return attributes;
}

function nameParam(request: JSONRPCRequest): string | undefined {
  const name = request.params?.name;
  return typeof name === 'string' ? name : undefined;
}
