/**
 * Routing tools over stdio, on the rebuilt domain: rules owned by who set them (only the
 * owner replaces or removes one: `forbidden`), routing by rule to a named agent, else the
 * least loaded ready agent of a role, else by capability, else `no_agent`; with a task id the
 * task is delegated (its coordinator only); a second MCP session without the token refused;
 * hostile ids; the rules still there after a restart.
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

interface RouteView {
  agent: { id: string };
  method: string;
  rule: { set_by: string | null } | null;
}

it('routes by the owners’ rules, by load and by capability, and delegates the coordinator’s task', async () => {
  const dataDir = freshDataDir('routing');
  let client = await connect(dataDir);
  let call = caller(client);
  await registerAgent(client, 'orch', { role: 'orchestrator' });
  await registerAgent(client, 'rival', { role: 'orchestrator' });
  for (const id of ['rev-a', 'rev-b', 'rev-c'])
    await registerAgent(client, id, { role: 'reviewer', capabilities: ['review'] });
  const rule = (agent: string, target_kind: string, target: string, fields: Record<string, unknown> = {}) =>
    call('set_routing_rule', { task_type: 'review', target_kind, target, agent_id: agent, ...fields });
  const route = async (fields: Record<string, unknown> = {}) =>
    (await call('route_task', { task_type: 'review', ...fields })).route as RouteView;

  expect((await rule('orch', 'agent', 'rev-c', { priority: 10 })).rule).toMatchObject({
    target: { kind: 'agent', agent_id: 'rev-c' },
    set_by: 'orch',
  });
  await rule('orch', 'role', 'reviewer');
  expect(await route()).toMatchObject({ agent: { id: 'rev-c' }, method: 'rule-agent' });
  // Another agent may not replace or remove orch's rules.
  expect((await rule('rival', 'agent', 'rev-c', { priority: 1000 })).error?.code).toBe('forbidden');
  expect(
    (
      await call('remove_routing_rule', {
        task_type: 'review',
        target_kind: 'agent',
        target: 'rev-c',
        agent_id: 'rival',
      })
    ).error?.code,
  ).toBe('forbidden');

  // rev-c busy: the role rule applies and load decides (rev-a holds an open task: rev-b).
  await call('update_agent_status', { agent_id: 'rev-c', status: 'working' });
  await call('delegate_subtask', {
    coordinator_agent_id: 'orch',
    assigned_agent_id: 'rev-a',
    subtask_id: 'earlier',
    subtask_description: 'earlier review',
  });
  await call('create_task', { id: 'parser-review', description: 'review the parser', agent_id: 'orch' });
  expect(
    (await call('route_task', { task_type: 'review', task_id: 'parser-review', agent_id: 'rival' })).error
      ?.code,
  ).toBe('forbidden');
  const routed = await call('route_task', {
    task_type: 'review',
    task_id: 'parser-review',
    agent_id: 'orch',
  });
  expect(routed.route).toMatchObject({ agent: { id: 'rev-b' }, method: 'rule-role' });
  expect(routed.task).toMatchObject({ id: 'parser-review', status: 'assigned', assigned_agent_id: 'rev-b' });

  // No rule for the type: capability match; nobody able: no_agent.
  expect(
    (await call('route_task', { task_type: 'lint', required_capabilities: ['review'] })).route,
  ).toMatchObject({
    method: 'capability-match',
  });
  expect(
    (await call('route_task', { task_type: 'lint', required_capabilities: ['rust'] })).error,
  ).toMatchObject({
    code: 'no_agent',
    field: 'task_type',
  });

  // Another MCP session without the token is refused.
  const other = await connect(dataDir);
  expect(
    (
      await caller(other)('set_routing_rule', {
        task_type: 'x',
        target_kind: 'role',
        target: 'r',
        agent_id: 'orch',
      })
    ).error,
  ).toMatchObject({ code: 'unauthorized', field: 'agent_token' });
  await other.close();

  await client.close();
  client = await connect(dataDir);
  call = caller(client);
  const rules = (await call('list_routing_rules', { task_type: 'review' })).rules as { set_by: string }[];
  expect(rules.map((r) => r.set_by)).toEqual(['orch', 'orch']);
  await client.close();
});

it('answers or refuses hostile ids and task types', async () => {
  const client = await connect(freshDataDir('routing-hostile'));
  const call = caller(client);
  await registerAgent(client, 'orch');
  for (const id of [
    'constructor',
    '__proto__',
    'prototype',
    'toString',
    'valueOf',
    'hasOwnProperty',
    'x'.repeat(128),
    'x'.repeat(129),
  ]) {
    const answers = [
      [
        'task_type|target',
        await call('set_routing_rule', { task_type: id, target_kind: 'agent', target: id, agent_id: 'orch' }),
      ],
      [
        'task_type|target',
        await call('remove_routing_rule', {
          task_type: id,
          target_kind: 'role',
          target: id,
          agent_id: 'orch',
        }),
      ],
      ['task_type', await call('list_routing_rules', { task_type: id })],
      ['task_type', await call('route_task', { task_type: id })],
      ['task_id', await call('route_task', { task_type: 'review', task_id: id, agent_id: 'orch' })],
    ] as const;
    for (const [field, answer] of answers)
      if (answer.error)
        expect(answer.error.field ?? '', `${field} ${id}`).toMatch(new RegExp(`^(${field})$`));
  }
  const rules = (await call('list_routing_rules', {})).rules as { task_type: string }[];
  expect(rules.map((r) => r.task_type)).toEqual(expect.arrayContaining(['constructor', '__proto__']));
  await client.close();
});
