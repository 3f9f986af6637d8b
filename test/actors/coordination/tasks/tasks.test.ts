/**
 * Tasks through their facade, on a real system: decomposition, assignment by capability and
 * load (counting the assignments of the same call), assignee-only progress, merging results
 * (concat, vote, object-merge), listing by status, assignee and parent, results shown only to
 * those who may see them, open tasks back to pending when the assignee goes — and all of it
 * still there after a restart.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ANONYMOUS, type Caller } from '../../../../actors/coordination/caller.js';
import {
  createTask,
  decomposeTask,
  delegateSubtask,
  getTask,
  listTasks,
  mergeResults,
  updateTaskStatus,
} from '../../../../actors/coordination/tasks/api.js';
import { assignSubtasks } from '../../../../actors/coordination/tasks/assign.js';
import type { TaskRecord } from '../../../../actors/coordination/tasks/task-record.js';
import { expectOk, expectRefused, WorkSystem } from '../../../fixtures/coordination/work-system.js';
import { until } from '../../../helpers/until.js';

let work: WorkSystem;
beforeEach(() => {
  work = new WorkSystem();
});
afterEach(async () => {
  await work.close();
});

const as = (callers: Map<string, Caller>, id: string) => callers.get(id) as Caller;

it('decomposes a task, assigns by capability and load, and merges the completed results', async () => {
  const agents = await work.agents({
    lead: { capabilities: [] },
    'coder-a': { capabilities: ['ts'] },
    'coder-b': { capabilities: ['ts', 'docs'] },
    writer: { capabilities: ['docs'] },
  });
  const { system } = work;
  const lead = as(agents, 'lead');
  const root = expectOk(
    await createTask(system, lead, { description: 'ship the feature', priority: 'high' }),
  );
  expect(root).toMatchObject({
    status: 'pending',
    priority: 'high',
    coordinatorId: 'lead',
    createdBy: 'lead',
  });
  const { parent, subtasks } = expectOk(
    await decomposeTask(system, lead, {
      taskId: root.id,
      subtasks: [
        { description: 'write the parser', requiredCapabilities: ['ts'] },
        { description: 'write the checker', requiredCapabilities: ['ts'] },
        { description: 'write the guide', requiredCapabilities: ['docs'] },
        { description: 'port to rust', requiredCapabilities: ['rust'] },
      ],
    }),
  );
  expect(parent.subtaskIds).toEqual(subtasks.map((t) => t.id));
  expect(subtasks.map((t) => [t.status, t.parentTaskId])).toEqual(Array(4).fill(['pending', root.id]));

  const { assigned, unassigned } = expectOk(await assignSubtasks(system, lead, { parentTaskId: root.id }));
  // Two ts tasks spread over the two ts agents; the docs task goes to the agent with no load
  // (writer), since coder-b already holds one; nobody can do rust, so it stays pending.
  expect(assigned.map((t) => t.assignedAgentId)).toEqual(['coder-a', 'coder-b', 'writer']);
  const [parser, checker, guide, rust] = subtasks as [TaskRecord, TaskRecord, TaskRecord, TaskRecord];
  expect(unassigned).toEqual([{ taskId: rust.id, reason: expect.objectContaining({ code: 'no_agent' }) }]);
  const pending = expectOk(await listTasks(system, lead, { status: 'pending', parentTaskId: root.id }));
  expect(pending.items.map((t) => t.id)).toEqual([rust.id]);

  const update = (agent: string, taskId: string, status: string, result?: unknown) =>
    updateTaskStatus(system, as(agents, agent), {
      taskId,
      status,
      ...(result === undefined ? {} : { result }),
    });
  expectRefused(await update('writer', parser.id, 'completed', 'stolen'), 'not_assignee', 'agent_id');
  expectRefused(await update('writer', rust.id, 'completed', 'claimed'), 'not_assignee', 'agent_id');
  expect(expectOk(await update('coder-a', parser.id, 'in_progress')).status).toBe('in_progress');
  await update('coder-a', parser.id, 'completed', ['parser.ts']);
  await update('coder-b', checker.id, 'completed', ['checker.ts']);
  await update('writer', guide.id, 'completed', 'guide.md');
  expectRefused(await update('coder-a', parser.id, 'in_progress'), 'invalid_transition', 'status');

  const merged = expectOk(await mergeResults(system, lead, { taskId: root.id }));
  expect(merged).toMatchObject({
    strategy: 'concat',
    count: 3,
    result: ['parser.ts', 'checker.ts', 'guide.md'],
  });
  expect(merged.task?.result).toEqual(['parser.ts', 'checker.ts', 'guide.md']);
  expect(
    expectOk(await listTasks(system, lead, { assignedAgentId: 'coder-b' })).items.map((t) => t.id),
  ).toEqual([checker.id]);
  expectRefused(await mergeResults(system, lead, { taskId: 'nope' }), 'not_found', 'task_id');
  // Only its coordinator (or creator, or assignee) may keep a merge in a task.
  expectRefused(await mergeResults(system, as(agents, 'writer'), { taskId: root.id }), 'forbidden');

  // Results are shown to the coordinator and the assignee, never to others or to nobody.
  expect(expectOk(await getTask(system, as(agents, 'coder-a'), { taskId: parser.id })).result).toEqual([
    'parser.ts',
  ]);
  expect(expectOk(await getTask(system, as(agents, 'writer'), { taskId: parser.id })).result).toBeNull();
  expect(expectOk(await getTask(system, ANONYMOUS, { taskId: root.id })).result).toBeNull();
  const seenByOthers = expectOk(
    await listTasks(system, as(agents, 'writer'), { parentTaskId: root.id }),
  ).items;
  expect(seenByOthers.filter((t) => t.assignedAgentId !== 'writer').map((t) => t.result)).toEqual([
    null,
    null,
    null,
  ]);

  // Everything is still there after a restart.
  const again = await work.restart();
  expect(expectOk(await getTask(again, lead, { taskId: root.id }))).toMatchObject({
    result: ['parser.ts', 'checker.ts', 'guide.md'],
    subtaskIds: parent.subtaskIds,
  });
  expect(expectOk(await listTasks(again, lead, { status: 'completed' })).items).toHaveLength(3);
  expectRefused(
    await updateTaskStatus(again, as(agents, 'writer'), { taskId: parser.id, status: 'failed' }),
    'not_assignee',
  );
});

it('merges by vote and by object, and merges given results without a task', async () => {
  const agents = await work.agents({
    lead: {},
    j1: { capabilities: ['judge'] },
    j2: { capabilities: ['judge'] },
    j3: { capabilities: ['judge'] },
  });
  const { system } = work;
  const lead = as(agents, 'lead');
  const { parent } = expectOk(
    await decomposeTask(system, lead, {
      task: 'is it safe?',
      subtasks: [1, 2, 3].map(() => ({ description: 'judge', requiredCapabilities: ['judge'] })),
    }),
  );
  const { assigned } = expectOk(await assignSubtasks(system, lead, { subtaskIds: parent.subtaskIds }));
  expect(assigned.map((t) => t.assignedAgentId).sort()).toEqual(['j1', 'j2', 'j3']);
  const verdicts = new Map([
    ['j1', 'yes'],
    ['j2', 'no'],
    ['j3', 'yes'],
  ]);
  for (const task of assigned) {
    const agent = task.assignedAgentId as string;
    expectOk(
      await updateTaskStatus(system, as(agents, agent), {
        taskId: task.id,
        status: 'completed',
        result: verdicts.get(agent),
      }),
    );
  }
  expect(expectOk(await mergeResults(system, lead, { taskId: parent.id, strategy: 'vote' })).result).toBe(
    'yes',
  );

  // Given results need no task and no identity; object fields named like built-ins stay fields.
  const objects = expectOk(
    await mergeResults(system, ANONYMOUS, {
      results: [JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'), { constructor: 2 }, 'skipped'],
      strategy: 'object-merge',
    }),
  ).result as Record<string, unknown>;
  expect(Object.getPrototypeOf(objects)).toBe(Object.prototype);
  expect(Object.keys(objects)).toEqual(['__proto__', 'a', 'constructor']);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(expectOk(await mergeResults(system, ANONYMOUS, { results: [[1, 2], 3] })).result).toEqual([1, 2, 3]);
  expect(
    expectOk(await mergeResults(system, ANONYMOUS, { results: ['a', 'b', 'b', 'a'], strategy: 'vote' }))
      .result,
  ).toBe('a');
  expectRefused(
    await mergeResults(system, ANONYMOUS, { results: [], taskId: parent.id }),
    'invalid_argument',
    'results',
  );
});

it('returns the open tasks of an agent that goes offline or deregisters to pending', async () => {
  const agents = await work.agents({
    lead: {},
    gone: { capabilities: ['x'] },
    left: { capabilities: ['x'] },
    stays: { capabilities: ['x'] },
  });
  const { system } = work;
  const lead = as(agents, 'lead');
  const give = async (to: string) =>
    expectOk(
      await delegateSubtask(system, lead, {
        coordinatorAgentId: 'lead',
        assignedAgentId: to,
        subtaskId: `for-${to}`,
        subtaskDescription: `for ${to}`,
        requiredCapabilities: ['x'],
      }),
    );
  const [a, b, c] = [await give('gone'), await give('left'), await give('stays')];
  expect(
    expectOk(await updateTaskStatus(system, as(agents, 'gone'), { taskId: a.id, status: 'in_progress' }))
      .status,
  ).toBe('in_progress');
  await work.setStatus('gone', 'offline');
  await work.deregister('left');
  const statusOf = async (id: string) => expectOk(await getTask(system, lead, { taskId: id }));
  await until(
    async () => (await statusOf(a.id)).status === 'pending' && (await statusOf(b.id)).status === 'pending',
  );
  expect(await statusOf(a.id)).toMatchObject({ status: 'pending', assignedAgentId: null });
  expect(await statusOf(b.id)).toMatchObject({ status: 'pending', assignedAgentId: null });
  expect(await statusOf(c.id)).toMatchObject({ status: 'assigned', assignedAgentId: 'stays' });
  expect(expectOk(await listTasks(system, lead, { assignedAgentId: 'gone' })).items).toEqual([]);
  // Without a named delegate, the least loaded ready agent with the capabilities takes it.
  const again = expectOk(
    await delegateSubtask(system, lead, { coordinatorAgentId: 'lead', subtaskId: a.id }),
  );
  expect(again.assignedAgentId).toBe('stays');
});
