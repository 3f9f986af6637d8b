/**
 * Hostile ids in every id field of the work facades (sessions, tasks, projects, routing):
 * names of built-ins (`constructor`, `__proto__`, `toString`, …) and the longest id are
 * answered — a value or a refusal, never a throw, never a stopped actor — and an over-long or
 * malformed id is refused `invalid_argument` naming the field. Agents with such ids take part
 * like any other; after it all, a restart finds every record.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANONYMOUS, agentCaller, type Caller } from '../../../actors/coordination/caller.js';
import * as projects from '../../../actors/coordination/projects/api.js';
import * as routing from '../../../actors/coordination/routing/api.js';
import * as sessions from '../../../actors/coordination/sessions/api.js';
import * as tasks from '../../../actors/coordination/tasks/api.js';
import type { Outcome } from '../../../src/kernel/index.js';
import { expectOk, HOSTILE_IDS, INVALID_IDS, WorkSystem } from '../../fixtures/coordination/work-system.js';

let work: WorkSystem;
const lead: Caller = agentCaller('lead');

beforeAll(async () => {
  work = new WorkSystem();
  await work.agents(Object.fromEntries(['lead', ...HOSTILE_IDS].map((id) => [id, { capabilities: ['x'] }])));
});
afterAll(async () => {
  await work.close();
});

type Call = (id: string) => Promise<Outcome<unknown>>;

/** Every id field of every facade function, as a call that puts `id` there, and the field's name. */
function idFields(): [string, Call, string][] {
  const s = () => work.system;
  return [
    ['createTask.id', (id) => tasks.createTask(s(), lead, { id, description: 'd' }), 'id'],
    [
      'createTask.parentTaskId',
      (id) => tasks.createTask(s(), lead, { description: 'd', parentTaskId: id }),
      'parent_task_id',
    ],
    [
      'createTask.workflowId',
      (id) => tasks.createTask(s(), lead, { description: 'd', workflowId: id }),
      'workflow_id',
    ],
    [
      'decomposeTask.taskId',
      (id) => tasks.decomposeTask(s(), lead, { taskId: id, subtasks: [{ description: 'd' }] }),
      'task_id',
    ],
    [
      'decomposeTask.subtasks.id',
      (id) => tasks.decomposeTask(s(), lead, { task: 't', subtasks: [{ id, description: 'd' }] }),
      'subtasks.0.id',
    ],
    [
      'assignSubtasks.parentTaskId',
      (id) => tasks.assignSubtasks(s(), lead, { parentTaskId: id }),
      'parent_task_id',
    ],
    [
      'assignSubtasks.subtaskIds',
      (id) => tasks.assignSubtasks(s(), lead, { subtaskIds: [id] }),
      'subtask_ids.0',
    ],
    [
      'assignSubtasks.availableModels',
      (id) => tasks.assignSubtasks(s(), lead, { subtaskIds: ['t1'], availableModels: [id] }),
      'available_models.0',
    ],
    [
      'delegateSubtask.coordinatorAgentId',
      (id) => tasks.delegateSubtask(s(), lead, { coordinatorAgentId: id, subtaskId: 't1' }),
      'coordinator_agent_id',
    ],
    [
      'delegateSubtask.assignedAgentId',
      (id) =>
        tasks.delegateSubtask(s(), lead, {
          coordinatorAgentId: 'lead',
          assignedAgentId: id,
          subtaskId: 'd1',
          subtaskDescription: 'd',
          requiredCapabilities: ['x'],
        }),
      'assigned_agent_id',
    ],
    [
      'delegateSubtask.subtaskId',
      (id) =>
        tasks.delegateSubtask(s(), lead, {
          coordinatorAgentId: 'lead',
          assignedAgentId: 'lead',
          subtaskId: id,
          subtaskDescription: 'd',
        }),
      'subtask_id',
    ],
    [
      'delegateSubtask.parentTaskId',
      (id) =>
        tasks.delegateSubtask(s(), lead, {
          coordinatorAgentId: 'lead',
          assignedAgentId: 'lead',
          subtaskId: 'p1',
          subtaskDescription: 'd',
          parentTaskId: id,
        }),
      'parent_task_id',
    ],
    [
      'updateTaskStatus.taskId',
      (id) => tasks.updateTaskStatus(s(), agentCaller(id), { taskId: id, status: 'in_progress' }),
      'task_id',
    ],
    ['mergeResults.taskId', (id) => tasks.mergeResults(s(), lead, { taskId: id }), 'task_id'],
    ['getTask.taskId', (id) => tasks.getTask(s(), lead, { taskId: id }), 'task_id'],
    [
      'listTasks.assignedAgentId',
      (id) => tasks.listTasks(s(), lead, { assignedAgentId: id }),
      'assigned_agent_id',
    ],
    ['listTasks.parentTaskId', (id) => tasks.listTasks(s(), lead, { parentTaskId: id }), 'parent_task_id'],
    [
      'createSession.sessionId',
      (id) => sessions.createSession(s(), lead, { sessionId: id, title: 't' }),
      'session_id',
    ],
    [
      'createSession.participantIds',
      (id) => sessions.createSession(s(), lead, { title: 't', participantIds: [id] }),
      'participant_model_ids.0',
    ],
    [
      'createSession.coordinatorId',
      (id) => sessions.createSession(s(), lead, { title: 't', coordinatorId: id }),
      'coordinator_model_id',
    ],
    [
      'inviteToSession.sessionId',
      (id) => sessions.inviteToSession(s(), lead, { sessionId: id, agentIds: ['lead'] }),
      'session_id',
    ],
    [
      'inviteToSession.agentIds',
      (id) => sessions.inviteToSession(s(), lead, { sessionId: 'lead-s', agentIds: [id] }),
      'agent_ids.0',
    ],
    [
      'joinSession.sessionId',
      (id) => sessions.joinSession(s(), agentCaller(id), { sessionId: id }),
      'session_id',
    ],
    ['leaveSession.sessionId', (id) => sessions.leaveSession(s(), lead, { sessionId: id }), 'session_id'],
    [
      'getSessionState.sessionId',
      (id) => sessions.getSessionState(s(), lead, { sessionId: id }),
      'session_id',
    ],
    [
      'setSessionState.sessionId',
      (id) => sessions.setSessionState(s(), lead, { sessionId: id, key: id, value: id }),
      'session_id',
    ],
    ['getSession.sessionId', (id) => sessions.getSession(s(), ANONYMOUS, { sessionId: id }), 'session_id'],
    [
      'listSessions.participantId',
      (id) => sessions.listSessions(s(), ANONYMOUS, { participantId: id }),
      'participant_id',
    ],
    [
      'createProject.leadAgentId',
      (id) => projects.createProject(s(), lead, { name: 'p', leadAgentId: id }),
      'lead_agent_id',
    ],
    [
      'createProject.memberIds',
      (id) => projects.createProject(s(), lead, { name: 'p', memberIds: [id] }),
      'member_ids.0',
    ],
    [
      'updateProject.projectId',
      (id) => projects.updateProject(s(), lead, { projectId: id, status: 'active' }),
      'project_id',
    ],
    [
      'createGoal.projectId',
      (id) => projects.createGoal(s(), lead, { name: 'g', projectId: id }),
      'project_id',
    ],
    [
      'createGoal.parentGoalId',
      (id) => projects.createGoal(s(), lead, { name: 'g', parentGoalId: id }),
      'parent_goal_id',
    ],
    [
      'updateGoal.goalId',
      (id) => projects.updateGoal(s(), lead, { goalId: id, status: 'achieved' }),
      'goal_id',
    ],
    ['getProject.projectId', (id) => projects.getProject(s(), ANONYMOUS, { projectId: id }), 'project_id'],
    ['getGoal.goalId', (id) => projects.getGoal(s(), ANONYMOUS, { goalId: id }), 'goal_id'],
    ['listProjects.ownerId', (id) => projects.listProjects(s(), ANONYMOUS, { ownerId: id }), 'owner_id'],
    ['listProjects.memberId', (id) => projects.listProjects(s(), ANONYMOUS, { memberId: id }), 'member_id'],
    ['listGoals.projectId', (id) => projects.listGoals(s(), ANONYMOUS, { projectId: id }), 'project_id'],
    [
      'setRoutingRule.target',
      (id) =>
        routing.setRoutingRule(s(), agentCaller('lead'), { taskType: 't', targetKind: 'agent', target: id }),
      'target',
    ],
    [
      'removeRoutingRule.target',
      (id) => routing.removeRoutingRule(s(), lead, { taskType: 't', targetKind: 'agent', target: id }),
      'target',
    ],
    ['routeTask.taskId', (id) => routing.routeTask(s(), lead, { taskType: 't', taskId: id }), 'task_id'],
  ];
}

