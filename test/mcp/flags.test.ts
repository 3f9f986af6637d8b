/**
 * The feature-flag tools over stdio with the SDK client (tools listed first, results checked
 * against their output schemas): an agent sets a flag once proven, anyone reads it decided for a
 * context (the same id, the same answer), the list pages; and a workflow started over MCP reads
 * it in a `when:` condition as `flags.<name>`, decided for the run's context when it starts.
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

it('sets, reads and lists feature flags, and a workflow condition reads them', async () => {
  const client = await connect(freshDataDir('flags'));
  const call = caller(client);
  const names = (await client.listTools()).tools.map((tool) => tool.name);
  expect(names).toEqual(
    expect.arrayContaining(['get_feature_flag', 'set_feature_flag', 'list_feature_flags']),
  );

  // Nobody proven in this session yet: refused, naming the field.
  expect((await call('set_feature_flag', { name: 'NEW_COACH', enabled: true })).error).toMatchObject({
    code: 'unauthorized',
    field: 'agent_token',
  });
  await registerAgent(client, 'ops');
  const set = await call('set_feature_flag', {
    name: 'NEW_COACH',
    enabled: true,
    rollout_percentage: 100,
    description: 'the new coach',
    agent_id: 'ops',
  });
  expect(set).toMatchObject({ created: true, flag: { name: 'NEW_COACH', enabled: true, updated_by: 'ops' } });
  await call('set_feature_flag', { name: 'HALF', enabled: true, rollout_percentage: 50, agent_id: 'ops' });

  expect(await call('get_feature_flag', { name: 'NEW_COACH', context: { user_id: 'ana' } })).toMatchObject({
    enabled: true,
    reason: 'full_rollout',
    subject: 'ana',
  });
  const half = await call('get_feature_flag', { name: 'HALF', context: { agent_id: 'coder-7' } });
  expect(half.reason).toMatch(/^(in|outside)_rollout$/);
  expect((await call('get_feature_flag', { name: 'HALF', context: { agent_id: 'coder-7' } })).enabled).toBe(
    half.enabled,
  );
  expect(await call('get_feature_flag', { name: 'NOPE' })).toMatchObject({
    enabled: false,
    reason: 'unknown_flag',
  });
  expect((await call('get_feature_flag', { name: 'bad name' })).error).toMatchObject({ field: 'name' });

  const page = await call('list_feature_flags', { limit: 1 });
  expect((page.flags as { name: string }[]).map((f) => f.name)).toEqual(['HALF']);
  const next = await call('list_feature_flags', { cursor: page.next_cursor });
  expect((next.flags as { name: string }[]).map((f) => f.name)).toEqual(['NEW_COACH']);

  // A workflow whose step runs only with the flag on.
  const defined = await call('define_workflow', {
    definition: {
      name: 'coach',
      steps: [
        { name: 'with-flag', wait: { delay: '1ms' }, when: 'flags.NEW_COACH' },
        { name: 'without-flag', wait: { delay: '1ms' }, when: '$not(flags.NEW_COACH)' },
      ],
    },
  });
  expect(defined.error).toBeUndefined();
  const run = await call('execute_workflow', {
    workflow_id: 'coach',
    triggering_agent_id: 'ops',
    context: { user_id: 'ana' },
    wait: true,
  });
  const result = run.result as { status: string; steps: { name: string; status: string }[] };
  expect(result.status).toBe('completed');
  expect(result.steps.map((step) => [step.name, step.status])).toEqual([
    ['with-flag', 'completed'],
    ['without-flag', 'skipped'],
  ]);
  await client.close();
});
