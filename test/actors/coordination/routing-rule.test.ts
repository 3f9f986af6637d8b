/**
 * `chooseRoute` as a pure function: rules tried by precedence, a named agent only while
 * ready and able, the least loaded agent of a role (ties to the smaller id), capability
 * match as the fallback, and null when nobody fits.
 */
import { expect, it } from 'vitest';
import type { Agent, AgentStatus } from '../../../actors/coordination/agent.js';
import { chooseRoute, type RoutingRule } from '../../../actors/coordination/routing-rule.js';

const agent = (
  id: string,
  role: string,
  capabilities: string[],
  status: AgentStatus = 'available',
): Agent => ({
  id,
  name: id,
  role,
  modelType: 'llm',
  modelVersion: '1',
  capabilities,
  group: null,
  heartbeatIntervalS: 30,
  status,
  currentTask: null,
  registeredAt: 0,
  lastSeenAt: 0,
});
const rule = (
  target: RoutingRule['target'],
  priority = 0,
  requiredCapabilities: string[] = [],
): RoutingRule => ({
  taskType: 'review',
  target,
  requiredCapabilities,
  priority,
  setBy: 'orch',
  updatedAt: 0,
});
const agents = [
  agent('ann', 'reviewer', ['ts']),
  agent('ben', 'reviewer', ['ts', 'security']),
  agent('cat', 'reviewer', ['ts'], 'working'),
  agent('dan', 'coder', ['rust'], 'idle'),
];
const loads: Record<string, number> = { ann: 2, ben: 1 };
const route = (rules: RoutingRule[], requiredCapabilities: string[] = []) =>
  chooseRoute({ taskType: 'review', rules, agents, requiredCapabilities, load: (id) => loads[id] ?? 0 });

it('tries rules by priority, then agent targets before roles', () => {
  const toRole = rule({ kind: 'role', role: 'reviewer' }, 5);
  const toAnn = rule({ kind: 'agent', agentId: 'ann' }, 5);
  expect(route([toRole, toAnn])).toMatchObject({ agent: { id: 'ann' }, method: 'rule-agent', rule: toAnn });
  const toAnnLow = rule({ kind: 'agent', agentId: 'ann' }, 0);
  expect(route([toAnnLow, toRole])).toMatchObject({ agent: { id: 'ben' }, method: 'rule-role', load: 1 });
});

it('passes over a named agent that is not ready or not able', () => {
  expect(route([rule({ kind: 'agent', agentId: 'cat' })])).toMatchObject({ method: 'capability-match' });
  expect(route([rule({ kind: 'agent', agentId: 'ann' }, 0, ['security'])])).toMatchObject({
    method: 'capability-match',
  });
  expect(route([rule({ kind: 'agent', agentId: 'ann' })], ['rust'])).toMatchObject({
    agent: { id: 'dan' },
    method: 'capability-match',
  });
});

it('falls back to the least loaded able agent, and to null when nobody is able', () => {
  expect(route([], ['ts'])).toMatchObject({ agent: { id: 'ben' }, method: 'capability-match', rule: null });
  expect(route([])).toMatchObject({ agent: { id: 'dan' }, load: 0 });
  expect(route([rule({ kind: 'role', role: 'reviewer' })], ['go'])).toBeNull();
});
