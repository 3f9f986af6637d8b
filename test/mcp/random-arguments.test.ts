/**
 * Property test (fast-check): random argument objects for every tool of a real
 * `troupe serve`, called by an SDK client that listed the tools first (so it checks every
 * structured result against the tool's output schema). Every answer is a result — a
 * success whose `orchestration` says `coordinated`, or an `isError` result whose only
 * content is `{ error: { code } }` with a known code — never a protocol error or an
 * exception; and afterwards the server is healthy and still has the state another session
 * set up before. `TROUPE_PROPERTY_RUNS` sets the cases per tool (default 120).
 *
 * The arguments mix values of each property's own type (often valid, so calls reach the
 * actors: the calling session registered an agent and acts for it) with any JSON at all,
 * and now and then an argument no tool takes. `wait_s` is left out: a random wait for a lock
 * may rightly last an hour.
 *
 * fast-check's strings include names of `Object.prototype` members (`toString`, `__proto__`)
 * on purpose: every id is looked up in a Map or a stored table, never a plain object.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import fc, { type Arbitrary } from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TROUPE_ERROR_CODES } from '../../src/kernel/index.js';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs, structured } from './serve-client.js';

const RUNS = Number(process.env.TROUPE_PROPERTY_RUNS ?? 120);
const KNOWN_CODES = new Set<string>(TROUPE_ERROR_CODES);
/** Ids the random strings pick often: the caller's own agent, the other session's, and nobody's. */
const IDS = ['mine', 'keeper', 'ghost'];
const LEFT_OUT = new Set(['wait_s']);
interface JsonSchema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: unknown;
  readonly items?: JsonSchema;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
}

/** A value of the schema's type, or now and then any JSON at all. */
function anyValue(schema: JsonSchema, depth = 0): Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: typed(schema, depth), weight: 7 },
    { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
  );
}

function typed(schema: JsonSchema, depth: number): Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return fc.oneof(fc.constantFrom(...IDS), fc.string({ maxLength: 12 }));
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({
        min: schema.minimum ?? schema.exclusiveMinimum ?? -1e6,
        max: schema.maximum ?? 1e6,
        noNaN: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 2
        ? fc.constant([])
        : fc.array(anyValue(schema.items ?? {}, depth + 1), { maxLength: 3 });
    case 'object': {
      if (depth > 2) return fc.constant({});
      const extra = schema.additionalProperties;
      if (typeof extra === 'object' && extra !== null && !schema.properties)
        return fc.dictionary(fc.string({ maxLength: 8 }), anyValue(extra as JsonSchema, depth + 1), {
          maxKeys: 3,
        });
      const shape = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, inner]) => [key, anyValue(inner, depth + 1)]),
      );
      return fc.record(shape, { requiredKeys: [] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Random arguments for a tool: its required properties most of the time, any others, sometimes one it does not take. */
function argumentsFor(tool: Tool): Arbitrary<Record<string, unknown>> {
  const properties = Object.entries((tool.inputSchema.properties ?? {}) as Record<string, JsonSchema>).filter(
    ([key]) => !LEFT_OUT.has(key),
  );
  const shape = Object.fromEntries(properties.map(([key, schema]) => [key, anyValue(schema)]));
  const required = (tool.inputSchema.required ?? []).filter((key) => key in shape);
  const known = fc.oneof(
    { arbitrary: fc.record(shape, { requiredKeys: required }), weight: 3 },
    { arbitrary: fc.record(shape, { requiredKeys: [] }), weight: 1 },
  ) as Arbitrary<Record<string, unknown>>;
  const unknown = fc.oneof(
    { arbitrary: fc.constant(null), weight: 7 },
    {
      arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.jsonValue({ maxDepth: 1 })),
      weight: 1,
    },
  );
  return fc.tuple(known, unknown).map(([args, extra]) => (extra ? { ...args, [extra[0]]: extra[1] } : args));
}

let client: Client;
let keeper: Client;
const dataDir = freshDataDir('random-arguments');

beforeAll(async () => {
  client = await connect(dataDir);
  // The state to keep, set up by another session (attached to the same runtime): the random
  // session never proved it is `keeper`, so nothing it sends may act for it.
  keeper = await connect(dataDir);
  const keep = caller(keeper);
  await registerAgent(keeper, 'keeper');
  const opened = await keep('create_collaboration_session', {
    agent_id: 'keeper',
    title: 'kept',
    description: 'state that must survive',
    participant_ids: [],
  });
  const sessionId = (opened.session as { id: string }).id;
  await keep('set_session_state', { agent_id: 'keeper', session_id: sessionId, key: 'plan', value: 'v1' });
  await keep('acquire_file_lock', { agent_id: 'keeper', path: 'kept.ts', ttl_s: 3_600 });
  keptSession = sessionId;
  await registerAgent(client, 'mine');
});

let keptSession = '';

afterAll(async () => {
  await client?.close();
  await keeper?.close();
  removeDataDirs();
});

it(`answers ${RUNS} random calls to every tool with a result, and keeps its state`, async () => {
  const { tools } = await client.listTools();
  expect(tools.length).toBeGreaterThan(40);
  let errors = 0;
  const succeeded = new Set<string>();
  for (const tool of tools) {
    await fc.assert(
      fc.asyncProperty(argumentsFor(tool), async (args) => {
        const result = (await client.callTool({ name: tool.name, arguments: args })) as CallToolResult;
        if (result.isError) {
          errors++;
          expect(result.structuredContent).toBeUndefined();
          const { error } = structured(result);
          expect(KNOWN_CODES, `${tool.name}: ${JSON.stringify(error)}`).toContain(error?.code);
        } else {
          succeeded.add(tool.name);
          expect(structured(result).orchestration).toMatchObject({ coordinated: true });
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }
  // Both kinds of answer were exercised (a tool that needs an existing task or project id cannot succeed here).
  expect(succeeded.size).toBeGreaterThan(10);
  expect(errors).toBeGreaterThan(tools.length);

  const keep = caller(keeper);
  expect((await keep('health', {})).status).not.toBe('unhealthy');
  expect((await keep('find_agents', { role: 'worker' })).agents).toEqual(
    expect.arrayContaining([expect.objectContaining({ id: 'keeper' })]),
  );
  const kept = await keep('get_session_state', { agent_id: 'keeper', session_id: keptSession });
  expect(kept.error).toBeUndefined();
  expect((kept.state as Record<string, { value: unknown }>).plan?.value).toBe('v1');
  expect((await keep('check_file_lock', { path: 'kept.ts' })).lease).toMatchObject({ holder_id: 'keeper' });
  // Every domain actor still answers.
  for (const tool of [
    'list_tasks',
    'list_routing_rules',
    'list_projects',
    'list_event_subscriptions',
    'list_sessions',
  ]) {
    expect((await keep(tool, {})).error, tool).toBeUndefined();
  }
}, 900_000);
