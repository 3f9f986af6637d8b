/**
 * Bad input never hurts the server: every tool is called with no arguments, with each
 * property of the wrong type, with null, and with a huge string; each call is answered —
 * an `isError` result naming a field, or a success — and the server is healthy afterwards,
 * with the state it acknowledged before still there.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

let client: Client;
beforeAll(async () => {
  client = await connect(freshDataDir('bad-input'));
});
afterAll(async () => {
  await client.close();
  removeDataDirs();
});

/** A value of another type than the schema's `type` says. */
function wrongFor(schema: { type?: string }): unknown {
  switch (schema.type) {
    case 'string':
      return 42;
    case 'number':
    case 'integer':
      return 'not a number';
    case 'boolean':
      return 'yes';
    case 'array':
      return { not: 'an array' };
    case 'object':
      return ['not', 'an', 'object'];
    default:
      return Symbol.for('x').toString();
  }
}

it('answers every tool called with bad arguments, and stays healthy with its state intact', async () => {
  const token = await registerAgent(client, 'keeper');
  const { tools } = await client.listTools();
  expect(tools.length).toBeGreaterThan(40);
  const huge = 'x'.repeat(200_000);
  let calls = 0;
  let refused = 0;
  for (const tool of tools) {
    const properties = (tool.inputSchema.properties ?? {}) as Record<string, { type?: string }>;
    // [arguments, the field the answer must name if it refuses them]
    const attempts: [Record<string, unknown>, string | null][] = [[{}, null]];
    for (const [name, schema] of Object.entries(properties)) {
      // A property of any type (`content`, `data`) has no wrong value to name.
      const typed = schema.type ? name : null;
      attempts.push(
        [{ [name]: wrongFor(schema) }, typed],
        [{ [name]: null }, typed],
        [{ [name]: huge }, null],
      );
    }
    for (const [args, field] of attempts) {
      const result = await client.callTool({ name: tool.name, arguments: args });
      calls++;
      expect(Array.isArray(result.content)).toBe(true);
      if (result.isError) {
        refused++;
        const text = (result.content as { type: string; text: string }[])[0]?.text ?? '';
        expect(text.length).toBeGreaterThan(0);
        if (field) expect(text, `${tool.name} ${JSON.stringify(args).slice(0, 80)}`).toContain(field);
      }
    }
  }
  // Almost everything above is refused (a tool without required arguments may succeed on `{}`).
  expect(refused).toBeGreaterThan(calls * 0.8);

  const call = caller(client);
  expect((await call('health', {})).status).not.toBe('unhealthy');
  expect((await call('find_agents', {})).agents).toMatchObject([{ id: 'keeper' }]);
  expect((await call('heartbeat', { agent_id: 'keeper', agent_token: token })).agent).toMatchObject({
    status: 'available',
  });
}, 120_000);

it('refuses a value nested deeper than 32 levels with too_large naming the argument, and takes 32', async () => {
  // Found by the fuzzer (test/mcp/fuzz): a deep payload reached the actor message codec and
  // came back as `unencodable_message` — the server's failure, not the caller's.
  const nested = (depth: number): unknown => {
    let value: unknown = 'bottom';
    for (let level = 0; level < depth; level++) value = [value];
    return value;
  };
  const call = caller(client);
  await registerAgent(client, 'nester');
  await registerAgent(client, 'reader');
  for (const depth of [33, 64, 2_000]) {
    const refused = await call('send_message', {
      sender_id: 'nester',
      recipient_id: 'reader',
      content: nested(depth),
    });
    expect(refused.error, String(depth)).toMatchObject({ code: 'too_large', field: 'content' });
    expect(refused.error?.message).toContain('nested deeper than 32 levels');
  }
  const taken = await call('send_message', {
    sender_id: 'nester',
    recipient_id: 'reader',
    content: nested(32),
  });
  expect(taken.error).toBeUndefined();
});
