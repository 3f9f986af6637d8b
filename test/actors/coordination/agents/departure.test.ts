/**
 * When an agent goes: deregistration closes its records (summary and indexes, inbox, own
 * subscriptions, evaluations) and pushes the news to the lock, task and session actors that
 * name it; the id's next registration starts empty with a new token and inherits nothing.
 * A lease granted to an agent that is gone is handed back at once. The pushes are bounded
 * per turn and go on until every actor named is told.
 */
import { afterEach, expect, it } from 'vitest';
import {
  authenticateAgent,
  deregisterAgent,
  findAgents,
  getAgent,
  updateAgentStatus,
} from '../../../../actors/coordination/agents/api.js';
import type { PresenceNews } from '../../../../actors/coordination/agents/presence-news.js';
import { ANONYMOUS } from '../../../../actors/coordination/caller.js';
import { evaluateContribution, listEvaluations } from '../../../../actors/coordination/evaluations/api.js';
import { listEventSubscriptions, subscribeSystemEvents } from '../../../../actors/coordination/events/api.js';
import { lockActorId, sessionActorId, taskActorId } from '../../../../actors/coordination/ids.js';
import { fetchInbox, sendMessage } from '../../../../actors/coordination/messaging/api.js';
import type { ActorRef } from '../../../../src/kernel/index.js';
import { AgentsHarness, accepted, as, bounded } from '../../../fixtures/coordination/agents-harness.js';
import {
  PresenceListener,
  type PresenceListenerMsg,
} from '../../../fixtures/coordination/presence-listener.js';
import { until } from '../../../helpers/until.js';

let harness: AgentsHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function listener(h: AgentsHarness, id: string, table: string, agentId: string, name: string) {
  const ref = await h.system.spawn(PresenceListener, { id });
  await ref.ask({ type: 'hold', table, agentId, name });
  return ref;
}

const heard = (ref: ActorRef<PresenceListenerMsg>) => ref.ask<readonly PresenceNews[]>({ type: 'heard' });

it('closes the records of a deregistered agent, tells its locks, tasks and sessions, and lets its id start afresh', async () => {
  const h = await AgentsHarness.open();
  harness = h;
  const { domain, system } = h;
  await h.register('alice');
  const oldToken = await h.register('bob', { role: 'reviewer', capabilities: ['review'] });
  for (const content of ['one', 'two', 'three'])
    await sendMessage(domain, as('alice'), { recipientId: 'bob', content });
  await subscribeSystemEvents(domain, as('bob'), { eventTypes: ['build.failed', '*'] });
  await subscribeSystemEvents(domain, as('bob'), { eventTypes: ['deploy'], role: 'reviewer' });
  accepted(
    await evaluateContribution(domain, as('alice'), {
      contributingAgentId: 'bob',
      contributionRef: 'pr-1',
      scores: { quality: 7 },
    }),
  );
  const lock = await listener(h, lockActorId('src/./a.ts'), 'leases-by-holder', 'bob', 'src/a.ts');
  const task = await listener(h, taskActorId('t-1'), 'tasks-by-assignee', 'bob', 't-1');
  const session = await listener(h, sessionActorId('s-1'), 'sessions-by-participant', 'bob', 's-1');

  expect(await deregisterAgent(domain, as('alice'), { agentId: 'bob' })).toMatchObject({
    ok: false,
    error: { code: 'forbidden' },
  });
  expect(await deregisterAgent(domain, ANONYMOUS, { agentId: 'bob' })).toMatchObject({
    ok: false,
    error: { code: 'unauthorized' },
  });
  expect(accepted(await deregisterAgent(domain, as('bob'), { agentId: 'bob' })).id).toBe('bob');

  expect(await getAgent(domain, 'bob')).toMatchObject({ ok: false, error: { code: 'unknown_agent' } });
  expect(accepted(await findAgents(domain, { capabilities: ['review'] })).items).toEqual([]);
  expect(await sendMessage(domain, as('alice'), { recipientId: 'bob', content: 'late' })).toMatchObject({
    ok: false,
    error: { code: 'unknown_agent', field: 'recipient_id' },
  });
  for (const [ref, type] of [
    [lock, 'holder-gone'],
    [task, 'assignee-gone'],
    [session, 'participant-gone'],
  ] as const) {
    await until(async () => (await heard(ref)).length > 0);
    expect(await heard(ref)).toEqual([{ type, agentId: 'bob', reason: 'deregistered' }]);
  }
  await until(() => system.table('inbox').range({ prefix: ['bob'] }).length === 0);
  await until(() => system.table('evaluations').range({ prefix: ['bob'] }).length === 0);
  expect(system.table('evaluations-by-evaluator').range({ prefix: ['alice'] })).toEqual([]);
  expect(system.table('subscriptions-by-subscriber').range({ prefix: ['agent', 'bob'] })).toEqual([]);
  // A role's subscription is not the agent's: it stays.
  expect(accepted(await listEventSubscriptions(domain, { role: 'reviewer' })).items).toHaveLength(1);

  const newToken = await h.register('bob', { role: 'reviewer' });
  expect(newToken).not.toBe(oldToken);
  expect(await authenticateAgent(domain, { agentId: 'bob', token: oldToken })).toMatchObject({
    ok: false,
    error: { code: 'unauthorized' },
  });
  expect(accepted(await fetchInbox(domain, as('bob'))).items).toEqual([]);
  expect(accepted(await listEvaluations(domain, { contributorId: 'bob' }))).toMatchObject({
    items: [],
    summary: { count: 0, meanScore: null },
  });
  expect(
    accepted(await listEventSubscriptions(domain, { agentId: 'bob' })).items.map((s) => s.subscriber.kind),
  ).toEqual(['role']);
  expect(await deregisterAgent(domain, as('bob'), { agentId: 'ghost' })).toMatchObject({
    ok: false,
    error: { code: 'forbidden' },
  });
  expect(await deregisterAgent(domain, { kind: 'operator' }, { agentId: 'ghost' })).toMatchObject({
    ok: false,
    error: { code: 'unknown_agent' },
  });
});