it('answers hostile ids in every id field, and refuses malformed ones naming the field', async () => {
  expectOk(await sessions.createSession(work.system, lead, { sessionId: 'lead-s', title: 't' }));
  expectOk(await tasks.createTask(work.system, lead, { id: 't1', description: 't1' }));
  const failures: string[] = [];
  const stopListening = work.system.subscribe((event) => {
    if (
      ['actor-failed', 'actor-stopped', 'actor-quarantined', 'dead-letter', 'worker-crashed'].includes(
        event.type,
      )
    )
      failures.push(JSON.stringify(event));
  });
  for (const [name, call, field] of idFields()) {
    for (const id of HOSTILE_IDS) {
      const outcome = await call(id);
      expect(typeof outcome.ok, `${name} with "${id.slice(0, 20)}"`).toBe('boolean');
    }
    for (const id of INVALID_IDS) {
      const outcome = await call(id);
      expect(outcome.ok, `${name} with "${id.slice(0, 20)}"`).toBe(false);
      if (!outcome.ok)
        expect(outcome.error, `${name} with "${id.slice(0, 20)}"`).toMatchObject({
          code: 'invalid_argument',
          field,
        });
    }
  }
  stopListening();
  // No actor failed, stopped or lost a message on the way.
  expect(failures).toEqual([]);
});

