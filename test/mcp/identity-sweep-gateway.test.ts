/**
 * The identity sweep (identity-sweep/sweep.ts) a second time, against `troupe serve` with a
 * gateway config in front of the real server-memory from npm: the gateway's own tools
 * (`list_servers` … `route_request`), every proxied `memory__<tool>`, and the
 * `troupe://servers` resources are classified and tried by callers that are not A.
 *
 * What the gateway keeps per agent or session is a result cached for a session
 * (`cache.per_session`): A's world gains one — A, in its collaboration session, reads the
 * graph while it holds an entity whose observation is A's secret, then deletes the entity,
 * so that the secret is left only in the result cached for A's session. Any proxied read
 * the sweep makes names A's session (`session_id`), so a caller that is not in it and is
 * handed that cached result shows the secret.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'vitest';
import { MEMORY } from '../actors/gateway/servers.js';
import { defineIdentitySweep } from './identity-sweep/sweep.js';
import { A, SECRET, type World } from './identity-sweep/world.js';
import { freshDataDir } from './serve-client.js';

const MEMORY_TOOLS = ['memory__read_graph', 'memory__create_entities', 'memory__delete_entities'];

function serve(): { dataDir: string } {
  const root = freshDataDir('identity-sweep-gateway');
  const memory = {
    command: process.execPath,
    args: [MEMORY],
    env: { MEMORY_FILE_PATH: join(root, 'memory.jsonl') },
    cache: { ttl_s: 600, per_session: true },
  };
  writeFileSync(join(root, 'troupe.config.json'), JSON.stringify({ mcpServers: { memory } }));
  return { dataDir: join(root, '.troupe') };
}

async function toolsListed(client: Client): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    const names = new Set((await client.listTools()).tools.map((tool) => tool.name));
    if (MEMORY_TOOLS.every((name) => names.has(name))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the memory server’s tools were never listed');
}

/** A's gateway data: the graph as read in A's session, cached there, holding A's secret. */
async function extend(owner: Client, world: World): Promise<void> {
  await toolsListed(owner);
  const as = { agent_id: A, session_id: world.sessionId };
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await owner.callTool({ name, arguments: { ...args, ...as } })) as CallToolResult;
    expect(result.isError, name).toBeFalsy();
    return JSON.stringify(result.content);
  };
  const entity = { name: 'alice-notes', entityType: 'note', observations: [`${SECRET}-gateway`] };
  await call('memory__create_entities', { entities: [entity] });
  expect(await call('memory__read_graph', {})).toContain(`${SECRET}-gateway`);
  await call('memory__delete_entities', { entityNames: [entity.name] });
  // Only the result cached for A's session holds it now; a read outside the session does not.
  expect(await call('memory__read_graph', {})).toContain(`${SECRET}-gateway`);
  const shared = await owner.callTool({ name: 'memory__read_graph', arguments: { agent_id: A } });
  expect(JSON.stringify(shared.content)).not.toContain(SECRET);
}

defineIdentitySweep({
  serve,
  extend,
  aim: new Map([
    ['servers', 'memory'],
    // server-memory's one resource: the whole graph, through the gateway.
    ['gateway', 'memory'],
    ['+uri', 'memory://knowledge-graph'],
  ]),
  timeoutMs: 60_000,
});
