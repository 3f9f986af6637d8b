/**
 * Traces through the gateway: a proxied tool call (`<server>__<tool>`) and `route_request`
 * each make an `execute_tool <tool>` client span under the request's span, naming the server
 * that answered, and the gateway actors' turns for that call are children of the
 * `execute_tool` span (the turns the adapter caused before the call, of the request's). In process (embedding API, `startGateway` over the fixture server,
 * `createMcpServer`, an SDK client over an in-memory transport pair), with an in-memory exporter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SpanKind, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Gateway } from '../../actors/gateway/embedding/gateway.js';
import { startGateway } from '../../actors/gateway/embedding/start-gateway.js';
import { type ActorSystem, createActorSystem, startCoordination } from '../../src/index.js';
import { createMcpServer } from '../../src/mcp/server.js';
import { FIXTURE } from '../actors/gateway/servers.js';

const exporter = new InMemorySpanExporter();
let dataDir: string;
let system: ActorSystem;
let gateway: Gateway;
let server: McpServer;
let client: Client;

beforeAll(async () => {
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-tracing-gateway-'));
  system = createActorSystem({ dataDir, threads: 2 });
  const coordination = await startCoordination(system);
  gateway = await startGateway(system, {
    mcpServers: { first: { command: process.execPath, args: [FIXTURE, '--name', 'first'] } },
  });
  server = createMcpServer(system, { ...coordination, supervisors: [], gateway });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  client = new Client({ name: 'tracing-gateway-test', version: '0.0.0' });
  await client.connect(clientSide);
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  await gateway?.stop();
  await system?.shutdown();
  trace.disable();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => exporter.reset());

function spanNamed(name: string): ReadableSpan {
  const found = exporter.getFinishedSpans().filter((span) => span.name === name);
  expect(found, `spans named ${name}`).toHaveLength(1);
  return found[0] as ReadableSpan;
}

function expectChild(child: ReadableSpan, parent: ReadableSpan): void {
  expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
  expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
}

it('makes an execute_tool span for a proxied call, with the gateway turns under it', async () => {
  const result = await client.callTool({ name: 'first__echo', arguments: { message: 'hi' } });
  expect(result.isError).toBeFalsy();
  const request = spanNamed('tools/call first__echo');
  const call = spanNamed('execute_tool first__echo');
  expectChild(call, request);
  expect(call.kind).toBe(SpanKind.CLIENT);
  expect(call.attributes).toMatchObject({
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'first__echo',
    'troupe.gateway.server': 'first',
    'troupe.gateway.cached': false,
  });
  // The gateway's turns for the call are under it; what the adapter asked before the call, under the request.
  const turns = exporter.getFinishedSpans().filter((span) => span.name.startsWith('turn '));
  const parents = turns.map((turn) => turn.parentSpanContext?.spanId);
  expect(parents).toContain(call.spanContext().spanId);
  for (const parent of parents)
    expect([call.spanContext().spanId, request.spanContext().spanId]).toContain(parent);
  for (const turn of turns) expect(turn.spanContext().traceId).toBe(request.spanContext().traceId);
});

it('makes an execute_tool span for route_request', async () => {
  const result = await client.callTool({
    name: 'route_request',
    arguments: { vendor: 'first', tool: 'echo', arguments: { message: 'routed' } },
  });
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  const call = spanNamed('execute_tool echo');
  expectChild(call, spanNamed('tools/call route_request'));
  expect(call.attributes['troupe.gateway.server']).toBe('first');
});
