/**
 * Agents through the facade on a real system: register (a token, given once; a generated id
 * when none is named), `already_exists`, authenticate (the token, and only it), heartbeats and
 * status updates by the agent itself only, `findAgents` by every criterion with pages, and
 * everything still there — tokens working — after a restart on the same data directory.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  authenticateAgent,
  findAgents,
  getAgent,
  heartbeat,
  registerAgent,
  updateAgentStatus,
} from '../../../../actors/coordination/agents/api.js';
import { ANONYMOUS } from '../../../../actors/coordination/caller.js';
import { AgentsHarness, accepted, as } from '../../../fixtures/coordination/agents-harness.js';

let harness: AgentsHarness;
beforeEach(async () => {
  harness = await AgentsHarness.open();
});
afterEach(() => harness.close());

const ids = (outcome: { ok: boolean; value?: { items: readonly { id: string }[] } }) =>
  accepted(outcome as never as { ok: true; value: { items: { id: string }[] } }).items.map((a) => a.id);

it('registers with a token given once, refuses a second registration, and authenticates only that token', async () => {
  const { domain } = harness;
  const registered = accepted(
    await registerAgent(domain, ANONYMOUS, {
      id: 'ada',
      name: 'Ada',
      role: 'coder',
      modelType: 'claude',
      modelVersion: '4',
      capabilities: ['ts', 'review', 'ts'],
      group: 'core',
    }),
  );
  expect(registered.token).toMatch(/^[\w-]{32}$/);
  expect(registered.agent).toMatchObject({
    id: 'ada',
    role: 'coder',
    capabilities: ['ts', 'review'],
    group: 'core',
    status: 'available',
    currentTask: null,
    heartbeatIntervalS: 30,
  });
  expect(registered.agent.lastHeartbeat).toBe(registered.agent.registeredAt);
  expect(JSON.stringify(accepted(await getAgent(domain, 'ada')))).not.toContain(registered.token);

  const again = await registerAgent(domain, ANONYMOUS, {
    id: 'ada',
    name: 'x',
    role: 'x',
    modelType: 'x',
    modelVersion: 'x',
    capabilities: [],
  });
  expect(again).toMatchObject({ ok: false, error: { code: 'already_exists', field: 'id' } });

  expect(accepted(await authenticateAgent(domain, { agentId: 'ada', token: registered.token })).id).toBe(
    'ada',
  );
  expect(await authenticateAgent(domain, { agentId: 'ada', token: 'guess' })).toMatchObject({
    ok: false,
    error: { code: 'unauthorized', field: 'agent_token' },
  });
  expect(await authenticateAgent(domain, { agentId: 'nobody', token: 'guess' })).toMatchObject({
    ok: false,
    error: { code: 'unknown_agent' },
  });

  const generated = accepted(
    await registerAgent(domain, ANONYMOUS, {
      name: 'n',
      role: 'r',
      modelType: 'm',
      modelVersion: 'v',
      capabilities: [],
    }),
  );
  expect(generated.agent.id).toMatch(/^agent-[0-9a-f-]{36}$/);
});

it('lets only the agent itself (or the operator) beat and set its status', async () => {
  const { domain } = harness;
  await harness.register('ada');
  await harness.register('bob');
  const beat = accepted(
    await heartbeat(domain, as('ada'), { agentId: 'ada', status: 'working', currentTask: 'T-1' }),
  );
  expect(beat).toMatchObject({ status: 'working', currentTask: 'T-1' });
  expect(await heartbeat(domain, as('bob'), { agentId: 'ada' })).toMatchObject({
    ok: false,
    error: { code: 'forbidden' },
  });
  expect(await heartbeat(domain, ANONYMOUS, { agentId: 'ada' })).toMatchObject({
    ok: false,
    error: { code: 'unauthorized' },
  });
  expect(
    await updateAgentStatus(domain, { kind: 'operator' }, { agentId: 'ada', status: 'idle' }),
  ).toMatchObject({
    ok: true,
    value: { status: 'idle', currentTask: 'T-1' },
  });
  expect(await heartbeat(domain, as('ada'), { agentId: 'ada', currentTask: null })).toMatchObject({
    ok: true,
    value: { status: 'idle', currentTask: null },
  });
  // Only silence makes an agent unresponsive; a status that does not exist is refused naming it.
  for (const status of ['unresponsive', 'asleep'])
    expect(
      await updateAgentStatus(domain, as('ada'), { agentId: 'ada', status: status as 'idle' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'status' },
    });
  expect(await heartbeat(domain, as('ghost'), { agentId: 'ghost' })).toMatchObject({
    ok: false,
    error: { code: 'unknown_agent', field: 'agent_id' },
  });
  expect(
    await updateAgentStatus(domain, as('ada'), { agentId: 'ada', status: 'idle', extra: 1 } as never),
  ).toMatchObject({ ok: false, error: { code: 'unknown_argument', field: 'extra' } });
});

it('finds agents by every criterion, in pages, and keeps them and their tokens across a restart', async () => {
  const { domain } = harness;
  const tokens = new Map<string, string>();
  tokens.set(
    'ada',
    await harness.register('ada', { role: 'coder', capabilities: ['ts', 'review'], group: 'core' }),
  );
  tokens.set(
    'bob',
    await harness.register('bob', { role: 'reviewer', capabilities: ['review'], modelType: 'gpt' }),
  );
  tokens.set('cy', await harness.register('cy', { role: 'coder', capabilities: ['ts'], group: 'edge' }));
  await updateAgentStatus(domain, as('cy'), { agentId: 'cy', status: 'working' });

  expect(ids(await findAgents(domain, {}))).toEqual(['ada', 'bob', 'cy']);
  expect(ids(await findAgents(domain, { capabilities: ['review'] }))).toEqual(['ada', 'bob']);
  expect(ids(await findAgents(domain, { capabilities: ['ts', 'review'] }))).toEqual(['ada']);
  expect(ids(await findAgents(domain, { role: 'coder' }))).toEqual(['ada', 'cy']);
  expect(ids(await findAgents(domain, { role: 'coder', statuses: ['working'] }))).toEqual(['cy']);
  expect(ids(await findAgents(domain, { modelType: 'gpt' }))).toEqual(['bob']);
  expect(ids(await findAgents(domain, { group: 'core' }))).toEqual(['ada']);
  expect(ids(await findAgents(domain, { activeWithinSeconds: 60 }))).toEqual(['ada', 'bob', 'cy']);
  expect(await findAgents(domain, { statuses: ['sleeping' as 'idle'] })).toMatchObject({
    ok: false,
    error: { field: 'statuses.0' },
  });

  const first = accepted(await findAgents(domain, {}, { limit: 2 }));
  expect(first.items.map((a) => a.id)).toEqual(['ada', 'bob']);
  expect(first.next_cursor).not.toBeNull();
  const second = accepted(await findAgents(domain, {}, { limit: 2, cursor: first.next_cursor ?? '' }));
  expect(second).toMatchObject({ items: [{ id: 'cy' }], next_cursor: null });
  expect(await findAgents(domain, {}, { limit: 501 })).toMatchObject({
    ok: false,
    error: { code: 'out_of_range', field: 'limit' },
  });
  expect(await findAgents(domain, {}, { cursor: 'not-a-cursor' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_argument', field: 'cursor' },
  });

  await harness.restart();
  expect(ids(await findAgents(harness.domain, { statuses: ['working'] }))).toEqual(['cy']);
  for (const [agentId, token] of tokens)
    expect(accepted(await authenticateAgent(harness.domain, { agentId, token })).id).toBe(agentId);
  expect(accepted(await heartbeat(harness.domain, as('bob'), { agentId: 'bob' })).status).toBe('available');
});
