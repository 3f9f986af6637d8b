/**
 * `troupe serve --http` driven by the SDK `Client` over `StreamableHTTPClientTransport`: the
 * tools are listed; the acceptance scenario's coordination flow (agents register and
 * exchange messages, contend for file locks — a wait cycle is answered as a deadlock — a
 * task is decomposed and delegated) runs over HTTP, across two sessions that see the same
 * runtime, and survives a restart; `DELETE` ends a session (its id is then unknown); and
 * `--http-stateless` serves each request without a session id.
 */
import { afterEach, expect, it } from 'vitest';
import { caller, freshDataDir, removeDataDirs } from '../../mcp/serve-client.js';
import { connectHttp, INITIALIZE, MCP_POST_HEADERS, startTroupe, stopTroupes } from './http-troupe.js';

afterEach(async () => {
  await stopTroupes();
  removeDataDirs();
});

interface TaskView {
  id: string;
  status: string;
  assigned_agent_id: string | null;
}

const register = async (call: ReturnType<typeof caller>, id: string, capabilities: string[]) =>
  (
    await call('register_agent', {
      id,
      name: id,
      role: 'worker',
      model_type: 'llm',
      model_version: '1',
      capabilities,
    })
  ).agent_token as string;

it('runs the coordination flow over Streamable HTTP, across sessions and a restart', async () => {
  const dataDir = freshDataDir('http-flow');
  let troupe = await startTroupe({ dataDir });
  const { client } = await connectHttp(troupe);
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name)).toEqual(
    expect.arrayContaining(['health', 'register_agent', 'send_message', 'acquire_file_lock', 'create_task']),
  );
  const call = caller(client);
  // A second session on the same runtime: bob works from there.
  const { client: other } = await connectHttp(troupe);
  const callOther = caller(other);
  const token: Record<string, string> = {
    lead: await register(call, 'lead', ['plan']),
    ada: await register(call, 'ada', ['ts']),
    bob: await register(callOther, 'bob', ['ts']),
  };
  const as = (agent: string) => ({ agent_id: agent, agent_token: token[agent] });

  // Messages, across the two sessions.
  const sent = await call('send_message', {
    sender_id: 'lead',
    recipient_id: 'bob',
    content: { brief: 'take the checker' },
    correlation_id: 'kickoff',
    agent_token: token.lead,
  });
  expect(sent.error).toBeUndefined();
  const inbox = (await callOther('fetch_inbox', as('bob'))).messages as { id: string; content: unknown }[];
  expect(inbox.map((m) => m.content)).toEqual([{ brief: 'take the checker' }]);
  await callOther('acknowledge_message', { ...as('bob'), message_id: inbox[0]?.id });

  // Locks: contention, then a wait cycle answered as a deadlock.
  expect((await call('acquire_file_lock', { path: 'src/parser.ts', ...as('ada') })).lease).toBeDefined();
  expect(
    (await callOther('acquire_file_lock', { path: 'src/checker.ts', ...as('bob') })).lease,
  ).toBeDefined();
  expect((await callOther('acquire_file_lock', { path: 'src/parser.ts', ...as('bob') })).error).toMatchObject(
    {
      code: 'locked',
    },
  );
  const adaWaits = call('acquire_file_lock', { path: 'src/checker.ts', wait_s: 20, ...as('ada') });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const cycle = await callOther('acquire_file_lock', { path: 'src/parser.ts', wait_s: 20, ...as('bob') });
  expect(cycle.error).toMatchObject({ code: 'deadlock', field: 'path' });
  await callOther('release_file_lock', { path: 'src/checker.ts', ...as('bob') });
  expect((await adaWaits).lease).toMatchObject({ holder_id: 'ada', file_path: 'src/checker.ts' });

  // Tasks: decomposed by the lead, one part delegated.
  const root = (
    await call('create_task', { agent_id: 'lead', description: 'ship the checker', priority: 'high' })
  ).task as TaskView;
  const [parse] = (
    await call('decompose_task', {
      agent_id: 'lead',
      task_id: root.id,
      subtasks: [
        { description: 'parser', required_capabilities: ['ts'] },
        { description: 'checker', required_capabilities: ['ts'] },
      ],
    })
  ).tasks as [TaskView, TaskView];
  const delegated = await call('delegate_subtask', {
    coordinator_agent_id: 'lead',
    assigned_agent_id: 'ada',
    subtask_id: parse.id,
    subtask_description: 'parser',
  });
  expect((delegated.task as TaskView).assigned_agent_id).toBe('ada');
  await client.close();
  await other.close();

  // A restart on the same data directory: everything is still there.
  expect(await troupe.stop()).toBe(0);
  troupe = await startTroupe({ dataDir });
  const { client: again } = await connectHttp(troupe);
  const callAgain = caller(again);
  expect((await callAgain('check_file_lock', { path: 'src/checker.ts' })).lease).toMatchObject({
    holder_id: 'ada',
  });
  const tasks = (await callAgain('list_tasks', { parent_task_id: root.id })).tasks as TaskView[];
  expect(tasks.find((task) => task.id === parse.id)?.assigned_agent_id).toBe('ada');
  await again.close();
});

it('ends a session on DELETE: its id is unknown afterwards', async () => {
  const troupe = await startTroupe();
  const { client, transport } = await connectHttp(troupe);
  const sessionId = transport.sessionId as string;
  expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
  expect((await client.callTool({ name: 'health', arguments: {} })).isError).toBeFalsy();
  await transport.terminateSession();
  const after = await fetch(`${troupe.base}/mcp`, {
    method: 'POST',
    headers: { ...MCP_POST_HEADERS, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
  });
  expect(after.status).toBe(404);
  expect(await after.json()).toMatchObject({ error: { code: -32001 } });
  await client.close();
});

it('serves stateless requests without session ids (--http-stateless)', async () => {
  const troupe = await startTroupe({ args: ['--http-stateless'] });
  const initialized = await fetch(`${troupe.base}/mcp`, {
    method: 'POST',
    headers: MCP_POST_HEADERS,
    body: JSON.stringify(INITIALIZE),
  });
  expect(initialized.status).toBe(200);
  expect(initialized.headers.get('mcp-session-id')).toBeNull();
  // Every request stands alone: a tools/list with no session id, straight away.
  const listed = await fetch(`${troupe.base}/mcp`, {
    method: 'POST',
    headers: MCP_POST_HEADERS,
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
  });
  expect(listed.status).toBe(200);
  const { result } = (await listed.json()) as { result: { tools: { name: string }[] } };
  expect(result.tools.map((tool) => tool.name)).toContain('register_agent');
  // The SDK client works against it too.
  const { client } = await connectHttp(troupe);
  const health = await client.callTool({ name: 'health', arguments: {} });
  expect((health.structuredContent as { status: string }).status).toBe('healthy');
  await client.close();
  const get = await fetch(`${troupe.base}/mcp`, { headers: { accept: 'text/event-stream' } });
  expect(get.status).toBe(405);
});