it('keeps records under hostile ids, for agents with hostile ids, across a restart', async () => {
  const { system } = work;
  const proto = agentCaller('__proto__');
  const session = expectOk(
    await sessions.createSession(system, proto, {
      sessionId: 'constructor.2',
      title: 't',
      participantIds: [...HOSTILE_IDS],
    }),
  );
  expect([...session.participantIds].sort()).toEqual([...HOSTILE_IDS].sort());
  for (const key of ['__proto__', 'constructor', 'toString'])
    expectOk(
      await sessions.setSessionState(system, agentCaller('valueOf'), {
        sessionId: 'constructor.2',
        key,
        value: { [key]: 1 },
      }),
    );
  expectOk(
    await tasks.delegateSubtask(system, proto, {
      coordinatorAgentId: '__proto__',
      assignedAgentId: 'toString',
      subtaskId: 'hasOwnProperty.2',
      subtaskDescription: 'd',
    }),
  );
  expectOk(
    await tasks.updateTaskStatus(system, agentCaller('toString'), {
      taskId: 'hasOwnProperty.2',
      status: 'completed',
      result: JSON.parse('{"__proto__": {"x": 1}}'),
    }),
  );
  expectOk(
    await routing.setRoutingRule(system, proto, {
      taskType: '__proto__',
      targetKind: 'role',
      target: 'constructor',
    }),
  );

  const again = await work.restart();
  const state = expectOk(
    await sessions.getSessionState(again, agentCaller('prototype'), { sessionId: 'constructor.2' }),
  );
  expect(state.values.map((v) => v.key)).toEqual(['__proto__', 'constructor', 'toString']);
  expect(({} as Record<string, unknown>).x).toBeUndefined();
  expect(expectOk(await tasks.getTask(again, proto, { taskId: 'hasOwnProperty.2' }))).toMatchObject({
    status: 'completed',
    assignedAgentId: 'toString',
  });
  expect(
    expectOk(await tasks.listTasks(again, proto, { assignedAgentId: 'toString' })).items.map((t) => t.id),
  ).toContain('hasOwnProperty.2');
  expect(expectOk(await routing.listRoutingRules(again, ANONYMOUS, { taskType: '__proto__' }))).toHaveLength(
    1,
  );
  expect(
    expectOk(await sessions.listSessions(again, ANONYMOUS, { participantId: '__proto__' })).items.map(
      (s) => s.id,
    ),
  ).toContain('constructor.2');
});
