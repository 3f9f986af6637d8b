/**
 * The tool contract, checked on every tool a real `troupe serve` lists, with an SDK client
 * that calls `listTools()` first as hosts do (it then checks every structured result
 * against the tool's output schema):
 *
 * - every tool has a strict input schema (`additionalProperties: false`) taking the optional
 *   `agent_id` and `session_id`, an output schema with the `orchestration` block, and the
 *   three behaviour hints as booleans;
 * - every tool answers a failing call with a result — never an exception — carrying only
 *   the JSON text `{ error: { code, message, field? } }`: a misspelled argument
 *   (`unknown_argument`), a missing one (`invalid_argument`), and for a tool that acts for
 *   an agent, a call from a session that never proved it is that agent (`unauthorized`);
 * - a success carries `orchestration` with `coordinated: true`.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type JsonSchema, sampleOf } from './schema-sample.js';
import { connect, freshDataDir, removeDataDirs, structured, type ToolError } from './serve-client.js';

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint'] as const;

let client: Client;
let tools: Tool[];

beforeAll(async () => {
  client = await connect(freshDataDir('contract'), ['--durability', 'memory']);
  ({ tools } = await client.listTools());
});

afterAll(async () => {
  await client.close();
  removeDataDirs();
});

/** The error of a result that must be one, after checking its shape: no structured content, one JSON text. */
async function failingCall(name: string, args: Record<string, unknown>): Promise<ToolError> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
  expect(result.structuredContent).toBeUndefined();
  expect(result.content).toHaveLength(1);
  const error = structured(result).error as ToolError;
  expect(typeof error.code).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}

it('lists every tool with a strict input schema, the context fields, an orchestration block, and boolean hints', () => {
  expect(tools.length).toBeGreaterThan(40);
  const broken: string[] = [];
  for (const tool of tools) {
    const input = tool.inputSchema as JsonSchema;
    const output = tool.outputSchema as JsonSchema | undefined;
    if (input.type !== 'object') broken.push(`${tool.name}: no input schema`);
    if (input.additionalProperties !== false) broken.push(`${tool.name}: input schema not strict`);
    for (const field of ['agent_id', 'session_id']) {
      if (!input.properties?.[field]) broken.push(`${tool.name}: takes no ${field}`);
    }
    if (output?.type !== 'object') broken.push(`${tool.name}: no output schema`);
    if (!output?.properties?.orchestration) broken.push(`${tool.name}: answers no orchestration`);
    if (input.required?.includes('agent_token')) broken.push(`${tool.name}: requires agent_token every time`);
    for (const hint of HINTS) {
      if (typeof tool.annotations?.[hint] !== 'boolean')
        broken.push(`${tool.name}: ${hint} is not a boolean`);
    }
  }
  expect(broken).toEqual([]);
});

it('answers a misspelled argument to every tool with unknown_argument naming it', async () => {
  for (const tool of tools) {
    const error = await failingCall(tool.name, { agnet_id: 'x' });
    expect(error, tool.name).toMatchObject({ code: 'unknown_argument', field: 'agnet_id' });
    expect(error.message, tool.name).toContain('did you mean "agent_id"?');
  }
});

it('answers a call without its required arguments with invalid_argument naming one', async () => {
  let checked = 0;
  for (const tool of tools) {
    const required = (tool.inputSchema as JsonSchema).required ?? [];
    if (required.length === 0) continue;
    const error = await failingCall(tool.name, {});
    expect(error.code, tool.name).toBe('invalid_argument');
    expect(required, tool.name).toContain(error.field);
    expect(error.message, tool.name).toBe(`${error.field} is required`);
    checked++;
  }
  expect(checked).toBeGreaterThan(30);
});

it('refuses a tool that acts for an agent this session never proved, naming agent_token', async () => {
  let checked = 0;
  for (const tool of tools) {
    const input = tool.inputSchema as JsonSchema;
    if (!input.properties?.agent_token) continue;
    // An unproven agent_id: tools whose identity is optional (reads, plans) refuse it too.
    const args = { ...(sampleOf(input, 'ghost') as Record<string, unknown>), agent_id: 'ghost' };
    const error = await failingCall(tool.name, args);
    expect(error, `${tool.name} ${JSON.stringify(args)}`).toMatchObject({
      code: 'unauthorized',
      field: 'agent_token',
    });
    checked++;
  }
  expect(checked).toBeGreaterThan(20);
});

it('answers a success with the orchestration block, coordinated', async () => {
  const result = await client.callTool({ name: 'health', arguments: { session_id: 'nowhere' } });
  expect(result.isError).toBeFalsy();
  expect(structured(result).orchestration).toMatchObject({
    coordinated: true,
    agent_id: null,
    // A session that does not exist is not named.
    session_id: null,
    handled_by: 'system',
  });
});
