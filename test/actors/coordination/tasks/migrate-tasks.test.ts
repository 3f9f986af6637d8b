/**
 * The task board the previous version stored becomes a task actor per task: converted from
 * the real old store (test/fixtures/stores/old-v1), restored with their tables, the old state
 * removed, still there after a restart; old tasks nobody coordinates are taken by their first
 * delegator. Old data that no longer fits (bad ids, odd fields) is dropped and reported.
 */
import { afterEach, expect, it } from 'vitest';
import type { Caller } from '../../../../actors/coordination/caller.js';
import { delegateSubtask, getTask, listTasks } from '../../../../actors/coordination/tasks/api.js';
import { convertTaskBoard, migrateTaskBoard } from '../../../../actors/coordination/tasks/migrate-tasks.js';
import { OldStore } from '../../../fixtures/coordination/old-store.js';
import { expectOk, expectRefused, WorkSystem } from '../../../fixtures/coordination/work-system.js';

let work: WorkSystem | undefined;
afterEach(async () => {
  await work?.close();
  work = undefined;
});

it('moves the old task board into task actors, and removes it', async () => {
  const old = await OldStore.open();
  const { root, decomposed } = old.manifest;
  const children = decomposed.tasks.map((t) => t.id);
  const board = old.readStored('task-board');
  const converted = convertTaskBoard(board?.state, Date.now());
  expect(converted.dropped).toEqual([]);
  expect(converted.tasks).toHaveLength(4);

  work = new WorkSystem({ dataDir: old.dataDir });
  const report = await migrateTaskBoard(work.system, old, Date.now());
  expect(report).toEqual({ from: 'task-board', migrated: 4, existing: 0, dropped: [], removed: true });
  expect(await migrateTaskBoard(work.system, old, Date.now())).toBeNull();

  const system = await work.restart(async () =>
    expect(await old.applyRemovals()).not.toContain('task-board'),
  );
  const operator: Caller = { kind: 'operator' };
  expect(expectOk(await getTask(system, operator, { taskId: root.task.id }))).toMatchObject({
    description: 'ship the parser',
    priority: 'high',
    requiredCapabilities: ['ts'],
    subtaskIds: children,
    status: 'pending',
    coordinatorId: null,
  });
  const listed = expectOk(await listTasks(system, operator, { parentTaskId: root.task.id })).items;
  expect(listed.map((t) => [t.description, t.status]).sort()).toEqual([
    ['lexer', 'pending'],
    ['review', 'pending'],
  ]);
  const held = expectOk(await listTasks(system, operator, { assignedAgentId: 'cy' })).items;
  expect(held.map((t) => [t.description, t.status])).toEqual([['check it', 'assigned']]);

  // An old task nobody coordinates: the first agent to delegate it coordinates it from then on.
  const agents = await work.agents({ ada: { capabilities: ['ts'] }, bob: { capabilities: ['ts'] } });
  const ada = agents.get('ada') as Caller;
  const bob = agents.get('bob') as Caller;
  const lexer = listed.find((t) => t.description === 'lexer')?.id as string;
  expect(
    expectOk(
      await delegateSubtask(system, ada, {
        coordinatorAgentId: 'ada',
        assignedAgentId: 'bob',
        subtaskId: lexer,
      }),
    ),
  ).toMatchObject({ coordinatorId: 'ada', assignedAgentId: 'bob', status: 'assigned' });
  expectRefused(
    await delegateSubtask(system, bob, {
      coordinatorAgentId: 'bob',
      assignedAgentId: 'bob',
      subtaskId: lexer,
    }),
    'forbidden',
  );
});

it('drops and reports what no longer fits, never trusting the old shapes', () => {
  const state = {
    tasks: {
      ok: {
        id: 'ok',
        description: 'fine',
        status: 'in_progress',
        assignee: 'x'.repeat(300),
        childIds: ['c1', 'bad id'],
      },
      constructor: {
        id: 'constructor',
        description: 3,
        priority: 'urgent',
        status: 'weird',
        requiredCapabilities: ['a', 7],
      },
      long: { id: 'y'.repeat(129) },
      odd: 'not a record',
    },
  };
  const { tasks, dropped } = convertTaskBoard(state, 1_000);
  expect(tasks.map((t) => [t.id, t.status, t.assignedAgentId, t.subtaskIds, t.priority])).toEqual([
    ['ok', 'pending', null, ['c1'], 'medium'],
    ['constructor', 'pending', null, [], 'medium'],
  ]);
  expect(tasks[1]).toMatchObject({ description: '', requiredCapabilities: ['a'], createdAt: 1_000 });
  expect(dropped).toHaveLength(3);
  expect(convertTaskBoard(null, 0)).toEqual({ tasks: [], dropped: [] });
  expect(convertTaskBoard({ tasks: [1, 2] }, 0)).toEqual({ tasks: [], dropped: [] });
});
