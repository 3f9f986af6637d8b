/**
 * Hostile ids: `constructor`, `__proto__`, `prototype`, `toString`, `valueOf`,
 * `hasOwnProperty`, a 128-character id and a 129-character one, in every id field of every
 * facade of the agents, messaging, events and evaluations areas (and as the caller, and as
 * roles, capabilities and event types). Each call is answered — a value or a refusal (the
 * 129-character id: `invalid_argument`) — no actor fails or stops, and after a restart
 * every agent and message is still there.
 */
import { afterEach, expect, it } from 'vitest';
import {
  authenticateAgent,
  checkResponsiveness,
  deregisterAgent,
  findAgents,
  getAgent,
  heartbeat,
  updateAgentStatus,
} from '../../../../actors/coordination/agents/api.js';
import { evaluateContribution, listEvaluations } from '../../../../actors/coordination/evaluations/api.js';
import {
  broadcastSystemEvent,
  listEventSubscriptions,
  subscribeSystemEvents,
  unsubscribeSystemEvents,
} from '../../../../actors/coordination/events/api.js';
import {
  acknowledgeMessage,
  fetchInbox,
  peekInbox,
  sendMessage,
} from '../../../../actors/coordination/messaging/api.js';
import { requestAssistance } from '../../../../actors/coordination/messaging/assistance.js';
import {
  checkMessageFrequency,
  checkMessageRecipientStatus,
} from '../../../../actors/coordination/messaging/traffic-reads.js';
import type { SystemEvent } from '../../../../src/kernel/index.js';
import { AgentsHarness, accepted, as } from '../../../fixtures/coordination/agents-harness.js';

const NAMES = [
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'a'.repeat(128),
];
const TOO_LONG = 'b'.repeat(129);

let harness: AgentsHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

it('answers every call naming a hostile id, stops no actor, and keeps everything across a restart', async () => {
  const h = await AgentsHarness.open();
  harness = h;
  const failures: SystemEvent[] = [];
  h.system.subscribe((event) => {
    if (
      ['actor-failed', 'actor-stopped', 'reached-max-restart-intensity', 'actor-quarantined'].includes(
        event.type,
      )
    )
      failures.push(event);
  });
  const { domain } = h;
  await h.register('plain');
  for (const name of NAMES) await h.register(name, { role: name, capabilities: [name], group: name });
  expect(await h.register(TOO_LONG).catch((error: Error) => error.message)).toMatch(/^invalid_argument/);

  const answers: unknown[] = [];
  const record = async (call: unknown) => answers.push(await call);
  for (const id of [...NAMES, TOO_LONG, 'nobody']) {
    const caller = as(id);
    await record(sendMessage(domain, as('plain'), { recipientId: id, content: { [id]: id } }));
    await record(sendMessage(domain, caller, { recipientId: 'plain', content: id }));
    await record(fetchInbox(domain, caller, { agentId: id }));
    await record(peekInbox(domain, { kind: 'operator' }, { agentId: id }));
    await record(acknowledgeMessage(domain, caller, { messageId: id, agentId: id }));
    await record(acknowledgeMessage(domain, as('plain'), { messageId: id }));
    await record(heartbeat(domain, caller, { agentId: id, currentTask: id }));
    await record(updateAgentStatus(domain, caller, { agentId: id, status: 'working' }));
    await record(authenticateAgent(domain, { agentId: id, token: id }));
    await record(getAgent(domain, id));
    await record(checkResponsiveness(domain, id, 10));
    await record(findAgents(domain, { role: id, capabilities: [id], group: id, modelType: id }));
    await record(requestAssistance(domain, caller, { taskDescription: id, targetAgentId: 'plain' }));
    await record(
      requestAssistance(domain, as('plain'), {
        taskDescription: id,
        targetAgentId: id,
        requiredCapabilities: [id],
      }),
    );
    await record(
      checkMessageFrequency(domain, caller, { agentId: id, timeWindowSeconds: 60, frequencyThreshold: 1 }),
    );
    await record(
      checkMessageRecipientStatus(domain, caller, {
        senderId: id,
        timeWindowSeconds: 60,
        responsivenessThresholdSeconds: 1,
      }),
    );
    await record(subscribeSystemEvents(domain, caller, { eventTypes: [id], role: id }));
    await record(subscribeSystemEvents(domain, caller, { eventTypes: [id] }));
    await record(listEventSubscriptions(domain, { eventType: id, agentId: id, role: id }));
    await record(
      broadcastSystemEvent(domain, as('plain'), {
        eventType: id,
        data: id,
        filters: { role: id, group: id },
      }),
    );
    await record(
      evaluateContribution(domain, as('plain'), {
        contributingAgentId: id,
        contributionRef: id,
        projectId: id,
      }),
    );
    await record(
      evaluateContribution(domain, caller, {
        contributingAgentId: 'plain',
        contributionRef: id,
        scores: { [id]: 1 },
      }),
    );
    await record(listEvaluations(domain, { contributorId: id, evaluatorId: id, projectId: id }));
    await record(unsubscribeSystemEvents(domain, caller, { eventTypes: [id] }));
  }
  for (const answer of answers) expect(answer).toEqual(expect.objectContaining({ ok: expect.any(Boolean) }));
  const refusedLong = answers.filter(
    (a) => (a as { ok: boolean; error?: { message: string } }).error?.message.includes('128') === true,
  );
  expect(refusedLong.length).toBeGreaterThan(10);
  expect(failures).toEqual([]);

  const inboxes = new Map<string, number>();
  for (const name of NAMES) inboxes.set(name, accepted(await fetchInbox(domain, as(name))).items.length);
  expect([...inboxes.values()].every((n) => n >= 1)).toBe(true);

  await h.restart();
  for (const name of NAMES) {
    expect(accepted(await getAgent(h.domain, name))).toMatchObject({
      id: name,
      role: name,
      capabilities: [name],
    });
    expect(accepted(await fetchInbox(h.domain, as(name))).items).toHaveLength(inboxes.get(name) ?? -1);
  }
  expect(accepted(await findAgents(h.domain, {})).items).toHaveLength(NAMES.length + 1);
  for (const name of NAMES) accepted(await deregisterAgent(h.domain, as(name), { agentId: name }));
  expect(accepted(await findAgents(h.domain, {})).items.map((a) => a.id)).toEqual(['plain']);
  expect(failures).toEqual([]);
});
