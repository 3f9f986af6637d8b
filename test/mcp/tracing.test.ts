/**
 * Traces: with an OpenTelemetry SDK registered in the process (a `BasicTracerProvider` with an
 * in-memory exporter, as an embedding service would register its own), each MCP request a
 * session receives is a span named as the MCP semantic conventions say (`tools/call <tool>`,
 * attributes `mcp.method.name`, `gen_ai.tool.name`, `mcp.session.id`, `jsonrpc.request.id`,
 * `error.type` on failure), and the actor turns the request caused on the worker threads are
 * its child spans: same trace, the request's span as parent, their times inside the request's —
 * also the turns of the actors those turns told, on another thread.
 * A workflow run the request waited for is an `invoke_workflow` span under it, with a span per step.
 * In process: the embedding API (`createActorSystem`, `startCoordination`) and
 * `createMcpServer`, an SDK client over an in-memory transport pair.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { agentActorId } from '../../actors/coordination/ids.js';
import { type ActorSystem, createActorSystem, startCoordination, startWorkflows } from '../../src/index.js';
import { homeThread } from '../../src/kernel/actor/placement.js';
import { createMcpServer } from '../../src/mcp/server.js';
import { until } from '../helpers/until.js';

const SESSION_ID = 'session-under-trace';

const exporter = new InMemorySpanExporter();
let dataDir: string;
let system: ActorSystem;
let server: McpServer;
let client: Client;

beforeAll(async () => {
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-tracing-'));
  system = createActorSystem({ dataDir, threads: 2 });
  const coordination = await startCoordination(system);
  await startWorkflows(system, { tools: { echo: (args) => ({ output: args }) } });
  server = createMcpServer(system, { ...coordination, supervisors: [] });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  serverSide.sessionId = SESSION_ID;
  await server.connect(serverSide);
  client = new Client({ name: 'tracing-test', version: '0.0.0' });
  await client.connect(clientSide);
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  await system?.shutdown();
  trace.disable();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => exporter.reset());

const agent = (id: string) => ({
  id,
  name: id,
  role: 'worker',
  model_type: 'llm',
  model_version: '1',
  capabilities: [],
});

function spanNamed(name: string): ReadableSpan {
  const found = exporter.getFinishedSpans().filter((span) => span.name === name);
  expect(found, `spans named ${name}`).toHaveLength(1);
  return found[0] as ReadableSpan;
}

it('makes a tools/call span with the MCP attributes, and child spans for the turns it caused', async () => {
  const result = await client.callTool({ name: 'register_agent', arguments: agent('ada') });
  expect(result.isError).toBeFalsy();
  const request = spanNamed('tools/call register_agent');
  expect(request.kind).toBe(SpanKind.SERVER);
  expect(request.attributes).toMatchObject({
    'mcp.method.name': 'tools/call',
    'gen_ai.tool.name': 'register_agent',
    'gen_ai.operation.name': 'execute_tool',
    'mcp.session.id': SESSION_ID,
  });
  expect(request.attributes['jsonrpc.request.id']).toMatch(/^\d+$/);
  expect(request.attributes['error.type']).toBeUndefined();
  expect(request.status.code).not.toBe(SpanStatusCode.ERROR);

  const requestContext = request.spanContext();
  const turns = exporter.getFinishedSpans().filter((span) => span.name.startsWith('turn '));
  // The agent's own actor registered it, on a worker thread.
  expect(turns.map((turn) => turn.attributes)).toContainEqual(
    expect.objectContaining({ 'troupe.actor.id': 'agent:ada', 'troupe.actor.kind': 'AgentActor' }),
  );
  for (const turn of turns) {
    expect(turn.spanContext().traceId).toBe(requestContext.traceId);
    expect(turn.parentSpanContext?.spanId).toBe(requestContext.spanId);
    // Run on a worker thread (thread -1 is the main thread), within the request.
    expect(turn.attributes['troupe.thread']).toBeGreaterThanOrEqual(0);
    expect(typeof turn.attributes['troupe.actor.id']).toBe('string');
    expect(turn.attributes['troupe.actor.kind']).toBe(turn.name.slice('turn '.length));
    expect(hrMs(turn.startTime)).toBeGreaterThanOrEqual(hrMs(request.startTime) - 1);
    // An ask's turn ends before the request answers; a turn told without waiting may not.
    if (turn.attributes['troupe.message.ask'])
      expect(hrMs(turn.endTime)).toBeLessThanOrEqual(hrMs(request.endTime) + 1);
  }
});

it("carries the trace on from a turn to the actor it tells on another thread: that turn's span is under the request too", async () => {
  // An agent whose actor lives on the other thread than the change watch it tells of its registration.
  const id = ['cy', 'dee', 'eve', 'fay', 'gus'].find(
    (candidate) => homeThread(agentActorId(candidate), 2) !== homeThread('change-watch', 2),
  );
  if (id === undefined) throw new Error('no agent id on the other thread');
  const result = await client.callTool({ name: 'register_agent', arguments: agent(id) });
  expect(result.isError).toBeFalsy();
  const request = spanNamed('tools/call register_agent').spanContext();
  // Only this request's turns: a turn an earlier test's request told may end (and be exported) now.
  const turnOf = (kind: string) =>
    exporter
      .getFinishedSpans()
      .find((span) => span.name === `turn ${kind}` && span.spanContext().traceId === request.traceId) ?? null;
  await until(() => turnOf('ChangeWatch') !== null);
  const sender = turnOf('AgentActor');
  const told = turnOf('ChangeWatch');
  expect(sender?.attributes['troupe.actor.id']).toBe(agentActorId(id));
  expect(told?.attributes['troupe.message.ask']).toBe(false);
  expect(told?.attributes['troupe.thread']).not.toBe(sender?.attributes['troupe.thread']);
  for (const turn of [sender, told]) expect(turn?.parentSpanContext?.spanId).toBe(request.spanId);
  expect(hrMs(told?.startTime ?? [0, 0])).toBeGreaterThanOrEqual(hrMs(sender?.startTime ?? [0, 0]));
});

it("sets error.type to troupe's code on a tool's error result", async () => {
  const result = await client.callTool({ name: 'register_agent', arguments: { id: 'bob' } });
  expect(result.isError).toBe(true);
  const request = spanNamed('tools/call register_agent');
  expect(request.attributes['error.type']).toBe('invalid_argument');
  expect(request.status.code).toBe(SpanStatusCode.ERROR);
});

it('sets error.type to the JSON-RPC code on a protocol error', async () => {
  await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/no_such_tool/);
  const request = spanNamed('tools/call no_such_tool');
  expect(request.attributes['error.type']).toBe('-32602');
});

it('makes a span for every method, not only tool calls', async () => {
  await client.listTools();
  const listed = spanNamed('tools/list');
  expect(listed.attributes).toMatchObject({ 'mcp.method.name': 'tools/list', 'mcp.session.id': SESSION_ID });
  await client.readResource({ uri: 'troupe://agents' }).catch(() => undefined);
  await until(() => exporter.getFinishedSpans().some((span) => span.name === 'resources/read'));
  expect(spanNamed('resources/read').attributes['mcp.resource.uri']).toBe('troupe://agents');
});

it('makes an invoke_workflow span with a span per step for a run the request waited for', async () => {
  const defined = await client.callTool({
    name: 'define_workflow',
    arguments: {
      definition: {
        name: 'Traced',
        steps: [
          { name: 'first', tool: 'echo', config: { said: 'hello' } },
          { name: 'pause', wait: { delay: 5 }, depends_on: ['first'] },
        ],
      },
    },
  });
  expect(defined.isError).toBeFalsy();
  exporter.reset();
  const ran = await client.callTool({
    name: 'execute_workflow',
    arguments: { workflow_id: 'Traced', triggering_agent_id: 'ada', wait: true },
  });
  expect(ran.isError, JSON.stringify(ran.content)).toBeFalsy();
  const request = spanNamed('tools/call execute_workflow');
  const run = spanNamed('invoke_workflow Traced');
  expect(run.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
  expect(run.spanContext().traceId).toBe(request.spanContext().traceId);
  expect(run.attributes).toMatchObject({
    'gen_ai.operation.name': 'invoke_workflow',
    'troupe.workflow.name': 'Traced',
    'troupe.workflow.status': 'completed',
  });
  for (const name of ['step first', 'step pause']) {
    const step = spanNamed(name);
    expect(step.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
    expect(step.attributes['troupe.workflow.step.status']).toBe('completed');
  }
  expect(hrMs(spanNamed('step pause').startTime)).toBeGreaterThanOrEqual(
    hrMs(spanNamed('step first').startTime),
  );
});

function hrMs([seconds, nanos]: readonly [number, number]): number {
  return seconds * 1000 + nanos / 1e6;
}
