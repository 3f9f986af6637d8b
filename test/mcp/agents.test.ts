/**
 * The agent-registry tools over stdio with the SDK client: register (a token comes back),
 * find by capability, heartbeat with and without the right token (`unauthorized`), bad
 * input (`isError`, never a crash), deregister — and the registry survives a restart of
 * the server on the same data directory.
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, removeDataDirs, structured } from './serve-client.js';

afterEach(removeDataDirs);

it('registers, finds, authorizes, refuses bad input, deregisters, and survives a restart', async () => {
  const dataDir = freshDataDir('agents');
  let client = await connect(dataDir);
  const registered = await client.callTool({
    name: 'register_agent',
    arguments: {
      id: 'coder',
      name: 'Coder',
      role: 'developer',
      model_type: 'llm',
      model_version: '1',
      capabilities: ['ts', 'tests'],
    },
  });
  expect(registered.isError).toBeFalsy();
  const { agent_token: token, orchestration } = structured(registered) as {
    agent_token: string;
    orchestration: { handled_by: string };
  };
  expect(token).toMatch(/^[\w-]{20,}$/);
  expect(orchestration.handled_by).toBe('agent-registry');
  await client.callTool({
    name: 'register_agent',
    arguments: {
      id: 'reviewer',
      name: 'Reviewer',
      role: 'reviewer',
      model_type: 'llm',
      model_version: '1',
      capabilities: ['ts'],
    },
  });

  const found = await client.callTool({ name: 'find_agents', arguments: { capabilities: ['tests'] } });
  expect((structured(found).agents as { id: string }[]).map((a) => a.id)).toEqual(['coder']);

  const wrong = await client.callTool({
    name: 'heartbeat',
    arguments: { agent_id: 'coder', agent_token: 'guess' },
  });
  expect(wrong.isError).toBe(true);
  expect(structured(wrong).error).toMatchObject({ code: 'unauthorized', field: 'agent_token' });

  const bad = await client.callTool({
    name: 'update_agent_status',
    arguments: { agent_id: 'coder', agent_token: token, status: 'asleep' },
  });
  expect(bad.isError).toBe(true);
  expect(JSON.stringify(bad.content)).toMatch(/status/);

  const beat = await client.callTool({
    name: 'heartbeat',
    arguments: { agent_id: 'coder', agent_token: token, status: 'working', current_task: 'T-1' },
  });
  expect(structured(beat).agent).toMatchObject({ status: 'working', current_task: 'T-1' });
  await client.close();

  // A new server process on the same data directory knows both agents (and the token still works).
  client = await connect(dataDir);
  const again = await client.callTool({ name: 'find_agents', arguments: { statuses: ['working'] } });
  expect((structured(again).agents as { id: string }[]).map((a) => a.id)).toEqual(['coder']);
  const gone = await client.callTool({
    name: 'deregister_agent',
    arguments: { agent_id: 'coder', agent_token: token },
  });
  expect(gone.isError).toBeFalsy();
  const left = await client.callTool({ name: 'find_agents', arguments: {} });
  expect((structured(left).agents as { id: string }[]).map((a) => a.id)).toEqual(['reviewer']);
  await client.close();
});

it('marks a silent agent unresponsive, then offline (and says so when asked), and available again when it beats', async () => {
  const dataDir = freshDataDir('agents');
  const client = await connect(dataDir);
  const call = caller(client);
  const { agent_token: token } = (await call('register_agent', {
    id: 'quiet',
    name: 'Quiet',
    role: 'worker',
    model_type: 'llm',
    model_version: '1',
    capabilities: [],
    heartbeat_interval_s: 0.2,
  })) as { agent_token: string };
  await call('acquire_file_lock', { path: 'held.ts', agent_id: 'quiet', agent_token: token });
  const seen: string[] = [];
  const deadline = Date.now() + 10_000;
  while (seen.at(-1) !== 'offline' && Date.now() < deadline) {
    const [agent] = (await call('find_agents', {})).agents as { status: string }[];
    if (agent && agent.status !== seen.at(-1)) seen.push(agent.status);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(seen).toEqual(['available', 'unresponsive', 'offline']);
  expect(await call('check_agent_responsiveness', { agent_id: 'quiet' })).toMatchObject({
    status: 'offline',
    responsive: false,
    heartbeat_interval_s: 0.2,
  });
  expect(
    ((await call('check_agent_responsiveness', { agent_id: 'quiet' })) as { missed_intervals: number })
      .missed_intervals,
  ).toBeGreaterThanOrEqual(5);
  expect((await call('check_agent_responsiveness', { agent_id: 'nobody' })).error).toMatchObject({
    code: 'not_found',
    field: 'agent_id',
  });
  expect((await call('list_file_locks', {})).leases).toEqual([]);

  const beat = await call('heartbeat', { agent_id: 'quiet', agent_token: token });
  expect(beat.agent).toMatchObject({ status: 'available' });
  expect(await call('check_agent_responsiveness', { agent_id: 'quiet' })).toMatchObject({
    status: 'available',
    responsive: true,
  });
  await client.close();
});
