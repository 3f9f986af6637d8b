/**
 * Hostile ids on every id field of the agents domain's tools (issue 10 item 2): built-in
 * names (`constructor`, `__proto__`, …), the longest id (128 characters) and an over-long one.
 * Each call is answered or refused naming the field it came in; no actor fails; afterwards
 * the agents and mail set up before are all still there.
 */

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

const HOSTILE = [
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'a'.repeat(128),
  'a'.repeat(129),
];

/** Every id field of every tool of this area, with the other arguments of a call that would otherwise work. */
const CALLS: readonly (readonly [string, string, Record<string, unknown>])[] = [
  [
    'register_agent',
    'id',
    { name: 'n', role: 'worker', model_type: 'llm', model_version: '1', capabilities: [] },
  ],
  ['deregister_agent', 'agent_id', {}],
  ['heartbeat', 'agent_id', {}],
  ['update_agent_status', 'agent_id', { status: 'idle' }],
  ['check_agent_responsiveness', 'agent_id', { threshold_seconds: 5 }],
  ['send_message', 'sender_id', { recipient_id: 'keeper', content: 'x' }],
  ['send_message', 'recipient_id', { sender_id: 'mine', content: 'x' }],
  ['fetch_inbox', 'agent_id', {}],
  ['acknowledge_message', 'agent_id', { message_id: 'msg-1-0000000000' }],
  ['acknowledge_message', 'message_id', { agent_id: 'mine' }],
  ['request_assistance', 'requesting_agent_id', { task_description: 'help' }],
  ['request_assistance', 'target_agent_id', { requesting_agent_id: 'mine', task_description: 'help' }],
  [
    'check_message_recipient_status',
    'sender_id',
    { time_window_seconds: 60, responsiveness_threshold_seconds: 5 },
  ],
  ['check_message_frequency', 'agent_id', { checking_agent_id: 'mine' }],
  ['check_message_frequency', 'checking_agent_id', { agent_id: 'mine' }],
  ['subscribe_system_events', 'agent_id', { event_types: ['x'] }],
  ['unsubscribe_system_events', 'agent_id', { event_types: ['x'] }],
  ['list_event_subscriptions', 'agent_id', {}],
  ['broadcast_system_event', 'sender_id', { event_type: 'x' }],
  [
    'evaluate_contribution',
    'evaluating_agent_id',
    { contributing_agent_id: 'keeper', contribution_ref: 'r' },
  ],
  ['evaluate_contribution', 'contributing_agent_id', { evaluating_agent_id: 'mine', contribution_ref: 'r' }],
  [
    'evaluate_contribution',
    'project_id',
    { evaluating_agent_id: 'mine', contributing_agent_id: 'keeper', contribution_ref: 'r' },
  ],
  ['list_evaluations', 'contributing_agent_id', {}],
  ['list_evaluations', 'evaluating_agent_id', {}],
  ['find_agents', 'agent_id', {}],
];

let client: Client;
const dataDir = freshDataDir('agent-ids');

beforeAll(async () => {
  client = await connect(dataDir);
  await registerAgent(client, 'keeper');
  await registerAgent(client, 'mine');
  await caller(client)('send_message', { sender_id: 'mine', recipient_id: 'keeper', content: 'kept' });
}, 60_000);

afterAll(async () => {
  await client?.close();
  removeDataDirs();
});

it('answers or refuses every hostile id on every id field, naming the field, and loses nothing', async () => {
  const call = caller(client);
  const wrong: string[] = [];
  for (const [tool, field, rest] of CALLS) {
    for (const id of HOSTILE) {
      const answer = await call(tool, { ...rest, [field]: id });
      const label = `${tool}.${field}=${id.slice(0, 20)}(${id.length})`;
      if (answer.error === undefined) continue;
      const { code, field: named } = answer.error;
      // Refused for the id itself (named), or for want of the hostile agent's identity.
      const aboutTheId = named === field;
      const noIdentity = code === 'unauthorized' && named === 'agent_token';
      if (!aboutTheId && !noIdentity) wrong.push(`${label}: ${code} naming ${named}`);
      if (code === 'internal' || code === 'actor_not_found' || code === 'worker_crashed')
        wrong.push(`${label}: ${code}`);
    }
  }
  expect(wrong).toEqual([]);
  // A hostile id that fits is an agent like any other (the over-long one is refused); the
  // session deregistered the ones it registered above.
  for (const id of HOSTILE) {
    const registered = await call('register_agent', { ...CALLS[0]?.[2], id });
    if (id.length > 128)
      expect(registered.error, id).toMatchObject({ code: 'invalid_argument', field: 'id' });
    else expect(registered.error, id).toBeUndefined();
  }
  const found = (await call('find_agents', {})).agents as { id: string }[];
  expect(found.map((a) => a.id).sort()).toEqual([...HOSTILE.slice(0, -1), 'keeper', 'mine'].sort());
  expect(
    ((await call('fetch_inbox', { agent_id: 'keeper' })).messages as { content: unknown }[]).map(
      (m) => m.content,
    ),
  ).toContain('kept');
  expect((await call('health', {})).status).not.toBe('unhealthy');
}, 300_000);
