/**
 * MCP resources over stdio: the fixed resources and the templates with their instances,
 * reading each one (an unknown id is a resource-not-found error; no token ever shows),
 * `list_changed` after `register_agent`, and inbox subscriptions — every message posted to
 * a subscribed inbox, by a tool or by another actor, is pushed as `resources/updated`, and
 * nothing more after `unsubscribe` — also after a restart of the server. Who may see an
 * inbox or a session: `resource-access.test.ts`.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  McpError,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

const read = async (client: Client, uri: string) => {
  const { contents } = await client.readResource({ uri });
  expect(contents).toHaveLength(1);
  expect(contents[0]).toMatchObject({ uri, mimeType: 'application/json' });
  const text = (contents[0] as { text: string }).text;
  return { text, value: JSON.parse(text) as Record<string, unknown> };
};

const readError = async (client: Client, uri: string) => {
  const error = await client.readResource({ uri }).then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
};

/** Every URI a notification handler was given, and a way to wait for one. */
function recorder() {
  const uris: string[] = [];
  const waiters: { uri: string; resolve: () => void }[] = [];
  return {
    uris,
    add(uri: string) {
      uris.push(uri);
      for (const w of waiters.filter((w) => w.uri === uri)) w.resolve();
    },
    /** Resolves once `uri` has been seen `times` times in all. */
    seen(uri: string, times: number, withinMs = 5_000): Promise<void> {
      const count = () => uris.filter((u) => u === uri).length;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${uri} seen ${count()}/${times} times`)), withinMs);
        const check = () => {
          if (count() < times) return;
          clearTimeout(timer);
          resolve();
        };
        waiters.push({ uri, resolve: check });
        check();
      });
    },
  };
}

it('lists and reads every resource; unknown ids are not found; no token shows', async () => {
  const client = await connect(freshDataDir('resources'));
  const call = caller(client);
  const alice = await registerAgent(client, 'alice');
  const bob = await registerAgent(client, 'bob');
  const { session } = await call('create_collaboration_session', {
    agent_id: 'alice',
    agent_token: alice,
    title: 'refactor',
    description: 'split the shard',
    participant_ids: ['bob'],
  });
  const sessionId = (session as { id: string }).id;
  const { task } = await call('create_task', { agent_id: 'alice', description: 'split the shard' });
  const taskId = (task as { id: string }).id;
  await call('acquire_file_lock', { agent_id: 'bob', agent_token: bob, path: 'src/a.ts' });
  await call('send_message', { sender_id: 'alice', agent_token: alice, recipient_id: 'bob', content: 'hi' });

  const { resources } = await client.listResources();
  expect(resources.map((r) => r.uri).sort()).toEqual(
    [
      'troupe://agents',
      'troupe://agents/alice',
      'troupe://agents/alice/inbox',
      'troupe://agents/bob',
      'troupe://agents/bob/inbox',
      'troupe://health',
      'troupe://locks',
      `troupe://sessions/${sessionId}`,
      'troupe://supervision-tree',
      `troupe://tasks/${taskId}`,
      'troupe://waits',
    ].sort(),
  );
  expect(resources.every((r) => r.mimeType === 'application/json')).toBe(true);
  const { resourceTemplates } = await client.listResourceTemplates();
  expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
    'troupe://agents/{id}',
    'troupe://agents/{id}/inbox',
    'troupe://runs/{id}',
    'troupe://sessions/{id}',
    'troupe://tasks/{id}',
    'troupe://workflows/{id}',
  ]);

  const agents = await read(client, 'troupe://agents');
  expect((agents.value.agents as { id: string }[]).map((a) => a.id).sort()).toEqual(['alice', 'bob']);
  expect(agents.text).not.toContain(alice);
  expect(agents.text).not.toContain(bob);
  expect(agents.text.toLowerCase()).not.toContain('token');
  expect((await read(client, 'troupe://agents/alice')).value.agent).toMatchObject({
    id: 'alice',
    role: 'worker',
  });

  // The inbox view leaves the message unacknowledged: it is still there, and still fetched.
  for (let i = 0; i < 2; i++) {
    const inbox = await read(client, 'troupe://agents/bob/inbox');
    expect(inbox.value).toMatchObject({ agent_id: 'bob', messages: [{ sender_id: 'alice', content: 'hi' }] });
  }
  const fetched = await call('fetch_inbox', { agent_id: 'bob', agent_token: bob });
  expect(fetched.messages).toHaveLength(1);
  expect((await read(client, 'troupe://agents/alice/inbox')).value.messages).toEqual([]);

  expect((await read(client, `troupe://sessions/${sessionId}`)).value.session).toMatchObject({
    id: sessionId,
    participant_ids: ['alice', 'bob'],
  });
  expect((await read(client, `troupe://tasks/${taskId}`)).value.task).toMatchObject({
    id: taskId,
    status: 'pending',
  });
  expect((await read(client, 'troupe://locks')).value.leases).toMatchObject([
    { file_path: 'src/a.ts', holder_id: 'bob' },
  ]);
  const health = (await read(client, 'troupe://health')).value;
  expect(health.status).toBe('healthy');
  expect((health.checks as { name: string }[]).map((c) => c.name)).toEqual([
    'threads',
    'mailboxes',
    'store',
    'suspended',
    'supervisors',
    'incidents',
  ]);
  type Node = { id: string; kind: string; thread: number; status: string; children: Node[] };
  const tree = (await read(client, 'troupe://supervision-tree')).value as { id: string; children: Node[] };
  expect(tree.id).toBe('root');
  // An actor per entity: each agent, the session, the task and the locked path are the root's children.
  const alices = tree.children.find((n) => n.id === 'agent:alice');
  expect(alices).toMatchObject({ kind: expect.stringContaining('AgentActor'), status: expect.any(String) });
  expect(tree.children.map((n) => n.id)).toEqual(
    expect.arrayContaining(['agent:bob', `session:${sessionId}`, `task:${taskId}`, 'change-watch']),
  );
  expect(tree.children.some((n) => n.id.startsWith('lock:'))).toBe(true);

  // An inbox this session does not act for is refused before anything is looked up.
  expect((await readError(client, 'troupe://agents/nobody/inbox')).data).toMatchObject({
    code: 'unauthorized',
  });
  for (const uri of ['troupe://agents/nobody', 'troupe://sessions/nope', 'troupe://tasks/nope']) {
    const error = await readError(client, uri);
    expect(error.code).toBe(-32002);
    expect(error.data).toMatchObject({ uri, code: 'not_found' });
  }
  expect((await readError(client, 'troupe://nothing-here')).code).toBe(-32602);
  await client.close();
});

