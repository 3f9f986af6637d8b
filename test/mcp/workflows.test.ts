/**
 * The workflow tools through `troupe serve` and an SDK client: `define_workflow` in each of
 * its three forms (YAML text, a definition object, seed 003 fields), a definition refused
 * with the path of what is wrong, `get_workflow` / `list_workflows`, `archive_workflow`
 * (after which the version starts no runs); and a seed-003 workflow run over MCP: its agent step
 * is a task in the assigned agent's list, reported complete, and the run completes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(() => {
  removeDataDirs();
});

const coach = readFileSync(
  fileURLToPath(new URL('../../../test/fixtures/workflows/bilingual-coach.yaml', import.meta.url)),
  'utf8',
);

it('defines, shows, lists and archives workflows; refuses a broken one naming the path', async () => {
  const client = await connect(freshDataDir('mcp-workflows'));
  try {
    const call = caller(client);
    const defined = await call('define_workflow', { yaml: coach });
    expect(defined.workflow).toMatchObject({
      name: 'Bilingual Coach Workflow',
      version: '1.0.0',
      id: 'bilingual-coach',
    });
    const seed003 = await call('define_workflow', {
      name: 'Review',
      version: '1',
      steps: [
        { step_id: 'write', description: 'write', assigned_role: 'writer', depends_on: [] },
        { step_id: 'check', description: 'check', assigned_role: 'reviewer', depends_on: ['write'] },
      ],
    });
    expect(seed003.workflow).toMatchObject({ name: 'Review', version: '1' });
    const broken = await call('define_workflow', {
      definition: { name: 'Broken', steps: [{ name: 'a', tool: 't', depends_on: ['nope'] }] },
    });
    expect(broken.error).toMatchObject({ code: 'invalid_argument', field: 'definition' });
    expect(broken.error?.message).toContain('steps[0].depends_on[0]');

    const shown = await call('get_workflow', { workflow_id: 'bilingual-coach' });
    expect(shown.workflow).toMatchObject({ name: 'Bilingual Coach Workflow', status: 'active' });
    const listed = await call('list_workflows', {});
    expect((listed.workflows as { name: string }[]).map((entry) => entry.name).sort()).toEqual([
      'Bilingual Coach Workflow',
      'Review',
    ]);
    const archived = await call('archive_workflow', { workflow_id: 'Review' });
    expect(archived.workflow).toMatchObject({ status: 'archived' });
    // A run is started by a proven agent (the session that registered it).
    expect(
      (await call('execute_workflow', { workflow_id: 'Review', triggering_agent_id: 'ada' })).error,
    ).toMatchObject({ code: 'unauthorized', field: 'agent_token' });
    await registerAgent(client, 'ada');
    const run = await call('execute_workflow', { workflow_id: 'Review', triggering_agent_id: 'ada' });
    expect(run.error).toMatchObject({ code: 'closed' });
  } finally {
    await client.close();
  }
});

it('runs a seed-003 workflow over MCP: the agent finds its step as a task, reports it, the run completes', async () => {
  const client = await connect(freshDataDir('mcp-workflow-run'));
  try {
    const call = caller(client);
    await call('register_agent', {
      id: 'wren',
      name: 'Wren',
      role: 'writer',
      model_type: 'llm',
      model_version: '1',
      capabilities: ['write'],
    });
    await call('define_workflow', {
      name: 'Note',
      version: '1',
      steps: [{ step_id: 'write', description: 'write the note', assigned_role: 'writer', depends_on: [] }],
    });
    const started = await call('execute_workflow', { workflow_id: 'Note', triggering_agent_id: 'wren' });
    expect(started.error).toBeUndefined();
    const runId = started.run_id as string;
    expect(runId).toEqual(expect.any(String));
    // The step reaches the writer as a task assigned to it.
    let mine: { id: string; description: string }[] = [];
    for (let tries = 0; tries < 100 && mine.length === 0; tries++) {
      mine = (await call('list_tasks', { agent_id: 'wren', assigned_agent_id: 'wren' })).tasks as typeof mine;
      if (mine.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(mine).toHaveLength(1);
    expect(
      await call('report_step_completion', {
        run_id: runId,
        step_id: 'write',
        agent_id: 'wren',
        result: { text: 'done' },
      }),
    ).toMatchObject({
      reported: true,
    });
    let status = '';
    for (let tries = 0; tries < 100 && status !== 'completed'; tries++) {
      // The run is wren's: it reads it (its session proved it by registering).
      status = (
        (await call('get_workflow_run', { agent_id: 'wren', run_id: runId })).run as { status: string }
      ).status;
      if (status !== 'completed') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('completed');
  } finally {
    await client.close();
  }
});

it('keeps a run to the agent that started it: the step’s agent reports, another agent is forbidden', async () => {
  const dataDir = freshDataDir('mcp-workflow-owner');
  const client = await connect(dataDir);
  const other = await connect(dataDir);
  try {
    const call = caller(client);
    await registerAgent(client, 'ada');
    await registerAgent(client, 'wren', { role: 'writer' });
    await registerAgent(other, 'bob');
    const stranger = caller(other);
    await call('define_workflow', {
      creator_id: 'ada',
      name: 'Owned',
      version: '1',
      steps: [{ step_id: 'write', description: 'write', assigned_agent_id: 'wren', depends_on: [] }],
    });
    // The workflow is ada's: bob may read it, not change it.
    expect((await stranger('get_workflow', { workflow_id: 'Owned' })).workflow).toMatchObject({
      creator_id: 'ada',
    });
    expect(
      (await stranger('archive_workflow', { agent_id: 'bob', workflow_id: 'Owned' })).error,
    ).toMatchObject({
      code: 'forbidden',
    });
    const runId = (await call('execute_workflow', { workflow_id: 'Owned', triggering_agent_id: 'ada' }))
      .run_id as string;
    expect((await stranger('get_workflow_run', { agent_id: 'bob', run_id: runId })).error).toMatchObject({
      code: 'forbidden',
    });
    expect((await stranger('get_workflow_run', { run_id: runId })).error).toMatchObject({
      code: 'unauthorized',
    });
    expect((await stranger('list_workflow_runs', { agent_id: 'bob' })).runs).toEqual([]);
    expect((await call('list_workflow_runs', { agent_id: 'ada' })).runs).toMatchObject([
      { runId, startedBy: 'ada' },
    ]);
    // wren, the agent the step was given to, reports it though the run is ada's; bob may not.
    let reported: Record<string, unknown> = {};
    for (let tries = 0; tries < 100 && reported.reported !== true; tries++) {
      expect(
        (
          await stranger('report_step_completion', {
            agent_id: 'bob',
            run_id: runId,
            step_id: 'write',
            result: 1,
          })
        ).error?.code,
      ).toMatch(/^(forbidden|invalid_argument)$/); // invalid_argument: the step has not started yet
      reported = await call('report_step_completion', {
        agent_id: 'wren',
        run_id: runId,
        step_id: 'write',
        result: 2,
      });
      if (reported.reported !== true) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(reported).toMatchObject({ reported: true });
  } finally {
    await client.close();
    await other.close();
  }
});

it('speaks seed 003 throughout: the workflow’s id, its steps, reports that name the workflow, the updated status', async () => {
  const client = await connect(freshDataDir('mcp-workflow-seed003'));
  try {
    const call = caller(client);
    // The seed's result is optional: the listed schema does not require it.
    const { tools } = await client.listTools();
    for (const name of ['report_step_completion', 'report_step_failure'])
      expect(tools.find((tool) => tool.name === name)?.inputSchema.required, name).not.toContain('result');
    const team = [
      ['alice', 'researcher', 'research'],
      ['bob', 'writer', 'write'],
      ['carol', 'reviewer', 'review'],
    ] as const;
    for (const [id, role] of team) await registerAgent(client, id, { role });
    // Exactly the seed's parameters: no version, no id.
    const { workflow } = await call('define_workflow', {
      creator_id: 'alice',
      name: 'Research Report',
      description: 'research, write, review',
      steps: [
        { step_id: 'research', description: 'Research it', assigned_role: 'researcher', depends_on: [] },
        { step_id: 'write', description: 'Write it', assigned_role: 'writer', depends_on: ['research'] },
        { step_id: 'review', description: 'Review it', assigned_role: 'reviewer', depends_on: ['write'] },
      ],
    });
    expect(workflow).toMatchObject({
      id: 'Research Report',
      name: 'Research Report',
      creator_id: 'alice',
      status: 'active',
      created_at: expect.any(String),
      updated_at: expect.any(String),
      steps: [
        { step_id: 'research', assigned_role: 'researcher', depends_on: [], status: 'pending' },
        { step_id: 'write', assigned_role: 'writer', depends_on: ['research'], status: 'pending' },
        { step_id: 'review', assigned_role: 'reviewer', depends_on: ['write'], status: 'pending' },
      ],
    });
    const workflowId = (workflow as { id: string }).id;
    expect((await call('list_workflows', {})).workflows).toMatchObject([{ id: workflowId }]);
    const started = await call('execute_workflow', { workflow_id: workflowId, triggering_agent_id: 'alice' });
    expect(started).toMatchObject({ workflow_id: workflowId, version: '1', status: 'running' });
    const runId = started.run_id as string;
    for (const [agent, , step] of team) {
      let mine: { id: string; workflow_id: string; status: string }[] = [];
      for (let tries = 0; tries < 100 && mine.length === 0; tries++) {
        mine = (await call('list_tasks', { agent_id: agent, assigned_agent_id: agent, status: 'assigned' }))
          .tasks as typeof mine;
        if (mine.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Only this step is open: depends_on holds.
      expect(mine, agent).toHaveLength(1);
      expect(mine[0]?.workflow_id).toBe(runId);
      // Its inbox has it too (told right after the task is made): one notice, naming the task, the run and the step.
      let inbox: { content: unknown }[] = [];
      for (let tries = 0; tries < 100 && inbox.length === 0; tries++) {
        inbox = (await call('fetch_inbox', { agent_id: agent })).messages as typeof inbox;
        if (inbox.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(inbox.map((message) => message.content)).toEqual([
        expect.objectContaining({
          event: 'workflow_step_assigned',
          task_id: mine[0]?.id,
          workflow_id: runId,
          step_id: step,
        }),
      ]);
      const reported = await call('report_step_completion', {
        workflow_id: workflowId,
        step_id: step,
        agent_id: agent,
        ...(step === 'review' ? {} : { result: { by: agent } }),
      });
      expect(reported).toMatchObject({
        reported: true,
        run_id: runId,
        step_status: 'completed',
        workflow_status: step === 'review' ? 'completed' : 'running',
      });
      const task = await call('get_task', { agent_id: agent, task_id: mine[0]?.id });
      expect(task.task).toMatchObject({
        status: 'completed',
        result: step === 'review' ? null : { by: agent },
      });
    }
    const { run } = await call('get_workflow_run', { agent_id: 'alice', run_id: runId });
    expect(run).toMatchObject({
      status: 'completed',
      budget: { spent: { elapsedMs: expect.any(Number), tokens: 0, cost: 0 } },
      steps: team.map(([agent, , step]) => ({
        name: step,
        status: 'completed',
        output: step === 'review' ? null : { by: agent },
      })),
    });
    expect(
      (await call('list_workflow_runs', { agent_id: 'alice', workflow_id: workflowId })).runs,
    ).toMatchObject([{ runId, status: 'completed' }]);
    // A report naming neither the run nor the workflow is refused naming run_id; an unknown workflow names workflow_id.
    expect(
      (await call('report_step_completion', { step_id: 'write', agent_id: 'bob', result: 1 })).error,
    ).toMatchObject({ code: 'invalid_argument', field: 'run_id' });
    for (const hostile of ['__proto__', 'constructor'])
      expect(
        (
          await call('report_step_failure', {
            workflow_id: hostile,
            step_id: 'write',
            agent_id: 'bob',
            error_message: 'x',
          })
        ).error,
      ).toMatchObject({ code: 'not_found', field: 'workflow_id' });
  } finally {
    await client.close();
  }
});
