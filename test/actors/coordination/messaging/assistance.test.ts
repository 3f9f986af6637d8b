/**
 * `requestAssistance` (seed 003): to a named agent — refused when it is unknown, offline or
 * lacks the capabilities — or to every other available or idle agent with all the required
 * capabilities (`no_agent` when none); each gets the request, urgent unless the urgency is
 * low or medium.
 */
import { afterEach, expect, it } from 'vitest';
import { updateAgentStatus } from '../../../../actors/coordination/agents/api.js';
import { fetchInbox } from '../../../../actors/coordination/messaging/api.js';
import { requestAssistance } from '../../../../actors/coordination/messaging/assistance.js';
import { AgentsHarness, accepted, as } from '../../../fixtures/coordination/agents-harness.js';

let harness: AgentsHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

it('asks the capable, available agents, or the one named', async () => {
  const h = await AgentsHarness.open();
  harness = h;
  const { domain } = h;
  await h.register('lead', { capabilities: ['plan', 'sql'] });
  await h.register('sql-1', { capabilities: ['sql'] });
  await h.register('sql-2', { capabilities: ['sql', 'ts'] });
  await h.register('ts-1', { capabilities: ['ts'] });
  await updateAgentStatus(domain, as('sql-2'), { agentId: 'sql-2', status: 'working' });

  const help = accepted(
    await requestAssistance(domain, as('lead'), {
      taskDescription: 'slow query',
      requiredCapabilities: ['sql'],
      context: { table: 'orders' },
    }),
  );
  expect(help.messages.map((m) => m.to)).toEqual(['sql-1']);
  expect(accepted(await fetchInbox(domain, as('sql-1'))).items).toMatchObject([
    {
      from: 'lead',
      urgent: true,
      content: {
        type: 'assistance_request',
        requesting_agent_id: 'lead',
        task_description: 'slow query',
        required_capabilities: ['sql'],
        urgency: 'high',
        context: { table: 'orders' },
      },
    },
  ]);
  const everyone = accepted(
    await requestAssistance(domain, as('lead'), { taskDescription: 'anything', urgency: 'low' }),
  );
  expect(everyone.messages.map((m) => [m.to, m.urgent])).toEqual([
    ['sql-1', false],
    ['ts-1', false],
  ]);
  expect(
    await requestAssistance(domain, as('lead'), {
      taskDescription: 'borrowck',
      requiredCapabilities: ['rust'],
    }),
  ).toMatchObject({
    ok: false,
    error: { code: 'no_agent', field: 'required_capabilities' },
  });

  const named = accepted(
    await requestAssistance(domain, as('lead'), { taskDescription: 'types', targetAgentId: 'ts-1' }),
  );
  expect(named.messages.map((m) => m.to)).toEqual(['ts-1']);
  for (const [targetAgentId, code] of [
    ['sql-2', 'agent_offline'],
    ['nobody', 'unknown_agent'],
    ['lead', 'invalid_argument'],
  ] as const) {
    if (targetAgentId === 'sql-2')
      await updateAgentStatus(domain, as('sql-2'), { agentId: 'sql-2', status: 'offline' });
    expect(
      await requestAssistance(domain, as('lead'), { taskDescription: 'x', targetAgentId }),
    ).toMatchObject({
      ok: false,
      error: { code, field: 'target_agent_id' },
    });
  }
  expect(
    await requestAssistance(domain, as('lead'), {
      taskDescription: 'x',
      targetAgentId: 'ts-1',
      requiredCapabilities: ['sql'],
    }),
  ).toMatchObject({ ok: false, error: { code: 'missing_capabilities', field: 'target_agent_id' } });
});
