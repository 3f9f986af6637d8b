/**
 * Routing tools over stdio: a task type routed by rule to a named agent while it is ready,
 * else to the least loaded ready agent of a role (load = its open tasks on the task board),
 * else by capability match; `no_agent` when nobody fits; delegating a task with `task_id`;
 * replacing and removing rules; typed refusals; and the rules kept across a server restart.
 */
import { afterEach, expect, it } from 'vitest';
import {
  caller,
  connect,
  freshDataDir,
  registerAgent,
  removeDataDirs,
  type Structured,
} from './serve-client.js';

afterEach(removeDataDirs);

interface RouteView {
  task_type: string;
  agent: { id: string };
  method: string;
  rule: { target: { kind: string; agent_id?: string; role?: string }; priority: number } | null;
  load: number;
}

it('routes by rule to the named agent, else the least loaded of the role, and keeps the rules', async () => {
  const dataDir = freshDataDir('routing');
  let client = await connect(dataDir);
  let call = caller(client);
  const token: Record<string, string> = {};
  token.orch = await registerAgent(client, 'orch', { role: 'orchestrator' });
  for (const id of ['rev-a', 'rev-b', 'rev-c'])
    token[id] = await registerAgent(client, id, { role: 'reviewer' });
  const as = (agent: string) => ({ agent_id: agent, agent_token: token[agent] });
  const rule = (target_kind: string, target: string, fields: Record<string, unknown> = {}) =>
    call('set_routing_rule', { task_type: 'review', target_kind, target, ...fields, ...as('orch') });
  const route = async (fields: Record<string, unknown> = {}) =>
    (await call('route_task', { task_type: 'review', ...fields })) as Structured & { route: RouteView };

  const set = await rule('agent', 'rev-c', { priority: 10 });
  expect(set.rule).toMatchObject({
    task_type: 'review',
    target: { kind: 'agent', agent_id: 'rev-c' },
    set_by: 'orch',
  });
  expect(set.orchestration).toMatchObject({ agent_id: 'orch', handled_by: 'router' });
  await rule('role', 'reviewer');
  expect((await route()).route).toMatchObject({
    agent: { id: 'rev-c' },
    method: 'rule-agent',
    rule: { target: { agent_id: 'rev-c' }, priority: 10 },
  });

  // rev-c busy: the role rule applies, and load decides — rev-a holds an open task, so rev-b.
  await call('update_agent_status', { status: 'working', ...as('rev-c') });
  const held = (await call('create_task', { description: 'earlier review' })).task as { id: string };
  await call('delegate_subtask', { task_id: held.id, to_agent_id: 'rev-a' });
  const task = (await call('create_task', { description: 'review the parser' })).task as { id: string };
  const routed = await route({ task_id: task.id });
  expect(routed.route).toMatchObject({
    agent: { id: 'rev-b' },
    method: 'rule-role',
    rule: { target: { kind: 'role', role: 'reviewer' } },
    load: 0,
  });
  expect(routed.task).toMatchObject({ id: task.id, status: 'assigned', assigned_agent_id: 'rev-b' });
  // Now rev-a and rev-b carry one task each: the tie goes to the smaller id.
  expect((await route()).route).toMatchObject({ agent: { id: 'rev-a' }, method: 'rule-role', load: 1 });
  // A rule's capabilities narrow its candidates: no reviewer has "security", so capability match
  // among all ready agents decides (no capabilities asked for the task itself: the least loaded, orch).
  await rule('role', 'reviewer', { required_capabilities: ['security'] });
  expect((await route()).route).toMatchObject({
    agent: { id: 'orch' },
    method: 'capability-match',
    rule: null,
  });
  await rule('role', 'reviewer');
  expect((await route({ task_id: 'nope' })).error).toMatchObject({ code: 'not_found', field: 'task_id' });

  await client.close();
  client = await connect(dataDir);
  call = caller(client);
  const rules = (await call('list_routing_rules', { task_type: 'review' })).rules as RouteView['rule'][];
  expect(rules.map((r) => r?.target)).toEqual([
    { kind: 'agent', agent_id: 'rev-c' },
    { kind: 'role', role: 'reviewer' },
  ]);
  await call('update_agent_status', { status: 'available', ...as('rev-c') });
  expect((await route()).route).toMatchObject({ agent: { id: 'rev-c' }, method: 'rule-agent' });
  expect(
    (
      (
        await call('remove_routing_rule', {
          task_type: 'review',
          target_kind: 'agent',
          target: 'rev-c',
          ...as('orch'),
        })
      ).rule as RouteView['rule']
    )?.target,
  ).toEqual({ kind: 'agent', agent_id: 'rev-c' });
  // Without its own rule rev-c is still a reviewer, and now the least loaded one.
  expect((await route()).route).toMatchObject({ agent: { id: 'rev-c' }, method: 'rule-role', load: 0 });
  expect(
    (
      await call('remove_routing_rule', {
        task_type: 'review',
        target_kind: 'agent',
        target: 'rev-c',
        ...as('orch'),
      })
    ).error,
  ).toMatchObject({ code: 'not_found', field: 'target' });
  await client.close();
});

