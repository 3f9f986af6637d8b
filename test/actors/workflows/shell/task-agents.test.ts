/**
 * Seed 003's acceptance at the domain level: a workflow whose steps are assigned to roles and
 * agents runs across three registered agents — each finds its step among its tasks (the
 * tasks facade, with the run, step and attempt in the task's contextual data) and reports
 * completion; `depends_on` order holds; a failure report fails the run. The MCP-level test
 * with an SDK client comes with the workflow tools.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { listTasks, updateTaskStatus } from '../../../../actors/coordination/tasks/api.js';
import { readTask } from '../../../../actors/coordination/tasks/task-access.js';
import type { TaskRecord } from '../../../../actors/coordination/tasks/task-record.js';
import {
  defineWorkflow,
  reportStepCompletion,
  reportStepFailure,
  startWorkflowRun,
  startWorkflows,
} from '../../../../actors/workflows/index.js';
import { createTaskAgents } from '../../../../actors/workflows/shell/task-agents.js';
import { WorkSystem } from '../../../fixtures/coordination/work-system.js';

let work: WorkSystem;
beforeEach(() => {
  work = new WorkSystem();
});
afterEach(async () => {
  await work.close();
});

const RELEASE = {
  id: 'release',
  name: 'Release',
  version: '1',
  status: 'active',
  steps: [
    { step_id: 'code', description: 'write it', assigned_role: 'coder', depends_on: [] },
    { step_id: 'review', description: 'review it', assigned_agent_id: 'rita', depends_on: ['code'] },
    { step_id: 'ship', description: 'ship it', assigned_role: 'shipper', depends_on: ['review'] },
  ],
};

async function taskOf(agentId: string): Promise<TaskRecord> {
  for (let i = 0; i < 200; i++) {
    const page = await listTasks(
      work.system,
      { kind: 'operator' },
      { assignedAgentId: agentId, status: 'assigned' },
    );
    if (!page.ok) throw new Error(page.error.message);
    const [task] = page.value.items;
    if (task) return task;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no task reached ${agentId}`);
}

const stepOf = (task: TaskRecord) =>
  task.contextualData as { workflow_run_id: string; step_id: string; attempt: number };

it('runs a role-assigned workflow across three agents, in depends_on order', async () => {
  const { system } = work;
  await work.agents({ cody: { role: 'coder' }, rita: { role: 'reviewer' }, sam: { role: 'shipper' } });
  await startWorkflows(system, { agents: createTaskAgents(system) });
  await defineWorkflow(system, RELEASE);
  const run = await startWorkflowRun(system, 'release', {}, {}, { runId: 'rel-1' });
  for (const [agent, step] of [
    ['cody', 'code'],
    ['rita', 'review'],
    ['sam', 'ship'],
  ] as const) {
    const task = await taskOf(agent);
    expect(stepOf(task)).toMatchObject({ workflow_run_id: 'rel-1', step_id: step, attempt: 1 });
    // Nobody else has work yet: the next step waits for this one.
    for (const other of ['cody', 'rita', 'sam'].filter((id) => id !== agent)) {
      const page = await listTasks(
        system,
        { kind: 'operator' },
        { assignedAgentId: other, status: 'assigned' },
      );
      expect(page.ok && page.value.items.length, other).toBe(0);
    }
    expect(task.workflowId).toBe('rel-1');
    // Seed 003's report names the workflow: the run is the one whose step waits for this agent.
    const reported = await reportStepCompletion(
      system,
      { workflowId: 'release', step, result: `${step} done` },
      { kind: 'agent', agentId: agent },
    );
    expect(reported).toMatchObject({
      runId: 'rel-1',
      status: step === 'ship' ? 'completed' : 'running',
      stepStatus: 'completed',
    });
    // The run took the report: the step's task is closed with the result, so it no longer counts as the agent's load.
    expect(readTask(system, task.id)).toMatchObject({ status: 'completed', result: `${step} done` });
    const again = await updateTaskStatus(
      system,
      { kind: 'agent', agentId: agent },
      { taskId: task.id, status: 'completed', result: 'ok' },
    );
    expect(again.ok).toBe(false);
  }
  const result = await run.result;
  expect(result.status).toBe('completed');
  expect(result.steps.map((step) => step.output)).toEqual(['code done', 'review done', 'ship done']);
});

it('fails the run on a failure report', async () => {
  const { system } = work;
  await work.agents({ cody: { role: 'coder' } });
  await startWorkflows(system, { agents: createTaskAgents(system) });
  await defineWorkflow(system, RELEASE);
  const run = await startWorkflowRun(system, 'release', {}, {}, { runId: 'rel-2' });
  const task = await taskOf('cody');
  await reportStepFailure(system, { runId: 'rel-2', step: 'code', errorMessage: 'tests fail' });
  const result = await run.result;
  expect(result).toMatchObject({ status: 'failed', error: { code: 'step_failed', step: 'code' } });
  expect(readTask(system, task.id)?.status).toBe('failed');
});

it('finds the run a report names by its workflow, refusing one that names none or several', async () => {
  const { system } = work;
  await work.agents({ cody: { role: 'coder' } });
  await startWorkflows(system, { agents: createTaskAgents(system) });
  await defineWorkflow(system, RELEASE);
  const cody = { kind: 'agent', agentId: 'cody' } as const;
  const report = (workflowId: string) =>
    reportStepCompletion(system, { workflowId, step: 'code', result: 1 }, cody);
  await expect(report('release')).rejects.toMatchObject({ code: 'not_found', field: 'workflow_id' });
  for (const hostile of ['__proto__', 'constructor', 'x'.repeat(200)])
    await expect(report(hostile)).rejects.toMatchObject({ code: 'not_found', field: 'workflow_id' });
  await startWorkflowRun(system, 'release', {}, {}, { runId: 'rel-a' });
  await startWorkflowRun(system, 'Release', {}, {}, { runId: 'rel-b' });
  for (let i = 0; i < 200; i++) {
    const page = await listTasks(
      system,
      { kind: 'operator' },
      { assignedAgentId: 'cody', status: 'assigned' },
    );
    if (page.ok && page.value.items.length === 2) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  // Both runs wait for cody's step: the workflow does not say which — nor, without an agent, which run under way.
  await expect(report('release')).rejects.toMatchObject({
    code: 'invalid_argument',
    field: 'run_id',
    message: expect.stringContaining('rel-a'),
  });
  await expect(
    reportStepCompletion(system, { workflowId: 'release', step: 'code', result: 1 }),
  ).rejects.toMatchObject({ code: 'invalid_argument', field: 'run_id' });
  // A run id given as the workflow id is that run.
  expect(await report('rel-b')).toMatchObject({ runId: 'rel-b', stepStatus: 'completed' });
  // Now only rel-a waits for cody's step: the name (or the id) finds it.
  expect(await report('Release')).toMatchObject({ runId: 'rel-a', stepStatus: 'completed' });
});
