/**
 * Routing through its facade, on a real system: a task type routed by rule to a named agent
 * while it is ready, else to the least loaded ready agent of a role (load = its open tasks),
 * else by capability match; `no_agent` when nobody fits; delegating a task with `taskId` (its
 * coordinator only); rules owned by who set them (`forbidden` to others), capped, public to
 * list — and kept across a restart.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ANONYMOUS, type Caller } from '../../../../actors/coordination/caller.js';
import { DEFAULT_LIMITS } from '../../../../actors/coordination/limits.js';
import {
  listRoutingRules,
  removeRoutingRule,
  routeTask,
  setRoutingRule,
} from '../../../../actors/coordination/routing/api.js';
import { createTask, delegateSubtask } from '../../../../actors/coordination/tasks/api.js';
import { expectOk, expectRefused, WorkSystem } from '../../../fixtures/coordination/work-system.js';

let work: WorkSystem;
beforeEach(() => {
  work = new WorkSystem();
});
afterEach(async () => {
  await work.close();
});

it('routes by rule to the named agent, else the least loaded of the role, and keeps the rules', async () => {
  const agents = await work.agents({
    orch: { role: 'orchestrator' },
    'rev-a': { role: 'reviewer' },
    'rev-b': { role: 'reviewer' },
    'rev-c': { role: 'reviewer' },
  });
  const orch = agents.get('orch') as Caller;
  let system = work.system;
  const rule = (targetKind: string, target: string, fields: Record<string, unknown> = {}) =>
    setRoutingRule(system, orch, { taskType: 'review', targetKind, target, ...fields });
  const route = async (fields: Record<string, unknown> = {}) =>
    expectOk(await routeTask(system, orch, { taskType: 'review', ...fields }));

  expect(expectOk(await rule('agent', 'rev-c', { priority: 10 }))).toMatchObject({
    taskType: 'review',
    target: { kind: 'agent', agentId: 'rev-c' },
    setBy: 'orch',
  });
  expectOk(await rule('role', 'reviewer'));
  expect((await route()).route).toMatchObject({
    agent: { id: 'rev-c' },
    method: 'rule-agent',
    rule: { target: { agentId: 'rev-c' }, priority: 10 },
  });

  // rev-c busy: the role rule applies, and load decides — rev-a holds an open task, so rev-b.
  await work.setStatus('rev-c', 'working');
  expectOk(
    await delegateSubtask(system, orch, {
      coordinatorAgentId: 'orch',
      assignedAgentId: 'rev-a',
      subtaskId: 'earlier',
      subtaskDescription: 'earlier review',
    }),
  );
  const task = expectOk(await createTask(system, orch, { description: 'review the parser' }));
  const routed = await route({ taskId: task.id });
  expect(routed.route).toMatchObject({
    agent: { id: 'rev-b' },
    method: 'rule-role',
    rule: { target: { kind: 'role', role: 'reviewer' } },
    load: 0,
  });
  expect(routed.task).toMatchObject({ id: task.id, status: 'assigned', assignedAgentId: 'rev-b' });
  // Now rev-a and rev-b carry one task each: the tie goes to the smaller id.
  expect((await route()).route).toMatchObject({ agent: { id: 'rev-a' }, method: 'rule-role', load: 1 });
  // A rule's capabilities narrow its candidates: no reviewer has "security", so capability match
  // among all ready agents decides (no capabilities asked for: the least loaded, orch).
  expectOk(await rule('role', 'reviewer', { requiredCapabilities: ['security'] }));
  expect((await route()).route).toMatchObject({
    agent: { id: 'orch' },
    method: 'capability-match',
    rule: null,
  });
  expectOk(await rule('role', 'reviewer'));
  expectRefused(
    await routeTask(system, orch, { taskType: 'review', taskId: 'nope' }),
    'not_found',
    'task_id',
  );
  // Only the task's coordinator routes it (routing delegates); routing without a task is public.
  const other = expectOk(await createTask(system, agents.get('rev-a') as Caller, { description: 'mine' }));
  expectRefused(await routeTask(system, orch, { taskType: 'review', taskId: other.id }), 'forbidden');
  expectRefused(await routeTask(system, ANONYMOUS, { taskType: 'review', taskId: other.id }), 'unauthorized');
  expect(expectOk(await routeTask(system, ANONYMOUS, { taskType: 'review' })).task).toBeNull();

  system = await work.restart();
  const rules = expectOk(await listRoutingRules(system, ANONYMOUS, { taskType: 'review' }));
  expect(rules.map((r) => r.target)).toEqual([
    { kind: 'agent', agentId: 'rev-c' },
    { kind: 'role', role: 'reviewer' },
  ]);
  await work.setStatus('rev-c', 'available');
  expect((await route()).route).toMatchObject({ agent: { id: 'rev-c' }, method: 'rule-agent' });
  const remove = (caller: Caller) =>
    removeRoutingRule(system, caller, { taskType: 'review', targetKind: 'agent', target: 'rev-c' });
  expectRefused(await remove(agents.get('rev-c') as Caller), 'forbidden', 'target');
  expectRefused(
    await setRoutingRule(system, agents.get('rev-c') as Caller, {
      taskType: 'review',
      targetKind: 'agent',
      target: 'rev-c',
      priority: 1000,
    }),
    'forbidden',
    'target',
  );
  expect(expectOk(await remove(orch)).target).toEqual({ kind: 'agent', agentId: 'rev-c' });
  // Without its own rule rev-c is still a reviewer, and now the least loaded one.
  expect((await route()).route).toMatchObject({ agent: { id: 'rev-c' }, method: 'rule-role', load: 0 });
  expectRefused(await remove(orch), 'not_found', 'target');
  // The operator may remove anyone's rule.
  expectOk(
    await removeRoutingRule(
      system,
      { kind: 'operator' },
      { taskType: 'review', targetKind: 'role', target: 'reviewer' },
    ),
  );
  expect(expectOk(await listRoutingRules(system, ANONYMOUS))).toEqual([]);
});

it('falls back to capability match, skips absent targets, answers no_agent, and caps the rules', async () => {
  const agents = await work.agents({
    orch: { role: 'orchestrator' },
    tsdev: { role: 'coder', capabilities: ['ts'] },
    gone: { role: 'coder', capabilities: ['ts', 'rust'], status: 'offline' },
  });
  const orch = agents.get('orch') as Caller;
  const { system } = work;
  const build = expectOk(await routeTask(system, orch, { taskType: 'build', requiredCapabilities: ['ts'] }));
  expect(build.route).toMatchObject({
    taskType: 'build',
    agent: { id: 'tsdev' },
    method: 'capability-match',
    rule: null,
  });
  expect(build.task).toBeNull();

  // Rules naming an unregistered agent and an offline one are passed over.
  expectOk(await setRoutingRule(system, orch, { taskType: 'build', targetKind: 'agent', target: 'ghost' }));
  expectOk(await setRoutingRule(system, orch, { taskType: 'build', targetKind: 'agent', target: 'gone' }));
  expect(expectOk(await routeTask(system, orch, { taskType: 'build' })).route.method).toBe(
    'capability-match',
  );

  // Only the offline agent has rust: nobody is left. A task's own capabilities count too.
  expectRefused(
    await routeTask(system, orch, { taskType: 'build', requiredCapabilities: ['rust'] }),
    'no_agent',
    'task_type',
  );
  const rusty = expectOk(
    await createTask(system, orch, { description: 'port', requiredCapabilities: ['rust'] }),
  );
  expectRefused(await routeTask(system, orch, { taskType: 'build', taskId: rusty.id }), 'no_agent');

  expectRefused(
    await setRoutingRule(system, ANONYMOUS, { taskType: 'build', targetKind: 'role', target: 'coder' }),
    'unauthorized',
  );
  expectRefused(
    await setRoutingRule(system, orch, { taskType: 'build', targetKind: 'team', target: 'x' }),
    'invalid_argument',
    'target_kind',
  );
  expectRefused(
    await setRoutingRule(system, orch, { taskType: 'build', targetKind: 'agent', target: 'a b' }),
    'invalid_argument',
    'target',
  );
  expect(expectOk(await listRoutingRules(system, ANONYMOUS))).toHaveLength(2);

  const limits = { ...DEFAULT_LIMITS, routingRules: 3 };
  expectOk(
    await setRoutingRule(system, orch, { taskType: 'test', targetKind: 'role', target: 'coder' }, limits),
  );
  expectRefused(
    await setRoutingRule(system, orch, { taskType: 'lint', targetKind: 'role', target: 'coder' }, limits),
    'limit_exceeded',
  );
  // Replacing an existing rule is not a new one.
  expectOk(
    await setRoutingRule(
      system,
      orch,
      { taskType: 'test', targetKind: 'role', target: 'coder', priority: 5 },
      limits,
    ),
  );
});