it('purges a large inbox in batches without touching the next registration', async () => {
  const h = await AgentsHarness.open();
  harness = h;
  const { domain, system } = h;
  await h.register('alice');
  await h.register('bob');
  await bounded(2_500, 64, (n) =>
    sendMessage(domain, as('alice'), { recipientId: 'bob', content: n, ttlS: 3_600 }),
  );
  expect(system.table('inbox').range({ prefix: ['bob'], limit: 10_000 })).toHaveLength(2_500);
  await deregisterAgent(domain, as('bob'), { agentId: 'bob' });
  await h.register('bob');
  const kept = accepted(
    await sendMessage(domain, as('alice'), { recipientId: 'bob', content: 'new', ttlS: 3_600 }),
  );
  await until(() => system.table('inbox').range({ prefix: ['bob'], limit: 10_000 }).length === 1, 10_000);
  await until(
    () => system.table('inbox-expiry').range({ prefix: ['bob'], limit: 10_000 }).length === 1,
    10_000,
  );
  expect(accepted(await fetchInbox(domain, as('bob'))).items.map((m) => m.id)).toEqual([kept.id]);
});

it('pushes the news to every actor named, a batch per turn', async () => {
  const h = await AgentsHarness.open();
  harness = h;
  const told = new Set<string>();
  h.system.subscribe((event) => {
    if (event.type === 'dead-letter' && (event.message as { type?: string }).type === 'assignee-gone')
      told.add(event.to);
  });
  await h.register('bob');
  // One stand-in writes the index entries of 300 tasks, whose actors do not exist: each news is a dead letter.
  const writer = await h.system.spawn(PresenceListener, { id: 'index-writer' });
  for (let i = 0; i < 300; i++)
    await writer.ask({ type: 'hold', table: 'tasks-by-assignee', agentId: 'bob', name: `t-${i}` });
  await updateAgentStatus(h.domain, as('bob'), { agentId: 'bob', status: 'offline' });
  await until(() => told.size === 300, 10_000);
  expect(told.has(taskActorId('t-299'))).toBe(true);
  expect(accepted(await getAgent(h.domain, 'bob')).status).toBe('offline');
});

it('hands a lease granted to an offline or deregistered agent back at once', async () => {
  const h = await AgentsHarness.open();
  harness = h;
  await h.register('bob');
  const lock = await h.system.spawn(PresenceListener, { id: lockActorId('x.ts') });
  await lock.ask({ type: 'grant', agentId: 'bob', path: 'x.ts', threads: 2 });
  await updateAgentStatus(h.domain, as('bob'), { agentId: 'bob', status: 'available' });
  expect(await heard(lock)).toEqual([]);
  await updateAgentStatus(h.domain, as('bob'), { agentId: 'bob', status: 'offline' });
  await lock.ask({ type: 'grant', agentId: 'bob', path: 'x.ts', threads: 2 });
  await until(async () => (await heard(lock)).length === 1);
  expect(await heard(lock)).toEqual([{ type: 'holder-gone', agentId: 'bob', reason: 'offline' }]);
  await deregisterAgent(h.domain, as('bob'), { agentId: 'bob' });
  await lock.ask({ type: 'grant', agentId: 'bob', path: 'x.ts', threads: 2 });
  await until(async () => (await heard(lock)).length === 2);
  expect((await heard(lock))[1]).toEqual({ type: 'holder-gone', agentId: 'bob', reason: 'deregistered' });
});
