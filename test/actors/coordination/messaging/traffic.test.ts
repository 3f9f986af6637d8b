/**
 * The traffic log behind the anti-jam reads (seed 003): `checkMessageFrequency` counts an
 * agent's sends in a window against its threshold (who it writes to is shown to itself and
 * the operator only); `checkMessageRecipientStatus` lists every recipient a sender wrote to
 * in a window with its status, responsiveness and the messages still waiting for it; the
 * sweep actor prunes the log past its retention.
 */
import { afterEach, expect, it } from 'vitest';
import { deregisterAgent, updateAgentStatus } from '../../../../actors/coordination/agents/api.js';
import { ANONYMOUS } from '../../../../actors/coordination/caller.js';
import { acknowledgeMessage, sendMessage } from '../../../../actors/coordination/messaging/api.js';
import {
  checkMessageFrequency,
  checkMessageRecipientStatus,
} from '../../../../actors/coordination/messaging/traffic-reads.js';
import { createManualClock } from '../../../../src/kernel/index.js';
import { AgentsHarness, accepted, as } from '../../../fixtures/coordination/agents-harness.js';
import { until } from '../../../helpers/until.js';

let harness: AgentsHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

it('counts sends in a window, reports each recipient, and forgets sends past the retention', async () => {
  // A manual clock: the windows do not depend on how fast this machine runs the test.
  const clock = createManualClock();
  const h = await AgentsHarness.open({ limits: { trafficRetentionMs: 1_500 }, system: { clock } });
  harness = h;
  const { domain, system } = h;
  for (const id of ['alice', 'bob', 'cy', 'dan']) await h.register(id);
  const send = (recipientId: string, urgent = false) =>
    sendMessage(domain, as('alice'), { recipientId, content: 'x', urgent }).then(accepted);
  await send('bob');
  await send('bob', true);
  await send('bob');
  const toCy = await send('cy');
  await send('dan');
  await acknowledgeMessage(domain, as('cy'), { messageId: toCy.id });
  await deregisterAgent(domain, as('dan'), { agentId: 'dan' });
  await updateAgentStatus(domain, as('bob'), { agentId: 'bob', status: 'error' });

  const own = accepted(
    await checkMessageFrequency(domain, as('alice'), {
      agentId: 'alice',
      timeWindowSeconds: 1,
      frequencyThreshold: 4,
    }),
  );
  expect(own).toMatchObject({
    agentId: 'alice',
    count: 5,
    flooding: true,
    frequencyThreshold: 4,
    countCapped: false,
  });
  expect(own.topRecipients).toEqual([
    { recipientId: 'bob', count: 3 },
    { recipientId: 'cy', count: 1 },
    { recipientId: 'dan', count: 1 },
  ]);
  expect(own.recent?.[0]?.recipientId).toBe('dan');
  const other = accepted(
    await checkMessageFrequency(domain, as('bob'), {
      agentId: 'alice',
      timeWindowSeconds: 1,
      frequencyThreshold: 5,
    }),
  );
  expect(other).toMatchObject({ count: 5, flooding: false, topRecipients: null, recent: null });
  expect(
    await checkMessageFrequency(domain, ANONYMOUS, {
      agentId: 'alice',
      timeWindowSeconds: 1,
      frequencyThreshold: 5,
    }),
  ).toMatchObject({
    ok: false,
    error: { code: 'unauthorized' },
  });
  expect(
    await checkMessageFrequency(domain, as('alice'), {
      agentId: 'alice',
      timeWindowSeconds: 2,
      frequencyThreshold: 5,
    }),
  ).toMatchObject({
    ok: false,
    error: { code: 'out_of_range', field: 'time_window_seconds' },
  });

  const status = accepted(
    await checkMessageRecipientStatus(domain, as('alice'), {
      senderId: 'alice',
      timeWindowSeconds: 1,
      responsivenessThresholdSeconds: 60,
    }),
  );
  expect(status.recipients).toMatchObject([
    {
      recipientId: 'bob',
      registered: true,
      status: 'error',
      responsive: false,
      sent: 3,
      waiting: 3,
      urgentWaiting: 1,
    },
    {
      recipientId: 'cy',
      registered: true,
      status: 'available',
      responsive: true,
      sent: 1,
      waiting: 0,
      oldestWaitingSentAt: null,
    },
    { recipientId: 'dan', registered: false, status: null, responsive: false, sent: 1, waiting: 0 },
  ]);
  expect(
    await checkMessageRecipientStatus(domain, as('bob'), {
      senderId: 'alice',
      timeWindowSeconds: 1,
      responsivenessThresholdSeconds: 60,
    }),
  ).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'sender_id' } });

  // Past the window nothing counts; past the retention the sweep has removed the log.
  clock.advance(1_100);
  expect(
    accepted(
      await checkMessageFrequency(domain, as('alice'), {
        agentId: 'alice',
        timeWindowSeconds: 1,
        frequencyThreshold: 4,
      }),
    ).count,
  ).toBe(0);
  expect(system.table('traffic').range()).toHaveLength(5);
  clock.advance(500);
  await until(() => system.table('traffic').range().length === 0, 10_000);
});