it('falls back to capability match, skips absent targets, and answers no_agent when nobody fits', async () => {
  const dataDir = freshDataDir('routing');
  const client = await connect(dataDir);
  const call = caller(client);
  const token: Record<string, string> = {};
  token.orch = await registerAgent(client, 'orch', { role: 'orchestrator' });
  token.tsdev = await registerAgent(client, 'tsdev', { role: 'coder', capabilities: ['ts'] });
  token.gone = await registerAgent(client, 'gone', { role: 'coder', capabilities: ['ts', 'rust'] });
  const as = (agent: string) => ({ agent_id: agent, agent_token: token[agent] });
  await call('update_agent_status', { status: 'offline', ...as('gone') });

  const build = await call('route_task', { task_type: 'build', required_capabilities: ['ts'] });
  expect(build.route).toMatchObject({
    task_type: 'build',
    agent: { id: 'tsdev' },
    method: 'capability-match',
    rule: null,
  });
  expect(build.task).toBeNull();

  // Rules naming an unregistered agent and an offline one are passed over.
  await call('set_routing_rule', {
    task_type: 'build',
    target_kind: 'agent',
    target: 'ghost',
    ...as('orch'),
  });
  await call('set_routing_rule', { task_type: 'build', target_kind: 'agent', target: 'gone', ...as('orch') });
  expect(((await call('route_task', { task_type: 'build' })).route as RouteView).method).toBe(
    'capability-match',
  );

  // Only the offline agent has rust: nobody is left.
  const none = await call('route_task', { task_type: 'build', required_capabilities: ['rust'] });
  expect(none.error).toMatchObject({ code: 'no_agent', field: 'task_type' });
  // A task's own capabilities count too.
  const rusty = (await call('create_task', { description: 'port', required_capabilities: ['rust'] }))
    .task as {
    id: string;
  };
  expect((await call('route_task', { task_type: 'build', task_id: rusty.id })).error).toMatchObject({
    code: 'no_agent',
  });

  expect(
    (
      await call('set_routing_rule', {
        task_type: 'build',
        target_kind: 'role',
        target: 'coder',
        agent_id: 'orch',
        agent_token: 'forged',
      })
    ).error,
  ).toMatchObject({ code: 'unauthorized', field: 'agent_token' });
  const badKind = await client.callTool({
    name: 'set_routing_rule',
    arguments: { task_type: 'build', target_kind: 'team', target: 'x', ...as('orch') },
  });
  expect(badKind.isError).toBe(true);
  expect(JSON.stringify(badKind.content)).toMatch(/target_kind/);
  expect((await call('list_routing_rules', {})).rules).toHaveLength(2);
  await client.close();
});