it('announces list changes and pushes every new message of a subscribed inbox until unsubscribed', async () => {
  const dataDir = freshDataDir('resources');
  const client = await connect(dataDir);
  const call = caller(client);
  const listChanged = recorder();
  const updated = recorder();
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => listChanged.add('list'));
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => updated.add(n.params.uri));

  const alice = await registerAgent(client, 'alice');
  await listChanged.seen('list', 1);
  const bob = await registerAgent(client, 'bob');
  await listChanged.seen('list', 2);

  const bobInbox = 'troupe://agents/bob/inbox';
  const aliceInbox = 'troupe://agents/alice/inbox';
  await client.subscribeResource({ uri: bobInbox });
  await client.subscribeResource({ uri: aliceInbox });
  await client.subscribeResource({ uri: 'troupe://agents/bob' });
  await client.subscribeResource({ uri: 'troupe://locks' });

  await call('send_message', { sender_id: 'alice', agent_token: alice, recipient_id: 'bob', content: 'one' });
  await updated.seen(bobInbox, 1);
  await call('subscribe_system_events', { agent_id: 'bob', agent_token: bob, event_types: ['two'] });
  await call('broadcast_system_event', { sender_id: 'alice', agent_token: alice, event_type: 'two' });
  await updated.seen(bobInbox, 2);
  expect((await read(client, bobInbox)).value.messages).toMatchObject([
    { content: 'one' },
    { content: { event_type: 'two', data: null } },
  ]);

  // Mail from another actor: a forced release puts a notice in the former holder's inbox.
  await call('acquire_file_lock', { agent_id: 'alice', agent_token: alice, path: 'a.ts' });
  await updated.seen('troupe://locks', 1);
  await call('force_release_file_lock', { agent_id: 'bob', agent_token: bob, path: 'a.ts', reason: 'stuck' });
  await updated.seen(aliceInbox, 1);
  await updated.seen('troupe://locks', 2);

  await call('update_agent_status', { agent_id: 'bob', agent_token: bob, status: 'working' });
  await updated.seen('troupe://agents/bob', 1);

  await client.unsubscribeResource({ uri: bobInbox });
  const before = updated.uris.filter((u) => u === bobInbox).length;
  await call('send_message', {
    sender_id: 'alice',
    agent_token: alice,
    recipient_id: 'bob',
    content: 'three',
  });
  await call('send_message', { sender_id: 'bob', agent_token: bob, recipient_id: 'alice', content: 'back' });
  await updated.seen(aliceInbox, 2);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(updated.uris.filter((u) => u === bobInbox)).toHaveLength(before);
  expect(updated.uris).not.toContain('troupe://agents/alice');

  const refused = await client.subscribeResource({ uri: 'troupe://nothing-here' }).then(
    () => null,
    (error: unknown) => error,
  );
  expect(refused).toBeInstanceOf(McpError);
  await client.close();

  // After a restart on the same data directory the durable post office tells the new change watch.
  const restarted = await connect(dataDir);
  const pushed = recorder();
  restarted.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => pushed.add(n.params.uri));
  // A new MCP session: it proves it acts for bob (its token, once) before it may follow bob's inbox.
  await caller(restarted)('heartbeat', { agent_id: 'bob', agent_token: bob });
  await restarted.subscribeResource({ uri: bobInbox });
  await caller(restarted)('send_message', {
    sender_id: 'alice',
    agent_token: alice,
    recipient_id: 'bob',
    content: 'after restart',
  });
  await pushed.seen(bobInbox, 1);
  await restarted.close();
});

