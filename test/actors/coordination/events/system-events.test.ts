/**
 * System events through the facade: an agent subscribes itself, or a role, to event types
 * (`*`: all), idempotently and within its cap; subscriptions are listed by event type (that
 * type, then `*`), by agent (its own, then its role's) and by role; a broadcast reaches the
 * registered subscribers — directly, through their role, or through `*` — narrowed by the
 * filters, the sender left out, each with `{ event_type, data }`; all kept across a restart.
 */
import { afterEach, expect, it } from 'vitest';
import { ANONYMOUS } from '../../../../actors/coordination/caller.js';
import {
  broadcastSystemEvent,
  listEventSubscriptions,
  subscribeSystemEvents,
  unsubscribeSystemEvents,
} from '../../../../actors/coordination/events/api.js';
import { fetchInbox } from '../../../../actors/coordination/messaging/api.js';
import { AgentsHarness, accepted, as } from '../../../fixtures/coordination/agents-harness.js';

let harness: AgentsHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const recipients = (outcome: Awaited<ReturnType<typeof broadcastSystemEvent>>) =>
  accepted(outcome).messages.map((m) => m.to);

it('subscribes agents and roles, lists them, and broadcasts to the subscribers the filters keep', async () => {
  const h = await AgentsHarness.open({ limits: { subscriptions: 3 } });
  harness = h;
  const { domain } = h;
  await h.register('alice', { role: 'lead' });
  await h.register('bob', { role: 'coder', group: 'core' });
  await h.register('cy', { role: 'reviewer', group: 'core', capabilities: ['review'] });
  await h.register('dan', { role: 'reviewer', group: 'edge' });

  const bob = accepted(
    await subscribeSystemEvents(domain, as('bob'), { eventTypes: ['build.failed', 'build.failed'] }),
  );
  expect(bob).toMatchObject({ subscriber: { kind: 'agent', agentId: 'bob' }, changed: ['build.failed'] });
  expect(
    accepted(await subscribeSystemEvents(domain, as('bob'), { eventTypes: ['build.failed'] })).changed,
  ).toEqual([]);
  const role = accepted(
    await subscribeSystemEvents(domain, as('alice'), { eventTypes: ['*'], role: 'reviewer' }),
  );
  expect(role.subscriptions).toEqual([
    expect.objectContaining({
      eventType: '*',
      subscriber: { kind: 'role', role: 'reviewer' },
      subscribedBy: 'alice',
    }),
  ]);
  expect(await subscribeSystemEvents(domain, as('bob'), { eventTypes: ['a', 'b', 'c'] })).toMatchObject({
    ok: false,
    error: { code: 'limit_exceeded', field: 'event_types' },
  });
  expect(await subscribeSystemEvents(domain, ANONYMOUS, { eventTypes: ['a'] })).toMatchObject({
    ok: false,
    error: { code: 'unauthorized' },
  });
  expect(await subscribeSystemEvents(domain, as('bob'), { eventTypes: [] })).toMatchObject({
    ok: false,
    error: { code: 'invalid_argument', field: 'event_types' },
  });

  const byType = accepted(await listEventSubscriptions(domain, { eventType: 'build.failed' })).items;
  expect(byType.map((s) => [s.eventType, s.subscriber])).toEqual([
    ['build.failed', { kind: 'agent', agentId: 'bob' }],
    ['*', { kind: 'role', role: 'reviewer' }],
  ]);
  expect(
    accepted(await listEventSubscriptions(domain, { agentId: 'cy' })).items.map((s) => s.eventType),
  ).toEqual(['*']);
  expect(accepted(await listEventSubscriptions(domain, { role: 'reviewer' })).items).toHaveLength(1);
  const paged = accepted(await listEventSubscriptions(domain, {}, { limit: 1 }));
  expect(paged.items).toHaveLength(1);
  expect(
    accepted(await listEventSubscriptions(domain, {}, { limit: 1, cursor: paged.next_cursor ?? '' })).items,
  ).toHaveLength(1);

  const sent = await broadcastSystemEvent(domain, as('alice'), {
    eventType: 'build.failed',
    data: { build: 7 },
  });
  expect(recipients(sent)).toEqual(['bob', 'cy', 'dan']);
  expect(accepted(await fetchInbox(domain, as('cy'))).items).toMatchObject([
    { from: 'alice', content: { event_type: 'build.failed', data: { build: 7 } } },
  ]);
  expect(
    recipients(
      await broadcastSystemEvent(domain, as('alice'), {
        eventType: 'build.failed',
        filters: { group: 'core' },
      }),
    ),
  ).toEqual(['bob', 'cy']);
  expect(
    recipients(
      await broadcastSystemEvent(domain, as('alice'), {
        eventType: 'deploy',
        filters: { capabilities: ['review'] },
      }),
    ),
  ).toEqual(['cy']);
  // The sender is left out; a type no one names still reaches the subscribers of `*`.
  expect(recipients(await broadcastSystemEvent(domain, as('dan'), { eventType: 'deploy' }))).toEqual(['cy']);
  expect(recipients(await broadcastSystemEvent(domain, as('alice'), { eventType: 'nothing.here' }))).toEqual(
    expect.arrayContaining(['cy', 'dan']),
  );
  expect(await broadcastSystemEvent(domain, as('alice'), { eventType: '*' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_argument', field: 'event_type' },
  });
  expect(
    recipients(await broadcastSystemEvent(domain, { kind: 'operator' }, { eventType: 'build.failed' })),
  ).toEqual(['bob', 'cy', 'dan']);

  // `*` takes off only the every-type subscription.
  const off = accepted(
    await unsubscribeSystemEvents(domain, as('bob'), { eventTypes: ['*', 'build.failed'] }),
  );
  expect(off).toMatchObject({ changed: ['build.failed'], subscriptions: [] });

  await h.restart();
  expect(accepted(await listEventSubscriptions(h.domain, {})).items.map((s) => s.subscriber)).toEqual([
    { kind: 'role', role: 'reviewer' },
  ]);
  expect(
    recipients(await broadcastSystemEvent(h.domain, as('alice'), { eventType: 'build.failed' })),
  ).toEqual(['cy', 'dan']);
});
