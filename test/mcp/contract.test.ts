/**
 * The tool contract, checked on every tool a real `troupe serve --durability memory` lists:
 * an input and an output schema, the three behaviour hints as booleans, and for every tool
 * that is not read-only the optional `agent_id` and `session_id` inputs and an
 * `orchestration` block in its output. A tool added without them fails here by name.
 */
import { afterEach, expect, it } from 'vitest';
import { connect, freshDataDir, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

interface ObjectSchema {
  readonly type?: unknown;
  readonly properties?: Readonly<Record<string, unknown>>;
}

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint'] as const;

it('gives every tool schemas, boolean hints, and the orchestration fields when it mutates', async () => {
  const client = await connect(freshDataDir('contract'), ['--durability', 'memory']);
  const { tools } = await client.listTools();
  await client.close();
  expect(tools.map((t) => t.name)).toEqual(
    expect.arrayContaining([
      'broadcast_system_event',
      'subscribe_system_events',
      'unsubscribe_system_events',
      'list_event_subscriptions',
    ]),
  );
  const broken: string[] = [];
  for (const tool of tools) {
    const input = tool.inputSchema as ObjectSchema | undefined;
    const output = tool.outputSchema as ObjectSchema | undefined;
    if (input?.type !== 'object') broken.push(`${tool.name}: no input schema`);
    if (output?.type !== 'object') broken.push(`${tool.name}: no output schema`);
    for (const hint of HINTS) {
      if (typeof tool.annotations?.[hint] !== 'boolean')
        broken.push(`${tool.name}: ${hint} is not a boolean`);
    }
    if (tool.annotations?.readOnlyHint !== false) continue;
    for (const field of ['agent_id', 'session_id']) {
      if (!input?.properties?.[field]) broken.push(`${tool.name}: mutates but takes no ${field}`);
    }
    if (!output?.properties?.orchestration) broken.push(`${tool.name}: mutates but answers no orchestration`);
  }
  expect(broken).toEqual([]);
});
