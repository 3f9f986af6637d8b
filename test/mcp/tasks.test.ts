/**
 * Task tools over stdio, on the rebuilt domain, called as seed 003 writes them (no token: the
 * MCP session registered the coordinator): decompose_task → assign_subtasks →
 * delegate_subtask → update_task_status → merge_results; the refusals users expect
 * (`unknown_agent`, `agent_offline`, `missing_capabilities` unless `force`), coordinator- and
 * assignee-only rules, results hidden from others, a second MCP session without the token
 * refused, older argument names, and hostile ids on every id field.
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

interface TaskView {
  id: string;
  description: string;
  status: string;
  assigned_agent_id: string | null;
  coordinator_id: string | null;
  parent_task_id: string | null;
  required_capabilities: string[];
  subtask_ids: string[];
  result: unknown;
  contextual_data: unknown;
}
interface Definition {
  subtask_id: string;
  description: string;
  required_capabilities: string[];
  assigned_model_id: string | null;
}
interface Assignment {
  subtask_id: string;
  assigned_agent_id: string | null;
  status: string;
  task: TaskView | null;
}

const HOSTILE = ['constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

it('runs the seed flow: decompose, assign, delegate, report, merge', async () => {
  const client = await connect(freshDataDir('tasks'));
  const call = caller(client);
  await registerAgent(client, 'boss', { role: 'coordinator' });
  await registerAgent(client, 'coder', { capabilities: ['coding'] });
  await registerAgent(client, 'tester', { capabilities: ['testing'] });

  const decomposed = await call('decompose_task', {
    task: '1. Write the parser (coding)\n2. Test the parser with fuzzing (testing)\n3. Write more coding helpers',
    available_models: ['coder', 'tester'],
  });
  expect(decomposed.method).toBe('structural');
  const definitions = decomposed.subtasks as Definition[];
  expect(definitions.map((d) => [d.required_capabilities, d.assigned_model_id])).toEqual([
    [['coding'], 'coder'],
    [['testing'], 'tester'],
    [['coding'], 'coder'],
  ]);
  expect(decomposed.tasks).toEqual([]);

  // Without an identity assign_subtasks plans; the seed's delegate_subtask stores.
  const planned = await call('assign_subtasks', {
    subtasks: definitions,
    available_models: ['coder', 'tester'],
  });
  expect(planned.stored).toBe(false);
  expect((planned.assignments as Assignment[]).map((a) => [a.status, a.assigned_agent_id])).toEqual([
    ['planned', 'coder'],
    ['planned', 'tester'],
    ['planned', 'coder'],
  ]);
  const [parser, fuzz] = definitions as [Definition, Definition];
  const delegated = await call('delegate_subtask', {
    coordinator_agent_id: 'boss',
    assigned_agent_id: 'coder',
    subtask_id: parser.subtask_id,
    subtask_description: parser.description,
    contextual_data: { repo: 'troupe' },
    deadline: '2030-01-01T00:00:00Z',
  });
  expect(delegated.task).toMatchObject({
    id: parser.subtask_id,
    status: 'assigned',
    assigned_agent_id: 'coder',
    coordinator_id: 'boss',
    contextual_data: { repo: 'troupe' },
    deadline: '2030-01-01T00:00:00.000Z',
  });
  // Only the assignee reports; nobody claims a task by completing it.
  expect(
    (
      await call('update_task_status', {
        task_id: parser.subtask_id,
        agent_id: 'tester',
        status: 'completed',
      })
    ).error,
  ).toMatchObject({ code: 'not_assignee' });
  const done = await call('update_task_status', {
    task_id: parser.subtask_id,
    agent_id: 'coder',
    status: 'completed',
    result: ['parser'],
  });
  expect((done.task as TaskView).status).toBe('completed');
  // Results for the coordinator and the assignee only.
  expect(
    ((await call('get_task', { task_id: parser.subtask_id, agent_id: 'boss' })).task as TaskView).result,
  ).toEqual(['parser']);
  expect(
    ((await call('get_task', { task_id: parser.subtask_id, agent_id: 'tester' })).task as TaskView).result,
  ).toBeNull();
  expect(
    ((await call('get_task', { task_id: parser.subtask_id })).task as TaskView).contextual_data,
  ).toBeNull();

  const merged = await call('merge_results', { results: [['parser'], ['fuzzing'], 'docs'] });
  expect(merged).toMatchObject({
    strategy: 'concat',
    count: 3,
    result: ['parser', 'fuzzing', 'docs'],
    task: null,
  });

  // With an identity, decompose records the subtasks and assign_subtasks delegates them.
  const recorded = await call('decompose_task', {
    task: 'Write the code. Then test it.',
    available_models: ['coder', 'tester'],
    agent_id: 'boss',
  });
  expect(recorded.parent_task_id).toEqual(expect.any(String));
  expect((recorded.tasks as TaskView[]).map((t) => t.description)).toEqual(['Write the code.', 'test it.']);
  const assigned = await call('assign_subtasks', {
    parent_task_id: recorded.parent_task_id,
    agent_id: 'boss',
  });
  expect(assigned.stored).toBe(true);
  expect((assigned.assignments as Assignment[]).every((a) => a.status === 'assigned')).toBe(true);
  const listed = await call('list_tasks', { parent_task_id: recorded.parent_task_id, agent_id: 'boss' });
  expect((listed.tasks as TaskView[]).map((t) => t.status)).toEqual(['assigned', 'assigned']);
  expect(listed.next_cursor).toBeNull();
  const stored = await call('assign_subtasks', {
    subtasks: [{ subtask_id: 'fuzz-1', description: fuzz.description, required_capabilities: ['testing'] }],
    agent_id: 'boss',
  });
  expect((stored.assignments as Assignment[])[0]).toMatchObject({
    status: 'assigned',
    assigned_agent_id: 'tester',
  });
  await client.close();
});

it('refuses delegates that are unknown, offline or unable — unless forced — and others’ tasks', async () => {
  const dataDir = freshDataDir('tasks-refused');
  const client = await connect(dataDir);
  const call = caller(client);
  const bossToken = await registerAgent(client, 'boss');
  await registerAgent(client, 'coder', { capabilities: ['coding'] });
  await registerAgent(client, 'sleeper', { capabilities: ['coding'] });
  await registerAgent(client, 'rival');
  await call('update_agent_status', { agent_id: 'sleeper', status: 'offline' });
  const base = { coordinator_agent_id: 'boss', subtask_id: 't1', subtask_description: 'port it' };
  expect((await call('delegate_subtask', { ...base, assigned_agent_id: 'ghost' })).error).toMatchObject({
    code: 'unknown_agent',
    field: 'assigned_agent_id',
  });
  expect((await call('delegate_subtask', { ...base, to_agent_id: 'ghost' })).error).toMatchObject({
    code: 'unknown_agent',
    field: 'to_agent_id',
  });
  expect((await call('delegate_subtask', { ...base, assigned_agent_id: 'sleeper' })).error).toMatchObject({
    code: 'agent_offline',
    field: 'assigned_agent_id',
  });
  const needs = { ...base, required_capabilities: ['rust'] };
  expect((await call('delegate_subtask', { ...needs, assigned_agent_id: 'coder' })).error).toMatchObject({
    code: 'missing_capabilities',
    field: 'assigned_agent_id',
  });
  expect(
    ((await call('delegate_subtask', { ...needs, assigned_agent_id: 'coder', force: true })).task as TaskView)
      .assigned_agent_id,
  ).toBe('coder');
  // Another agent may not take over the coordinator's task.
  expect(
    (
      await call('delegate_subtask', {
        coordinator_agent_id: 'rival',
        subtask_id: 't1',
        assigned_agent_id: 'rival',
      })
    ).error?.code,
  ).toBe('forbidden');
  // The older names still work: task_id + to_agent_id + agent_id.
  expect(
    (
      (await call('delegate_subtask', { agent_id: 'boss', task_id: 't1', to_agent_id: 'rival', force: true }))
        .task as TaskView
    ).assigned_agent_id,
  ).toBe('rival');

  // A second MCP session without the token is refused; with it, served.
  const other = await connect(dataDir);
  const otherCall = caller(other);
  expect(
    (await otherCall('delegate_subtask', { ...base, subtask_id: 't2', assigned_agent_id: 'coder' })).error,
  ).toMatchObject({
    code: 'unauthorized',
    field: 'agent_token',
  });
  expect((await otherCall('create_task', { description: 'x', agent_id: 'boss' })).error?.code).toBe(
    'unauthorized',
  );
  expect((await otherCall('create_task', { description: 'x' })).error?.code).toBe('unauthorized');
  expect(
    (
      (await otherCall('create_task', { description: 'x', agent_id: 'boss', agent_token: bossToken }))
        .task as TaskView
    ).coordinator_id,
  ).toBe('boss');
  await other.close();
  await client.close();
});

it('decomposes by sampling where the client supports it', async () => {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const { CreateMessageRequestSchema } = await import('@modelcontextprotocol/sdk/types.js');
  const { CLI } = await import('./serve-client.js');
  const dataDir = freshDataDir('tasks-sampling');
  const prompts: string[] = [];
  const connectSampling = async (answer: string) => {
    const client = new Client({ name: 'sampler', version: '0.0.0' }, { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, (request) => {
      const content = request.params.messages[0]?.content;
      prompts.push(content && 'text' in content ? String(content.text) : '');
      return { model: 'test-model', role: 'assistant', content: { type: 'text', text: answer } };
    });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [CLI, 'serve', '--data-dir', dataDir, '--threads', '2'],
        stderr: 'ignore',
      }),
    );
    return client;
  };
  const good = await connectSampling(
    '```json\n{"subtasks":[{"description":"design the schema","required_capabilities":["db"],"assigned_model_id":"dba"},{"description":"build the api","required_capabilities":["coding"],"assigned_model_id":"nobody"}]}\n```',
  );
  await good.listTools();
  const sampled = await caller(good)('decompose_task', {
    task: 'Build a storage service',
    available_models: [
      { id: 'dba', capabilities: ['db'] },
      { id: 'dev', capabilities: ['coding'] },
    ],
  });
  expect(sampled.method).toBe('sampling');
  expect((sampled.subtasks as Definition[]).map((d) => [d.description, d.assigned_model_id])).toEqual([
    ['design the schema', 'dba'],
    ['build the api', 'dev'],
  ]);
  expect(prompts[0]).toContain('Build a storage service');
  expect(prompts[0]).toContain('dba: db');
  await good.close();

  const bad = await connectSampling('I would rather not.');
  const fallback = await caller(bad)('decompose_task', { task: 'Build it. Ship it.', available_models: [] });
  expect(fallback).toMatchObject({ method: 'structural', fallback_reason: expect.stringContaining('JSON') });
  expect((fallback.subtasks as Definition[]).map((d) => d.description)).toEqual(['Build it.', 'Ship it.']);
  await bad.close();
});

it('answers or refuses hostile ids on every id field', async () => {
  const client = await connect(freshDataDir('tasks-hostile'));
  const call = caller(client);
  await registerAgent(client, 'boss');
  await registerAgent(client, 'coder');
  for (const id of [...HOSTILE, 'x'.repeat(128), 'x'.repeat(129)]) {
    const answers = [
      [
        'subtask_id',
        await call('delegate_subtask', {
          coordinator_agent_id: 'boss',
          assigned_agent_id: 'coder',
          subtask_id: id,
          subtask_description: 'd',
        }),
      ],
      [
        'assigned_agent_id',
        await call('delegate_subtask', {
          coordinator_agent_id: 'boss',
          assigned_agent_id: id,
          subtask_id: 'fixed',
          subtask_description: 'd',
        }),
      ],
      [
        'parent_task_id',
        await call('create_task', { description: 'd', parent_task_id: id, agent_id: 'boss' }),
      ],
      [
        'parent_task_id',
        await call('delegate_subtask', {
          coordinator_agent_id: 'boss',
          assigned_agent_id: 'coder',
          subtask_id: `p-${HOSTILE.indexOf(id)}`,
          subtask_description: 'd',
          parent_task_id: id,
        }),
      ],
      // An existing task (made above) held by another agent: not_assignee, naming agent_id.
      [
        'task_id|agent_id',
        await call('update_task_status', { task_id: id, agent_id: 'boss', status: 'completed' }),
      ],
      ['task_id', await call('merge_results', { task_id: id, agent_id: 'boss' })],
      ['task_id', await call('get_task', { task_id: id })],
      ['task_id', await call('decompose_task', { task_id: id, agent_id: 'boss' })],
      ['subtasks', await call('assign_subtasks', { subtasks: [id], agent_id: 'boss' })],
      ['parent_task_id', await call('assign_subtasks', { parent_task_id: id, agent_id: 'boss' })],
      ['available_models', await call('decompose_task', { task: 'a. b.', available_models: [id] })],
      ['assigned_agent_id', await call('list_tasks', { assigned_agent_id: id })],
      ['parent_task_id', await call('list_tasks', { parent_task_id: id })],
    ] as const;
    for (const [field, answer] of answers)
      if (answer.error) expect(answer.error.field ?? '', `${field} ${id}`).toMatch(new RegExp(`^(${field})`));
  }
  // Each well-formed hostile id became a task, as asked; the server still answers.
  const tasks = (await call('list_tasks', { assigned_agent_id: 'coder', limit: 500 })).tasks as TaskView[];
  expect(tasks.map((t) => t.id)).toEqual(expect.arrayContaining([...HOSTILE, 'x'.repeat(128)]));
  await client.close();
});

it('answers a refused assign_subtasks with the refusal’s code and field, under the name the caller used', async () => {
  // Found by the fuzzer (test/mcp/fuzz): these answered `internal` "[object Object]".
  const client = await connect(freshDataDir('tasks-assign-refused'));
  const call = caller(client);
  await registerAgent(client, 'boss');
  await call('create_task', { id: 't-1', description: 'd', agent_id: 'boss' });
  const unknownModel = await call('assign_subtasks', {
    subtasks: ['t-1'],
    available_models: ['nobody'],
    agent_id: 'boss',
  });
  expect(unknownModel.error).toMatchObject({ code: 'unknown_agent', field: 'available_models' });
  expect((await call('assign_subtasks', { parent_task_id: 'nope' })).error).toMatchObject({
    code: 'not_found',
    field: 'parent_task_id',
  });
  expect((await call('assign_subtasks', { task_id: 'nope' })).error).toMatchObject({
    code: 'not_found',
    field: 'task_id',
  });
  await client.close();
});
