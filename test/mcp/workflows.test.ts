/**
 * The workflow tools through `troupe serve` and an SDK client: `define_workflow` in each of
 * its three forms (YAML text, a definition object, seed 003 fields), a definition refused
 * with the path of what is wrong, `get_workflow` / `list_workflows`, `archive_workflow`
 * (after which the version starts no runs). Running workflows through MCP needs the engine
 * started by `troupe serve` (not wired yet): until then `execute_workflow` says so.
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
    const notServed = await call('execute_workflow', {
      workflow_id: 'bilingual-coach',
      triggering_agent_id: 'ada',
    });
    expect(notServed.error).toMatchObject({ code: 'invalid_argument', field: 'system' });
  } finally {
    await client.close();
  }
});
