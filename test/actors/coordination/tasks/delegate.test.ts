/**
 * Delegation and the task rules that protect it: only the coordinator (or creator, or the
 * operator) delegates or reassigns; a named delegate must be registered (`unknown_agent`),
 * online (`agent_offline`) and able (`missing_capabilities`) unless `force`; the task is
 * created when it does not exist; the coordinator cancels; bounds (`limit_exceeded`,
 * `too_large`); and pages of tasks with a cursor.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ANONYMOUS, type Caller } from '../../../../actors/coordination/caller.js';
import { DEFAULT_LIMITS } from '../../../../actors/coordination/limits.js';
import {
  createTask,
  decomposeTask,
  delegateSubtask,
  listTasks,
  updateTaskStatus,
} from '../../../../actors/coordination/tasks/api.js';
import { expectOk, expectRefused, WorkSystem } from '../../../fixtures/coordination/work-system.js';

let work: WorkSystem;
beforeEach(() => {
  work = new WorkSystem();
});
afterEach(async () => {
  await work.close();
});

it('lets only the coordinator delegate, and checks the named delegate', async () => {
  const agents = await work.agents({
    lead: {},
    other: {},
    coder: { capabilities: ['ts'] },
    sleeper: { capabilities: ['ts'], status: 'offline' },
    silent: { capabilities: ['ts'], status: 'unresponsive' },
    writer: { capabilities: ['docs'] },
  });
  const { system } = work;
  const lead = agents.get('lead') as Caller;
  const other = agents.get('other') as Caller;
  const delegate = (caller: Caller, fields: Record<string, unknown>) =>
    delegateSubtask(system, caller, { coordinatorAgentId: 'lead', subtaskId: 'parse', ...fields });

  // Made when it does not exist, with the seed's fields.
  const made = expectOk(
    await delegate(lead, {
      assignedAgentId: 'coder',
      subtaskDescription: 'write the parser',
      requiredCapabilities: ['ts'],
      contextualData: { repo: 'x' },
      deadline: '2030-01-01T00:00:00Z',
    }),
  );
  expect(made).toMatchObject({
    id: 'parse',
    status: 'assigned',
    assignedAgentId: 'coder',
    coordinatorId: 'lead',
    contextualData: { repo: 'x' },
    deadline: Date.parse('2030-01-01T00:00:00Z'),
  });
  expectRefused(await delegate(lead, { assignedAgentId: 'ghost' }), 'unknown_agent', 'assigned_agent_id');
  expectRefused(await delegate(lead, { assignedAgentId: 'sleeper' }), 'agent_offline', 'assigned_agent_id');
  expectRefused(await delegate(lead, { assignedAgentId: 'silent' }), 'agent_offline', 'assigned_agent_id');
  expectRefused(
    await delegate(lead, { assignedAgentId: 'writer' }),
    'missing_capabilities',
    'assigned_agent_id',
  );
  expect(expectOk(await delegate(lead, { assignedAgentId: 'writer', force: true })).assignedAgentId).toBe(
    'writer',
  );

  // Nobody else moves the task: not by naming itself coordinator, not as the real one.
  expectRefused(await delegate(other, { assignedAgentId: 'coder' }), 'forbidden', 'coordinator_agent_id');
  expectRefused(
    await delegateSubtask(system, other, {
      coordinatorAgentId: 'other',
      subtaskId: 'parse',
      assignedAgentId: 'other',
    }),
    'forbidden',
    'coordinator_agent_id',
  );
  expectRefused(await delegate(ANONYMOUS, { assignedAgentId: 'coder' }), 'unauthorized');
  expect(expectOk(await delegate({ kind: 'operator' }, { assignedAgentId: 'coder' })).assignedAgentId).toBe(
    'coder',
  );

  // A new task needs its description; without a named delegate one is picked, or none fits.
  expectRefused(
    await delegate(lead, { subtaskId: 'fresh', assignedAgentId: 'coder' }),
    'invalid_argument',
    'subtask_description',
  );
  expectRefused(
    await delegate(lead, { subtaskId: 'rusty', subtaskDescription: 'port', requiredCapabilities: ['rust'] }),
    'no_agent',
    'required_capabilities',
  );
  expectRefused(
    await delegate(lead, {
      subtaskId: 'orphan',
      subtaskDescription: 'x',
      parentTaskId: 'nope',
      assignedAgentId: 'coder',
    }),
    'not_found',
    'parent_task_id',
  );

  // The assignee completes; then the task is closed to delegation. The coordinator cancels others.
  expectOk(
    await updateTaskStatus(system, agents.get('coder') as Caller, {
      taskId: 'parse',
      status: 'completed',
      result: 1,
    }),
  );
  expectRefused(await delegate(lead, { assignedAgentId: 'writer', force: true }), 'closed', 'subtask_id');
  const spare = expectOk(await createTask(system, lead, { id: 'spare', description: 'spare' }));
  expectRefused(
    await updateTaskStatus(system, other, { taskId: spare.id, status: 'cancelled' }),
    'forbidden',
    'status',
  );
  expect(
    expectOk(await updateTaskStatus(system, lead, { taskId: spare.id, status: 'cancelled' })).status,
  ).toBe('cancelled');
  expectRefused(
    await updateTaskStatus(system, lead, { taskId: spare.id, status: 'in_progress' }),
    'not_assignee',
  );
  expectRefused(
    await createTask(system, lead, { id: 'spare', description: 'again' }),
    'already_exists',
    'id',
  );
  expectRefused(await createTask(system, ANONYMOUS, { description: 'x' }), 'unauthorized');
});

it('keeps subtasks, results and context within their limits, naming the field', async () => {
  const limits = { ...DEFAULT_LIMITS, subtasks: 3, valueBytes: 64, textChars: 40 };
  const agents = await work.agents({ lead: {}, coder: {} });
  const { system } = work;
  const lead = agents.get('lead') as Caller;
  const root = expectOk(await createTask(system, lead, { description: 'root' }, limits));
  const three = Array.from({ length: 3 }, (_, i) => ({ description: `part ${i}` }));
  expectOk(await decomposeTask(system, lead, { taskId: root.id, subtasks: three }, limits));
  expectRefused(
    await decomposeTask(system, lead, { taskId: root.id, subtasks: [{ description: 'one more' }] }, limits),
    'limit_exceeded',
    'subtasks',
  );
  expectRefused(
    await createTask(system, lead, { description: 'late', parentTaskId: root.id }, limits),
    'limit_exceeded',
    'subtasks',
  );
  expectRefused(
    await decomposeTask(system, lead, { task: 'x', subtasks: [...three, ...three] }, limits),
    'invalid_argument',
    'subtasks',
  );
  expectRefused(
    await createTask(system, lead, { description: 'x'.repeat(41) }, limits),
    'invalid_argument',
    'description',
  );
  expectRefused(
    await createTask(system, lead, { description: 'x', contextualData: 'y'.repeat(100) }, limits),
    'too_large',
    'contextual_data',
  );
  const task = expectOk(
    await delegateSubtask(
      system,
      lead,
      { coordinatorAgentId: 'lead', assignedAgentId: 'coder', subtaskId: 't', subtaskDescription: 'x' },
      limits,
    ),
  );
  expectRefused(
    await updateTaskStatus(
      system,
      agents.get('coder') as Caller,
      { taskId: task.id, status: 'completed', result: 'z'.repeat(100) },
      limits,
    ),
    'too_large',
    'result',
  );
  expectRefused(
    await createTask(system, lead, { description: 'x', colour: 'red' }),
    'unknown_argument',
    'colour',
  );
  expectRefused(
    await createTask(system, lead, { description: 'x', priority: 'urgent' }),
    'invalid_argument',
    'priority',
  );
  expectRefused(
    await createTask(system, lead, { description: 'x', requiredCapabilities: 'ts' }),
    'invalid_argument',
    'required_capabilities',
  );
  expectRefused(await decomposeTask(system, lead, { subtasks: three }), 'invalid_argument', 'task');
});

it('pages through tasks with a cursor, each task once', async () => {
  const agents = await work.agents({ lead: {} });
  const { system } = work;
  const lead = agents.get('lead') as Caller;
  const ids = Array.from({ length: 25 }, (_, i) => `t-${String(i).padStart(2, '0')}`);
  await Promise.all(ids.map((id) => createTask(system, lead, { id, description: id })));
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = expectOk(
      await listTasks(system, lead, { status: 'pending' }, { limit: 7, ...(cursor ? { cursor } : {}) }),
    );
    expect(page.items.length).toBeLessThanOrEqual(7);
    seen.push(...page.items.map((t) => t.id));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  expect(seen).toEqual(ids);
  expectRefused(await listTasks(system, lead, {}, { cursor: 'not-a-cursor' }), 'invalid_argument', 'cursor');
  expectRefused(
    await listTasks(system, lead, {}, { limit: DEFAULT_LIMITS.pageSize + 1 }),
    'invalid_argument',
    'limit',
  );
});
