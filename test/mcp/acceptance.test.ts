/**
 * The end-to-end acceptance scenario of `troupe serve`, driven by the SDK `Client` over
 * stdio: three agents register and exchange messages, take and contend for file locks (a
 * lock-wait cycle between two of them is answered as a deadlock naming both), a task is
 * decomposed and its subtasks delegated; one agent stops heartbeating and turns
 * unresponsive, then offline — its lock is released and its task re-queued, mail for it is
 * kept — and after a restart of the server on the same data directory everything is
 * still there.
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

interface TaskView {
  id: string;
  status: string;
  assigned_agent_id: string | null;
}

const ids = (list: unknown) => (list as { id: string }[]).map((item) => item.id).sort();

it('coordinates three agents through messages, locks and tasks, survives a silent agent and a restart', async () => {
  const dataDir = freshDataDir('acceptance');
  let client = await connect(dataDir, ['--threads', '2']);
  let call = caller(client);
  const token: Record<string, string> = {
    lead: await registerAgent(client, 'lead', { role: 'lead', capabilities: ['plan'] }),
    ada: await registerAgent(client, 'ada', { capabilities: ['ts'], heartbeat_interval_s: 0.3 }),
    bob: await registerAgent(client, 'bob', { capabilities: ['ts'] }),
  };
  const as = (agent: string) => ({ agent_id: agent, agent_token: token[agent] });
  // ada is alive while this beats; the scenario silences it later.
  let adaBeats = true;
  const beating = (async () => {
    while (adaBeats) {
      await call('heartbeat', as('ada'));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  // Messages: the lead briefs both workers; ada answers, correlated.
  for (const worker of ['ada', 'bob']) {
    const sent = await call('send_message', {
      sender_id: 'lead',
      recipient_id: worker,
      content: { brief: `take your part, ${worker}` },
      correlation_id: 'kickoff',
      agent_token: token.lead,
    });
    expect(sent.error).toBeUndefined();
  }
  const adaInbox = (await call('fetch_inbox', as('ada'))).messages as { id: string; content: unknown }[];
  expect(adaInbox.map((m) => m.content)).toEqual([{ brief: 'take your part, ada' }]);
  await call('acknowledge_message', { ...as('ada'), message_id: adaInbox[0]?.id });
  await call('send_message', {
    sender_id: 'ada',
    recipient_id: 'lead',
    content: 'on it',
    correlation_id: 'kickoff',
    agent_token: token.ada,
  });
  expect((await call('fetch_inbox', as('lead'))).messages).toMatchObject([
    { sender_id: 'ada', content: 'on it', correlation_id: 'kickoff' },
  ]);

  // Locks: each takes one file, then each waits for the other's — the second wait closes a cycle.
  expect((await call('acquire_file_lock', { path: 'src/parser.ts', ...as('ada') })).lease).toBeDefined();
  expect((await call('acquire_file_lock', { path: 'src/checker.ts', ...as('bob') })).lease).toBeDefined();
  expect((await call('acquire_file_lock', { path: 'src/parser.ts', ...as('bob') })).error).toMatchObject({
    code: 'locked',
  });
  const adaWaits = call('acquire_file_lock', { path: 'src/checker.ts', wait_s: 20, ...as('ada') });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const cycle = await call('acquire_file_lock', { path: 'src/parser.ts', wait_s: 20, ...as('bob') });
  expect(cycle.error).toMatchObject({ code: 'deadlock', field: 'path' });
  expect(cycle.error?.message).toMatch(/bob → ada → bob/);
  await call('release_file_lock', { path: 'src/checker.ts', ...as('bob') });
  expect((await adaWaits).lease).toMatchObject({ holder_id: 'ada', file_path: 'src/checker.ts' });
  await call('acquire_file_lock', { path: 'docs/guide.md', ...as('bob') });

  // Tasks: the lead decomposes the work and delegates one part to each worker.
  const root = (
    await call('create_task', { agent_id: 'lead', description: 'ship the checker', priority: 'high' })
  ).task as TaskView;
  const [parse, check] = (
    await call('decompose_task', {
      agent_id: 'lead',
      task_id: root.id,
      subtasks: [
        { description: 'parser', required_capabilities: ['ts'] },
        { description: 'checker', required_capabilities: ['ts'] },
      ],
    })
  ).tasks as [TaskView, TaskView];
  expect(
    (
      (
        await call('delegate_subtask', {
          coordinator_agent_id: 'lead',
          assigned_agent_id: 'ada',
          subtask_id: parse.id,
          subtask_description: 'parser',
        })
      ).task as TaskView
    ).assigned_agent_id,
  ).toBe('ada');
  expect(
    (
      (
        await call('delegate_subtask', {
          coordinator_agent_id: 'lead',
          assigned_agent_id: 'bob',
          subtask_id: check.id,
          subtask_description: 'checker',
        })
      ).task as TaskView
    ).assigned_agent_id,
  ).toBe('bob');

  // ada goes silent: unresponsive, then offline; its locks free up and its task is re-queued.
  adaBeats = false;
  await beating;
  const seen: string[] = [];
  const deadline = Date.now() + 15_000;
  while (seen.at(-1) !== 'offline' && Date.now() < deadline) {
    const { status } = (await call('check_agent_responsiveness', { agent_id: 'ada' })) as { status: string };
    if (status !== seen.at(-1)) seen.push(status);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(seen).toEqual(['available', 'unresponsive', 'offline']);
  expect((await call('check_file_lock', { path: 'src/parser.ts' })).lease).toBeNull();
  expect((await call('list_file_locks', {})).leases).toMatchObject([
    { file_path: 'docs/guide.md', holder_id: 'bob' },
  ]);
  const requeued = (await call('list_tasks', { parent_task_id: root.id })).tasks as TaskView[];
  expect(requeued.map((t) => [t.id, t.status, t.assigned_agent_id])).toEqual(
    expect.arrayContaining([
      [parse.id, 'pending', null],
      [check.id, 'assigned', 'bob'],
    ]),
  );
  // Mail for the offline agent is kept and reported.
  await call('send_message', {
    sender_id: 'lead',
    recipient_id: 'ada',
    content: 'are you there?',
    agent_token: token.lead,
  });
  const report = await call('check_message_recipient_status', {
    sender_id: 'lead',
    time_window_seconds: 60,
    responsiveness_threshold_seconds: 30,
  });
  const toAda = (report.recipients as { recipient_id: string }[]).find((r) => r.recipient_id === 'ada');
  expect(toAda).toMatchObject({ registered: true, status: 'offline', responsive: false, waiting: 1 });
  await client.close();

  // Restart on the same data directory: everything acknowledged is still there.
  client = await connect(dataDir, ['--threads', '2']);
  call = caller(client);
  expect(ids((await call('find_agents', {})).agents)).toEqual(['ada', 'bob', 'lead']);
  expect((await call('find_agents', { statuses: ['offline'] })).agents).toMatchObject([{ id: 'ada' }]);
  expect((await call('list_file_locks', {})).leases).toMatchObject([
    { file_path: 'docs/guide.md', holder_id: 'bob' },
  ]);
  const after = (await call('list_tasks', { parent_task_id: root.id })).tasks as TaskView[];
  expect(after.map((t) => [t.id, t.status, t.assigned_agent_id])).toEqual(
    expect.arrayContaining([
      [parse.id, 'pending', null],
      [check.id, 'assigned', 'bob'],
    ]),
  );
  expect(((await call('fetch_inbox', as('bob'))).messages as unknown[]).length).toBe(1);
  const kept = await call('check_message_recipient_status', {
    sender_id: 'lead',
    agent_token: token.lead,
    time_window_seconds: 600,
    responsiveness_threshold_seconds: 30,
    recipient_id: 'ada',
  });
  expect(kept.recipients).toMatchObject([{ recipient_id: 'ada', waiting: 1 }]);
  // ada comes back: its next heartbeat makes it available, and its mail is waiting.
  expect((await call('heartbeat', as('ada'))).agent).toMatchObject({ status: 'available' });
  expect((await call('fetch_inbox', as('ada'))).messages).toMatchObject([
    { sender_id: 'lead', content: 'are you there?' },
  ]);
  await client.close();
}, 60_000);
