/**
 * MCP's metric families, measured on each session's transport (so every method counts,
 * troupe's tools, proxied tools and resources alike, with no handler knowing of it):
 *
 * | family | type | labels |
 * |---|---|---|
 * | `troupe_mcp_server_operation_duration_seconds` (`mcp.server.operation.duration`) | histogram | `method`, `tool` |
 * | `troupe_mcp_errors_total` | counter | `method`, `code` |
 * | `troupe_mcp_sessions_open` | gauge | |
 *
 * A request is timed from its arrival to its answer. An error is a JSON-RPC error (code: its
 * number) or a tool's `isError` result (code: troupe's error code, `tool_error` when the
 * result carries none). Labels stay bounded: a method MCP does not define is `other`, the
 * tool of a call answered with a JSON-RPC error (an unknown tool) is `(unknown)`.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { answerErrorOf } from '../protocol/answer-error.js';
import { tapTransport } from '../protocol/transport-tap.js';

/** The MCP semantic conventions' buckets for `mcp.server.operation.duration` (seconds). */
const OPERATION_BUCKETS_S = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

const CLIENT_METHODS = new Set([
  'initialize',
  'ping',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'resources/subscribe',
  'resources/unsubscribe',
  'prompts/list',
  'prompts/get',
  'completion/complete',
  'logging/setLevel',
  'tasks/get',
  'tasks/result',
  'tasks/list',
  'tasks/cancel',
]);

const TOOL_PATTERN = /^[A-Za-z0-9_.\-/]{1,128}$/;

export interface McpMetrics {
  /** Measure `mcp`'s sessions: call before it connects. */
  instrument(mcp: McpServer): void;
  /** Operations answered and failed so far (for the alerts' `error_rate`). */
  readonly operations: { total: number; failed: number };
}

export function registerMcpMetrics(registry: Registry): McpMetrics {
  const duration = new Histogram({
    name: 'troupe_mcp_server_operation_duration_seconds',
    help: 'MCP requests, from arrival to answer (mcp.server.operation.duration), by method and tool',
    labelNames: ['method', 'tool'],
    buckets: OPERATION_BUCKETS_S,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'troupe_mcp_errors_total',
    help: 'MCP requests answered with an error (JSON-RPC error or isError tool result), by method and code',
    labelNames: ['method', 'code'],
    registers: [registry],
  });
  const open = new Gauge({
    name: 'troupe_mcp_sessions_open',
    help: 'MCP sessions connected now (stdio, attached and HTTP)',
    registers: [registry],
  });
  open.set(0);
  const operations = { total: 0, failed: 0 };

  const measure = (transport: Transport): void => {
    const started = new Map<string | number, { method: string; tool: string | null; at: number }>();
    tapTransport(transport, {
      received(message, next) {
        if ('method' in message && 'id' in message && started.size < 10_000) {
          const method = CLIENT_METHODS.has(message.method) ? message.method : 'other';
          const name = (message.params as { name?: unknown } | undefined)?.name;
          const tool = method === 'tools/call' && typeof name === 'string' ? name : null;
          started.set(message.id, { method, tool, at: performance.now() });
        }
        next();
      },
      sending(message) {
        if (('result' in message || 'error' in message) && 'id' in message && message.id !== undefined) {
          const request = started.get(message.id);
          if (request) {
            started.delete(message.id);
            answered(request, message);
          }
        }
      },
    });
  };

  const answered = (
    request: { method: string; tool: string | null; at: number },
    message: JSONRPCMessage,
  ): void => {
    const code = answerErrorOf(message);
    const tool =
      request.tool === null
        ? ''
        : 'error' in message || !TOOL_PATTERN.test(request.tool)
          ? '(unknown)'
          : request.tool;
    duration.observe({ method: request.method, tool }, (performance.now() - request.at) / 1000);
    operations.total++;
    if (code !== null) {
      operations.failed++;
      errors.inc({ method: request.method, code });
    }
  };

  return {
    operations,
    instrument(mcp) {
      const server = mcp.server;
      const connect = server.connect.bind(server);
      server.connect = async (transport: Transport) => {
        measure(transport);
        await connect(transport);
        open.inc();
        let closed = false;
        const previous = server.onclose;
        server.onclose = () => {
          if (!closed) {
            closed = true;
            open.dec();
          }
          previous?.();
        };
      };
    },
  };
}
