/**
 * Task tools over stdio: create a task, decompose it, assign the subtasks by capability
 * to the least loaded agent, assignee-only status updates, merging results, listing,
 * and typed refusals (unknown agent, wrong assignee, unknown task).
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

interface TaskView {
  id: string;
  status: string;
  assigned_agent_id: string | null;
  required_capabilities: string[];
  subtask_ids: string[];
  result: unknown;
}

it('decomposes a task, assigns by capability and load, and merges the results', async () => {
  const dataDir = freshDataDir('tasks');
  const client = await connect(dataDir);
  const call = caller(client);
  const token: Record<string, string> = {};
  const agents = { 'coder-a': ['ts'], 'coder-b': ['ts', 'docs'], writer: ['docs'] };
  for (const [id, capabilities] of Object.entries(agents)) {
    token[id] = await registerAgent(client, id, { capabilities });
  }

  const root = (await call('create_task', { description: 'ship the feature', priority: 'high' }))
    .task as TaskView;
  const children = (
    await call('decompose_task', {
      task_id: root.id,
      subtasks: [
        { description: 'write the parser', required_capabilities: ['ts'] },
        { description: 'write the checker', required_capabilities: ['ts'] },
        { description: 'write the guide', required_capabilities: ['docs'] },
        { description: 'port to rust', required_capabilities: ['rust'] },
      ],
    })
  ).tasks as TaskView[];
  expect(children.map((c) => c.status)).toEqual(['pending', 'pending', 'pending', 'pending']);

  const assigned = (await call('assign_subtasks', { task_id: root.id })).tasks as TaskView[];
  // Two ts tasks spread over the two ts agents; the docs task goes to the agent with no load
  // (writer), since coder-b already holds one; nobody can do rust, so it stays pending.
  expect(assigned.map((t) => t.assigned_agent_id)).toEqual(['coder-a', 'coder-b', 'writer']);
  const [parser, checker, guide, rust] = children as [TaskView, TaskView, TaskView, TaskView];
  const pending = (await call('list_tasks', { status: 'pending', parent_task_id: root.id }))
    .tasks as TaskView[];
  expect(pending.map((t) => t.id)).toEqual([rust.id]);

  expect((await call('delegate_subtask', { task_id: rust.id, to_agent_id: 'ghost' })).error).toMatchObject({
    code: 'no_agent',
    field: 'agent_id',
  });
  expect((await call('delegate_subtask', { task_id: rust.id })).error).toMatchObject({
    code: 'no_agent',
    field: 'required_capabilities',
  });

  const update = (agent: string, taskId: string, status: string, result?: unknown) =>
    call('update_task_status', {
      task_id: taskId,
      agent_id: agent,
      agent_token: token[agent],
      status,
      result,
    });
  expect((await update('writer', parser.id, 'completed', 'stolen')).error).toMatchObject({
    code: 'not_assignee',
    field: 'agent_id',
  });
  expect(
    (
      await call('update_task_status', {
        task_id: parser.id,
        agent_id: 'coder-a',
        agent_token: 'forged',
        status: 'completed',
      })
    ).error,
  ).toBeDefined();
  expect(((await update('coder-a', parser.id, 'in_progress')).task as TaskView).status).toBe('in_progress');
  await update('coder-a', parser.id, 'completed', ['parser.ts']);
  await update('coder-b', checker.id, 'completed', ['checker.ts']);
  await update('writer', guide.id, 'completed', 'guide.md');

  const concat = (await call('merge_results', { task_id: root.id })).task as TaskView;
  expect(concat.result).toEqual(['parser.ts', 'checker.ts', 'guide.md']);
  expect(((await call('list_tasks', { assignee: 'coder-b' })).tasks as TaskView[]).map((t) => t.id)).toEqual([
    checker.id,
  ]);
  expect((await call('merge_results', { task_id: 'nope' })).error).toMatchObject({
    code: 'not_found',
    field: 'task_id',
  });
  await client.close();
});

it('merges by vote: the most common completed answer wins', async () => {
  const dataDir = freshDataDir('tasks');
  const client = await connect(dataDir);
  const call = caller(client);
  const token: Record<string, string> = {};
  for (const id of ['j1', 'j2', 'j3']) {
    token[id] = await registerAgent(client, id, { role: 'judge', capabilities: ['judge'] });
  }
  const root = (await call('create_task', { description: 'is it safe?' })).task as TaskView;
  await call('decompose_task', {
    task_id: root.id,
    subtasks: ['j1', 'j2', 'j3'].map(() => ({ description: 'judge', required_capabilities: ['judge'] })),
  });
  const assigned = (await call('assign_subtasks', { task_id: root.id })).tasks as TaskView[];
  expect(assigned.map((t) => t.assigned_agent_id).sort()).toEqual(['j1', 'j2', 'j3']);
  const verdicts: Record<string, string> = { j1: 'yes', j2: 'no', j3: 'yes' };
  for (const t of assigned) {
    const agent = t.assigned_agent_id as string;
    await call('update_task_status', {
      task_id: t.id,
      agent_id: agent,
      agent_token: token[agent],
      status: 'completed',
      result: verdicts[agent],
    });
  }
  const voted = (await call('merge_results', { task_id: root.id, strategy: 'vote' })).task as TaskView;
  expect(voted.result).toBe('yes');
  await client.close();
});

it('re-queues the open tasks of an agent that goes offline or is deregistered', async () => {
  const dataDir = freshDataDir('tasks');
  const client = await connect(dataDir);
  const call = caller(client);
  const token: Record<string, string> = {};
  for (const id of ['gone', 'left', 'stays']) {
    token[id] = await registerAgent(client, id, { capabilities: ['x'] });
  }
  const task = async (to: string) => {
    const created = (await call('create_task', { description: `for ${to}`, required_capabilities: ['x'] }))
      .task as TaskView;
    return (await call('delegate_subtask', { task_id: created.id, to_agent_id: to })).task as TaskView;
  };
  const [a, b, c] = [await task('gone'), await task('left'), await task('stays')];
  await call('update_agent_status', { agent_id: 'gone', agent_token: token.gone, status: 'offline' });
  await call('deregister_agent', { agent_id: 'left', agent_token: token.left });

  const listed = (await call('list_tasks', {})).tasks as TaskView[];
  const byId = new Map(listed.map((t) => [t.id, t]));
  expect(byId.get(a.id)).toMatchObject({ status: 'pending', assigned_agent_id: null });
  expect(byId.get(b.id)).toMatchObject({ status: 'pending', assigned_agent_id: null });
  expect(byId.get(c.id)).toMatchObject({ status: 'assigned', assigned_agent_id: 'stays' });
  const again = (await call('delegate_subtask', { task_id: a.id })).task as TaskView;
  expect(again.assigned_agent_id).toBe('stays');
  await client.close();
});
