/**
 * One error result for everything: a tool that throws any kernel error (each class in
 * turn), a supervisor's error, a zod error or an unexpected value, a tool whose ask times
 * out or crosses a thread and fails there, and a tool that returns an actor's refusal, all
 * answer with the same `isError` result — only the JSON text `{ error: { code, message,
 * field?, retryable? } }`, no structured content (a client would check it against the
 * tool's output schema) — carrying the error's code and field, `retryable: true` where
 * trying again may work. The client lists the tools first, as hosts do. (In process, on the
 * `ToolRegistry`: a real `troupe serve` is driven by `contract.test.ts`.)
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CircuitOpenError } from '../../actors/supervisors/breaker/circuit-open-error.js';
import { InvalidWaitEdgeError } from '../../actors/supervisors/deadlock/errors.js';
import { UnknownEntityError } from '../../actors/supervisors/heartbeat/unknown-entity-error.js';
import { type ActorRef, type ActorSystem, createActorSystem, type Refusal } from '../../src/kernel/index.js';
import { SessionIdentity } from '../../src/mcp/identity.js';
import { ToolCallHub } from '../../src/mcp/tool-events.js';
import { ToolRegistry } from '../../src/mcp/tool-registry.js';
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
let server: McpServer;

/** Codes whose errors say the same call may work when tried again. */
const RETRYABLE = new Set([
  'ask_timeout',
  'worker_crashed',
  'thread_jammed',
  'mailbox_full',
  'rate_limited',
  'circuit_open',
  'store_write_failed',
]);

beforeAll(async () => {
  system = createActorSystem({ threads: 1 });
  const gate: ActorRef<GateMsg> = await system.spawn(Gate, {});
  const refuser: ActorRef<RefuserMsg> = await system.spawn(Refuser, {});
  server = new McpServer({ name: 'errors-test', version: '0.0.0' });
  const tools = new ToolRegistry(server.server, {
    identity: new SessionIdentity(),
    checkToken: async () => null,
    sessionExists: async () => false,
    hub: new ToolCallHub(),
  });
  const plain = { outputSchema: {}, annotations: {}, handledBy: 'test' };
  tools.register(
    'throw',
    { description: 'Throw the named error.', inputSchema: { error: z.string() }, ...plain },
    async ({ error }) => {
      throw CASES.get(error)?.throws();
    },
  );
  tools.register(
    'slow',
    { description: 'Ask an actor that answers after the ask timed out.', inputSchema: {}, ...plain },
    async () => {
      await gate.ask({ type: 'slow-echo', ms: 300, value: 'late' }, { timeoutMs: 50 });
      return { content: [] };
    },
  );
  tools.register(
    'mute',
    { description: 'Ask an actor that never replies (it fails on its thread).', inputSchema: {}, ...plain },
    async () => {
      await gate.ask({ type: 'ignore' });
      return { content: [] };
    },
  );
  const answer = answerer(refuser);
  tools.register(
    'refused',
    { description: 'Return the refusal an actor answered with.', inputSchema: {}, ...plain },
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
  const listed = await client.listTools();
  expect(listed.tools.map((tool) => tool.name).sort()).toEqual(['mute', 'refused', 'slow', 'throw']);
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  await system?.shutdown();
});

/** The error a result carries, after checking the result's shape (and that `retryable` is said where it applies). */
function errorOf(result: CallToolResult): Refusal {
  expect(result.isError).toBe(true);
  expect(result.structuredContent).toBeUndefined();
  expect(result.content).toHaveLength(1);
  const text = (result.content[0] as { type: string; text: string }).text;
  const { error } = JSON.parse(text) as { error: Refusal & { retryable?: boolean } };
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.retryable, error.code).toBe(RETRYABLE.has(error.code) ? true : undefined);
  const { retryable: _said, ...refusal } = error;
  return refusal;
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
