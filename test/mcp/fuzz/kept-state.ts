/**
 * The state the fuzzer must not disturb, set up before it starts by another MCP session on the
 * same runtime (`keeper`, whose token the fuzzing session never sees): a registered agent, a
 * session with a state key, a message waiting in its inbox (from a second agent), a held lock.
 * `expectKept` reads it all back afterwards — the same records, unchanged — and checks that the
 * server is healthy and every domain actor still answers. The lock's path and the session's id
 * are outside the fuzzer's pool, so no call aims at them (the anti-jam override
 * `force_release_file_lock` may rightly free any lock).
 *
 * It owns that state; the properties are the test files'.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { expect } from 'vitest';
import { caller, registerAgent } from '../serve-client.js';

export const KEEPER = 'keeper';
const SENDER = 'keeper-friend';
const KEPT_LOCK = 'kept/only-the-keeper-holds-this.ts';

export interface KeptState {
  readonly sessionId: string;
  readonly messageId: string;
  /** What `expectKept` compares with. */
  readonly before: {
    readonly agent: unknown;
    readonly message: unknown;
    readonly lease: unknown;
    readonly state: unknown;
  };
}

/** Set up the kept state through `keeper` (a session of its own). */
export async function keepState(keeper: Client): Promise<KeptState> {
  const keep = caller(keeper);
  // Agents that promise a heartbeat a week: they stay online (and the keeper's lock held,
  // as locks of an agent gone offline are freed) however long the fuzzer runs.
  const live = { heartbeat_interval_s: 604_800 };
  await registerAgent(keeper, KEEPER, { capabilities: ['review'], ...live });
  await registerAgent(keeper, SENDER, live);
  const opened = await keep('create_collaboration_session', {
    agent_id: KEEPER,
    title: 'kept',
    description: 'state that must survive the fuzzer',
    participant_ids: [SENDER],
  });
  const sessionId = (opened.session as { id: string }).id;
  await keep('set_session_state', { agent_id: KEEPER, session_id: sessionId, key: 'plan', value: { v: 1 } });
  const sent = await keep('send_message', {
    sender_id: SENDER,
    recipient_id: KEEPER,
    content: 'kept message',
  });
  const messageId = (sent.message as { id: string } | undefined)?.id ?? (sent.message_id as string);
  expect(typeof messageId, JSON.stringify(sent)).toBe('string');
  const locked = await keep('acquire_file_lock', { agent_id: KEEPER, file_path: KEPT_LOCK, ttl_s: 86_400 });
  expect(locked.error, JSON.stringify(locked)).toBeUndefined();
  const kept = { sessionId, messageId };
  return { ...kept, before: await readKept(keeper, kept) };
}

async function readKept(keeper: Client, { sessionId, messageId }: { sessionId: string; messageId: string }) {
  const keep = caller(keeper);
  const agents = (await keep('find_agents', { capabilities: ['review'] })).agents as { id: string }[];
  const agent = agents.find((one) => one.id === KEEPER);
  const {
    last_heartbeat: _moves,
    status: _mayChange,
    ...stableAgent
  } = (agent ?? {}) as Record<string, unknown>;
  const inbox = (await keep('fetch_inbox', { agent_id: KEEPER, limit: 500 })).messages as { id: string }[];
  const message = inbox?.find((one) => one.id === messageId);
  const lease = (await keep('check_file_lock', { file_path: KEPT_LOCK })).lease as Record<
    string,
    unknown
  > | null;
  const { expires_at: _renewed, ...stableLease } = lease ?? {};
  const state = (await keep('get_session_state', { agent_id: KEEPER, session_id: sessionId }))
    .state as Record<string, unknown>;
  return { agent: stableAgent, message, lease: stableLease, state: state?.plan };
}

/** The server is healthy, the kept records are as they were, and every domain actor answers. */
export async function expectKept(keeper: Client, kept: KeptState): Promise<void> {
  const keep = caller(keeper);
  const health = await keep('health', {});
  expect(health.status, JSON.stringify(health)).toBe('healthy');
  const now = await readKept(keeper, kept);
  expect(now.agent).toMatchObject({ id: KEEPER });
  expect(now.message).toMatchObject({ id: kept.messageId, content: 'kept message' });
  expect(now.lease).toMatchObject({ holder_id: KEEPER });
  expect(now).toEqual(kept.before);
  for (const tool of [
    'list_tasks',
    'list_routing_rules',
    'list_projects',
    'list_event_subscriptions',
    'list_sessions',
    'list_workflows',
    'list_workflow_runs',
    'list_feature_flags',
    'list_file_locks',
    'list_goals',
    'list_evaluations',
  ]) {
    const answer = await keep(tool, {});
    expect(answer.error, `${tool}: ${JSON.stringify(answer.error)}`).toBeUndefined();
  }
}
