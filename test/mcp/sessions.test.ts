/**
 * Session tools over stdio: create (the caller coordinates), join, shared state with an
 * optimistic version check and a TTL, list by participant, leave, and unknown ids.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
let dataDir: string | undefined;
afterEach(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

type Structured = Record<string, unknown> & { error?: { code: string; field?: string } };
const structured = (result: unknown) => (result as { structuredContent: Structured }).structuredContent;
interface SessionView {
  id: string;
  participantIds: string[];
  state: Record<string, { value: unknown; version: number }>;
}

it('runs a session: create, join, versioned shared state with TTL, list, leave', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-sessions-'));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'serve', '--data-dir', dataDir, '--threads', '2'],
    stderr: 'ignore',
  });
  const client = new Client({ name: 'troupe-test', version: '0.0.0' });
  await client.connect(transport);
  const token: Record<string, string> = {};
  for (const id of ['lead', 'helper', 'outsider']) {
    const result = await client.callTool({
      name: 'register_agent',
      arguments: { id, name: id, role: 'worker', model_type: 'llm', model_version: '1', capabilities: [] },
    });
    token[id] = structured(result).agent_token as string;
  }
  const call = async (name: string, args: Record<string, unknown>) =>
    structured(await client.callTool({ name, arguments: args }));

  const created = await call('create_collaboration_session', {
    agent_id: 'lead',
    agent_token: token.lead,
    title: 'Refactor',
    description: 'split the shard',
    participant_ids: ['helper'],
  });
  const session = created.session as SessionView;
  expect(session.participantIds).toEqual(['lead', 'helper']);

  const set = (agent: string, args: Record<string, unknown>) =>
    call('set_session_state', {
      agent_id: agent,
      agent_token: token[agent],
      session_id: session.id,
      ...args,
    });
  expect(((await set('lead', { key: 'plan', value: 'v1' })).session as SessionView).state.plan?.version).toBe(
    1,
  );
  expect((await set('helper', { key: 'plan', value: 'v2', expected_version: 0 })).error).toMatchObject({
    code: 'version_conflict',
    field: 'expected_version',
  });
  expect(
    ((await set('helper', { key: 'plan', value: 'v2', expected_version: 1 })).session as SessionView).state
      .plan,
  ).toMatchObject({
    value: 'v2',
    version: 2,
  });
  expect((await set('outsider', { key: 'plan', value: 'x' })).error).toMatchObject({
    code: 'not_participant',
  });
  await set('lead', { key: 'draft', value: 'temp', ttl_s: 0.2 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const read = (await call('get_session_state', { session_id: session.id })).session as SessionView;
  expect(Object.keys(read.state)).toEqual(['plan']);

  await call('join_session', { agent_id: 'outsider', agent_token: token.outsider, session_id: session.id });
  const listed = (await call('list_sessions', { participant_id: 'outsider' })).sessions as SessionView[];
  expect(listed.map((s) => s.id)).toEqual([session.id]);
  await call('leave_session', { agent_id: 'outsider', agent_token: token.outsider, session_id: session.id });
  expect(
    ((await call('list_sessions', { participant_id: 'outsider' })).sessions as SessionView[]).length,
  ).toBe(0);
  expect((await call('get_session_state', { session_id: 'nope' })).error).toMatchObject({
    code: 'not_found',
    field: 'session_id',
  });
  await client.close();
});
