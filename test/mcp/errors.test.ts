/**
 * One error result for everything: a tool that throws any kernel error (each class in
 * turn), a supervisor's error, a zod error or an unexpected value, a tool whose ask times
 * out or crosses a thread and fails there, and a tool that returns an actor's refusal, all
 * answer with the same `isError` result — `structuredContent: { error: { code, message,
 * field? } }` and the same JSON as text — carrying the error's code and field. The client
 * lists the tools first, as hosts do.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CircuitOpenError } from '../../actors/supervisors/breaker/circuit-open-error.js';
import { InvalidWaitEdgeError } from '../../actors/supervisors/deadlock/errors.js';
import { UnknownEntityError } from '../../actors/supervisors/heartbeat/unknown-entity-error.js';
import { type ActorRef, type ActorSystem, createActorSystem, type Refusal } from '../../src/kernel/index.js';
import { ObservedMcpServer } from '../../src/mcp/tool-events.js';
import { answerer } from '../../src/mcp/tool-result.js';
import { Gate, type GateMsg } from '../fixtures/gate.js';
import { KERNEL_ERRORS } from '../fixtures/kernel-errors.js';
import { Refuser, type RefuserMsg } from '../fixtures/refuser.js';

/** What a thrown value must come out as. */
interface Case {
  readonly throws: () => unknown;
  readonly code: string;
  readonly field?: string;
}

const CASES = new Map<string, Case>([
  ...KERNEL_ERRORS.map((error): [string, Case] => [
    error.name,
    { throws: () => error, code: error.code, ...(error.field === undefined ? {} : { field: error.field }) },
  ]),
  ['CircuitOpenError', { throws: () => new CircuitOpenError('payments', 'open', 500), code: 'circuit_open' }],
  [
    'InvalidWaitEdgeError',
    {
      throws: () => new InvalidWaitEdgeError('edge.since', 'must be a finite number'),
      code: 'invalid_wait_edge',
      field: 'edge.since',
    },
  ],
  ['UnknownEntityError', { throws: () => new UnknownEntityError('probe'), code: 'unknown_entity' }],
  [
    'ZodError',
    {
      throws: () => z.object({ limits: z.object({ max: z.number() }) }).parse({ limits: { max: 'ten' } }),
      code: 'invalid_argument',
      field: 'limits.max',
    },
  ],
  ['TypeError', { throws: () => new TypeError('x is not a function'), code: 'internal' }],
  ['a string', { throws: () => 'nothing but a string', code: 'internal' }],
]);

let system: ActorSystem;
let client: Client;
let server: ObservedMcpServer;

beforeAll(async () => {
  system = createActorSystem({ threads: 1 });
  const gate: ActorRef<GateMsg> = await system.spawn(Gate, {});
  const refuser: ActorRef<RefuserMsg> = await system.spawn(Refuser, {});
  server = new ObservedMcpServer({ name: 'errors-test', version: '0.0.0' });
  server.registerTool(
    'throw',
    { description: 'Throw the named error.', inputSchema: { error: z.string() } },
    async ({ error }) => {
      throw CASES.get(error)?.throws();
    },
  );
  server.registerTool(
    'slow',
    { description: 'Ask an actor that answers after the ask timed out.', inputSchema: {} },
    async () => {
      await gate.ask({ type: 'slow-echo', ms: 300, value: 'late' }, { timeoutMs: 50 });
      return { content: [] };
    },
  );
  server.registerTool(
    'mute',
    { description: 'Ask an actor that never replies (it fails on its thread).', inputSchema: {} },
    async () => {
      await gate.ask({ type: 'ignore' });
      return { content: [] };
    },
  );
  const answer = answerer(refuser);
  server.registerTool(
    'refused',
    { description: 'Return the refusal an actor answered with.', inputSchema: {} },
    () =>
      answer(
        { type: 'refuse', refusal: { code: 'not_found', message: 'no session "s1"', field: 'session_id' } },
        () => ({}),
      ),
  );
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  client = new Client({ name: 'errors-test', version: '0.0.0' });
  await client.connect(clientSide);
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name).sort()).toEqual(['mute', 'refused', 'slow', 'throw']);
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  await system?.shutdown();
});

/** The error a result carries, after checking the result's shape. */
function errorOf(result: CallToolResult): Refusal {
  expect(result.isError).toBe(true);
  const body = result.structuredContent as { error: Refusal };
  expect(result.content).toEqual([{ type: 'text', text: JSON.stringify(body) }]);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

async function call(name: string, args: Record<string, unknown> = {}): Promise<Refusal> {
  return errorOf((await client.callTool({ name, arguments: args })) as CallToolResult);
}

describe('a tool that throws', () => {
  it.each([...CASES].map(([name, expected]) => [name, expected] as const))(
    'answers %s with its code and field',
    async (name, expected) => {
      const error = await call('throw', { error: name });
      expect(error.code).toBe(expected.code);
      expect(error.field).toBe(expected.field);
    },
  );

  it('keeps the message of a troupe error', async () => {
    expect(await call('throw', { error: 'StateTooLargeError' })).toEqual({
      code: 'state_too_large',
      message: 'state of actor "hoarder" would be 2000000 bytes, over its cap of 1000000',
    });
  });
});

describe('a tool whose ask fails', () => {
  it('answers an ask that timed out with ask_timeout', async () => {
    const error = await call('slow');
    expect(error.code).toBe('ask_timeout');
    expect(error.message).toMatch(/no reply within 50 ms/);
  });

  it('answers an ask that failed on the worker thread with that error’s code', async () => {
    expect((await call('mute')).code).toBe('no_reply');
  });
});

it('answers with the refusal an actor returned, as it was', async () => {
  expect(await call('refused')).toEqual({
    code: 'not_found',
    message: 'no session "s1"',
    field: 'session_id',
  });
});
