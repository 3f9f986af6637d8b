/**
 * The agent-registry tools over stdio with the SDK client (which lists the tools first and
 * checks every result against its output schema), called with exactly seed 003's
 * parameters: `register_agent` (a token comes back; this session acts for the agent from
 * then on), `find_agents` with the seed's filters, `check_agent_responsiveness(agent_id,
 * threshold_seconds)`, `deregister_agent(agent_id)` — and troupe's `heartbeat` /
 * `update_agent_status`. A second session without the token is refused; a deregistered id
 * registered again starts empty; the registry survives a restart.
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const ids = (answer: Record<string, unknown>) => (answer.agents as { id: string }[]).map((a) => a.id);

it('registers, finds and checks agents with the seed parameters, and acts for them in the registering session only', async () => {
  const dataDir = freshDataDir('agents');
  const client = await connect(dataDir);
  const call = caller(client);
  const registered = await call('register_agent', {
    id: 'coder',
    name: 'Coder',
    role: 'developer',
    model_type: 'Claude',
    model_version: '4',
    capabilities: ['ts', 'tests'],
  });
  expect(registered.agent).toMatchObject({
    id: 'coder',
    role: 'developer',
    model_type: 'Claude',
    model_version: '4',
    capabilities: ['ts', 'tests'],
    status: 'available',
    current_task: null,
  });
  const agent = registered.agent as { registered_at: string; last_heartbeat: string };
  expect(agent.registered_at).toMatch(ISO);
  expect(agent.last_heartbeat).toMatch(ISO);
  expect(registered.agent_token).toMatch(/^[\w-]{20,}$/);
  expect(registered.orchestration).toMatchObject({
    coordinated: true,
    agent_id: 'coder',
    handled_by: 'agent:coder',
  });
  await registerAgent(client, 'reviewer', { role: 'reviewer', capabilities: ['ts'], group: 'qa' });

  expect(ids(await call('find_agents', { capabilities: ['tests'] }))).toEqual(['coder']);
  expect(ids(await call('find_agents', { capabilities: ['ts'] }))).toEqual(['coder', 'reviewer']);
  expect(ids(await call('find_agents', { role: 'reviewer' }))).toEqual(['reviewer']);
  expect(ids(await call('find_agents', { model_type: 'Claude' }))).toEqual(['coder']);
  expect(ids(await call('find_agents', { group: 'qa' }))).toEqual(['reviewer']);
  expect(ids(await call('find_agents', { statuses: ['available'], active_within_seconds: 60 }))).toEqual([
    'coder',
    'reviewer',
  ]);
  const firstPage = await call('find_agents', { limit: 1 });
  expect(ids(firstPage)).toEqual(['coder']);
  expect(ids(await call('find_agents', { limit: 1, cursor: firstPage.next_cursor }))).toEqual(['reviewer']);

  // threshold_seconds is the seed's meaning: heard from within it.
  const checked = await call('check_agent_responsiveness', { agent_id: 'coder', threshold_seconds: 30 });
  expect(checked).toMatchObject({
    agent_id: 'coder',
    status: 'available',
    responsive: true,
    threshold_seconds: 30,
  });
  expect(checked.last_heartbeat).toMatch(ISO);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(
    await call('check_agent_responsiveness', { agent_id: 'coder', threshold_seconds: 0.1 }),
  ).toMatchObject({
    responsive: false,
  });
  expect(
    (await call('check_agent_responsiveness', { agent_id: 'nobody', threshold_seconds: 5 })).error,
  ).toMatchObject({
    code: 'unknown_agent',
    field: 'agent_id',
  });

  // No token needed in the registering session.
  expect(
    (await call('heartbeat', { agent_id: 'coder', status: 'working', current_task: 'T-1' })).agent,
  ).toMatchObject({
    status: 'working',
    current_task: 'T-1',
  });
  expect((await call('update_agent_status', { agent_id: 'coder', status: 'idle' })).agent).toMatchObject({
    status: 'idle',
  });
  expect((await call('update_agent_status', { agent_id: 'coder', status: 'asleep' })).error).toMatchObject({
    code: 'invalid_argument',
    field: 'status',
  });

  // Another session: refused without the token, a wrong token refused, the right one works once and is remembered.
  const other = await connect(dataDir);
  const otherCall = caller(other);
  for (const [tool, args] of [
    ['heartbeat', { agent_id: 'coder' }],
    ['update_agent_status', { agent_id: 'coder', status: 'offline' }],
    ['deregister_agent', { agent_id: 'coder' }],
  ] as const) {
    expect((await otherCall(tool, args)).error, tool).toMatchObject({
      code: 'unauthorized',
      field: 'agent_token',
    });
  }
  expect((await otherCall('heartbeat', { agent_id: 'coder', agent_token: 'guess' })).error).toMatchObject({
    code: 'unauthorized',
    field: 'agent_token',
  });
  const token = registered.agent_token as string;
  expect((await otherCall('heartbeat', { agent_id: 'coder', agent_token: token })).error).toBeUndefined();
  expect((await otherCall('heartbeat', { agent_id: 'coder' })).error).toBeUndefined();
  await other.close();
  await client.close();
}, 120_000);

it('deregisters (the records closed: a new registration of the id starts empty, the old token dead) and survives a restart', async () => {
  const dataDir = freshDataDir('agents');
  let client = await connect(dataDir);
  let call = caller(client);
  const oldToken = await registerAgent(client, 'ada');
  await registerAgent(client, 'bob');
  await call('send_message', { sender_id: 'bob', recipient_id: 'ada', content: 'for the old ada' });
  await client.close();

  // A new server process on the same data directory knows both agents, and the token works.
  client = await connect(dataDir);
  call = caller(client);
  expect(ids(await call('find_agents', {}))).toEqual(['ada', 'bob']);
  const gone = await call('deregister_agent', { agent_id: 'ada', agent_token: oldToken });
  expect(gone.agent).toMatchObject({ id: 'ada' });
  expect(ids(await call('find_agents', {}))).toEqual(['bob']);
  expect((await call('heartbeat', { agent_id: 'ada' })).error).toMatchObject({ code: 'unauthorized' });

  const again = await connect(dataDir);
  const newToken = await registerAgent(again, 'ada');
  expect(newToken).not.toBe(oldToken);
  expect((await caller(again)('fetch_inbox', { agent_id: 'ada' })).messages).toEqual([]);
  const stale = await caller(client)('heartbeat', { agent_id: 'ada', agent_token: oldToken });
  expect(stale.error).toMatchObject({ code: 'unauthorized', field: 'agent_token' });
  await again.close();
  await client.close();
}, 120_000);

it('marks a silent agent unresponsive, then offline, and available again when it beats', async () => {
  const client = await connect(freshDataDir('agents'));
  const call = caller(client);
  // 0.5 s intervals: the first look must come before two of them pass, also on a loaded machine.
  await registerAgent(client, 'quiet', { heartbeat_interval_s: 0.5 });
  const seen: string[] = [];
  const deadline = Date.now() + 10_000;
  while (seen.at(-1) !== 'offline' && Date.now() < deadline) {
    const [agent] = (await call('find_agents', {})).agents as { status: string }[];
    if (agent && agent.status !== seen.at(-1)) seen.push(agent.status);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(seen).toEqual(['available', 'unresponsive', 'offline']);
  const report = await call('check_agent_responsiveness', { agent_id: 'quiet' });
  expect(report).toMatchObject({
    status: 'offline',
    responsive: false,
    heartbeat_interval_s: 0.5,
    threshold_seconds: null,
  });
  expect(report.missed_intervals as number).toBeGreaterThanOrEqual(5);
  expect((await call('heartbeat', { agent_id: 'quiet' })).agent).toMatchObject({ status: 'available' });
  expect(
    await call('check_agent_responsiveness', { agent_id: 'quiet', threshold_seconds: 60 }),
  ).toMatchObject({
    status: 'available',
    responsive: true,
  });
  await client.close();
}, 120_000);
