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
import { caller, connect, freshDataDir, removeDataDirs } from './serve-client.js';

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
      status = ((await call('get_workflow_run', { run_id: runId })).run as { status: string }).status;
      if (status !== 'completed') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('completed');
  } finally {
    await client.close();
  }
});
