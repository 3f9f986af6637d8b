/**
 * The event-subscription rules as pure functions: a type is heard by its own subscribers
 * and by `*`; an agent is reached through its own subscription or its role's; an agent's
 * subscription lapses with its registration (also when the id registers again), a role's
 * does not; subscribing is idempotent per type, and unsubscribing `*` removes only `*`.
 */
import { expect, it } from 'vitest';
import type { Agent } from '../../../actors/coordination/agent.js';
import {
  current,
  recipientsOf,
  type StoredSubscription,
  type Subscriber,
  subscribe,
  unsubscribe,
} from '../../../actors/coordination/event-subscription.js';

const agent = (id: string, role: string, registeredAt = 1): Agent => ({
  id,
  name: id,
  role,
  modelType: 'llm',
  modelVersion: '1',
  capabilities: [],
  group: null,
  heartbeatIntervalS: 30,
  status: 'available',
  currentTask: null,
  registeredAt,
  lastSeenAt: registeredAt,
});
const of = (agentId: string): Subscriber => ({ kind: 'agent', agentId });
const role = (name: string): Subscriber => ({ kind: 'role', role: name });
const stored = (
  eventType: string,
  subscriber: Subscriber,
  registeredAt: number | null = 1,
): StoredSubscription => ({
  eventType,
  subscriber,
  subscribedBy: 'lead',
  subscribedAt: 0,
  registeredAt: subscriber.kind === 'role' ? null : registeredAt,
});

const agents = [agent('ada', 'worker'), agent('bob', 'worker'), agent('cy', 'ops'), agent('dee', 'lead')];
const ids = (found: Agent[]) => found.map((a) => a.id);

it('reaches an agent through its own subscription, its role, or "*"', () => {
  const subscriptions = [
    stored('deploy', of('ada')),
    stored('freeze', role('worker')),
    stored('*', of('cy')),
  ];
  expect(ids(recipientsOf(subscriptions, 'deploy', agents))).toEqual(['ada', 'cy']);
  expect(ids(recipientsOf(subscriptions, 'freeze', agents))).toEqual(['ada', 'bob', 'cy']);
  expect(ids(recipientsOf(subscriptions, 'audit', agents))).toEqual(['cy']);
  expect(ids(recipientsOf([], 'audit', agents))).toEqual([]);
});

it("lets an agent's subscription lapse with its registration, and keeps a role's", () => {
  const subscriptions = [
    stored('deploy', of('ada'), 1),
    stored('deploy', of('gone')),
    stored('x', role('none')),
  ];
  expect(current(subscriptions, agents)).toEqual([subscriptions[0], subscriptions[2]]);
  expect(current(subscriptions, [agent('ada', 'worker', 2)])).toEqual([subscriptions[2]]);
});

it('subscribes once per type and unsubscribes "*" alone', () => {
  const first = subscribe(
    [],
    [stored('deploy', of('ada')), stored('deploy', of('ada')), stored('*', of('ada'))],
  );
  expect(first.changed).toEqual(['deploy', '*']);
  const again = subscribe(first.subscriptions, [
    stored('deploy', of('ada')),
    stored('deploy', role('worker')),
  ]);
  expect(again.changed).toEqual(['deploy']);
  expect(again.subscriptions).toHaveLength(3);
  const off = unsubscribe(again.subscriptions, of('ada'), ['*', 'never']);
  expect(off.changed).toEqual(['*']);
  expect(off.subscriptions.map((s) => [s.eventType, s.subscriber.kind])).toEqual([
    ['deploy', 'agent'],
    ['deploy', 'role'],
  ]);
});