it('pushes a subscribed agent’s changes that no tool call made: silence turns it unresponsive, then offline', async () => {
  const client = await connect(freshDataDir('resources-silence'));
  const updated = recorder();
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => updated.add(n.params.uri));
  await client.subscribeResource({ uri: 'troupe://agents/quiet' });
  await registerAgent(client, 'quiet', { heartbeat_interval_s: 0.2 });
  await updated.seen('troupe://agents/quiet', 1); // registered
  // No more calls: the registry's sweep finds it silent, and the push follows.
  await updated.seen('troupe://agents/quiet', 3);
  expect((await read(client, 'troupe://agents/quiet')).value.agent).toMatchObject({ status: 'offline' });
  await client.close();
});

it('pushes the leases when one expires or its holder goes offline, with no tool call', async () => {
  const client = await connect(freshDataDir('resources-leases'));
  const call = caller(client);
  const updated = recorder();
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => updated.add(n.params.uri));
  await client.subscribeResource({ uri: 'troupe://locks' });
  const ada = await registerAgent(client, 'ada');
  await call('acquire_file_lock', { path: 'brief.ts', ttl_s: 0.5, agent_id: 'ada', agent_token: ada });
  await updated.seen('troupe://locks', 1);
  await updated.seen('troupe://locks', 2); // it expired
  expect((await read(client, 'troupe://locks')).value.leases).toEqual([]);

  // 0.5 s intervals: unresponsive after two, it could not take the lease (a loaded machine can take 0.4 s).
  const quiet = await registerAgent(client, 'quiet', { heartbeat_interval_s: 0.5 });
  expect(
    (await call('acquire_file_lock', { path: 'held.ts', agent_id: 'quiet', agent_token: quiet })).error,
  ).toBeUndefined();
  await updated.seen('troupe://locks', 3);
  await updated.seen('troupe://locks', 4, 10_000); // its holder went offline (5 intervals)
  expect((await read(client, 'troupe://locks')).value.leases).toEqual([]);
  // Back from silence, it does not get the lease back: it was freed for good.
  await call('heartbeat', { agent_id: 'quiet', agent_token: quiet });
  expect((await call('check_file_lock', { path: 'held.ts' })).lease).toBeNull();
  await client.close();
});

it('pushes a subscribed task when its silent assignee goes offline and it is re-queued at once', async () => {
  const client = await connect(freshDataDir('resources-tasks'));
  const call = caller(client);
  const updated = recorder();
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => updated.add(n.params.uri));
  await registerAgent(client, 'lead');
  // Silent for 2 intervals it is unresponsive and cannot be delegated to: the interval leaves a
  // loaded machine time to delegate after the heartbeat below (0.2 s once did not, on CI).
  await registerAgent(client, 'quiet', { heartbeat_interval_s: 0.5, capabilities: ['ts'] });
  const task = (
    await call('create_task', {
      agent_id: 'lead',
      description: 'parse',
      required_capabilities: ['ts'],
      priority: 'low',
    })
  ).task as { id: string };
  const uri = `troupe://tasks/${task.id}`;
  await client.subscribeResource({ uri });
  expect((await call('heartbeat', { agent_id: 'quiet' })).error).toBeUndefined();
  const delegated = await call('delegate_subtask', {
    coordinator_agent_id: 'lead',
    assigned_agent_id: 'quiet',
    subtask_id: task.id,
    subtask_description: 'parse',
  });
  expect(delegated.error).toBeUndefined();
  await updated.seen(uri, 1); // assigned
  // Its assignee went silent, then offline (5 intervals): back to pending, with no tool call.
  await updated.seen(uri, 2, 10_000);
  expect((await read(client, uri)).value.task).toMatchObject({ status: 'pending', assigned_agent_id: null });
  await client.close();
});
