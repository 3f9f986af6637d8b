/**
 * Who may see an inbox or a session resource, on real `troupe serve` processes sharing one
 * data directory: only a session acting for the inbox's agent reads it, subscribes to it or
 * sees it listed; only a session acting for a session's coordinator or a participant reads
 * it or sees it listed; anyone else is refused — `unauthorized` when it acts for nobody (or
 * not for that agent), `forbidden` when the agents it acts for are not members — until it
 * presents a member's token once. A deregistered agent's inbox is no longer shown.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

let owner: Client;
let stranger: Client;
let anonymous: Client;
let bobToken: string;
let sessionUri: string;

beforeAll(async () => {
  const dataDir = freshDataDir('resource-access');
  owner = await connect(dataDir);
  stranger = await connect(dataDir);
  anonymous = await connect(dataDir);
  await registerAgent(owner, 'alice');
  bobToken = await registerAgent(owner, 'bob');
  await registerAgent(stranger, 'carol');
  const call = caller(owner);
  const { session } = await call('create_collaboration_session', {
    agent_id: 'alice',
    title: 'refactor',
    description: 'split the shard',
    participant_ids: ['bob'],
  });
  sessionUri = `troupe://sessions/${(session as { id: string }).id}`;
  await call('send_message', { sender_id: 'alice', recipient_id: 'bob', content: 'the secret plan' });
});

afterAll(async () => {
  for (const client of [owner, stranger, anonymous]) await client?.close();
  removeDataDirs();
});

const listed = async (client: Client) => (await client.listResources()).resources.map((r) => r.uri);

async function refusal(attempt: Promise<unknown>): Promise<{ code: string; text: string }> {
  const error = await attempt.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(McpError);
  const { data, message } = error as McpError;
  return { code: (data as { code: string }).code, text: message };
}

it('shows an inbox only to a session acting for its agent', async () => {
  const read = await owner.readResource({ uri: 'troupe://agents/bob/inbox' });
  expect((read.contents[0] as { text: string }).text).toContain('the secret plan');
  expect(await listed(owner)).toEqual(
    expect.arrayContaining(['troupe://agents/alice/inbox', 'troupe://agents/bob/inbox']),
  );

  for (const client of [stranger, anonymous]) {
    const refused = await refusal(client.readResource({ uri: 'troupe://agents/bob/inbox' }));
    expect(refused.code).toBe('unauthorized');
    expect(refused.text).not.toContain('the secret plan');
    expect((await refusal(client.subscribeResource({ uri: 'troupe://agents/bob/inbox' }))).code).toBe(
      'unauthorized',
    );
  }
  const strangers = await listed(stranger);
  expect(strangers.filter((uri) => uri.endsWith('/inbox'))).toEqual(['troupe://agents/carol/inbox']);
  expect((await listed(anonymous)).filter((uri) => uri.endsWith('/inbox'))).toEqual([]);
  // Public records stay public.
  expect(strangers).toEqual(expect.arrayContaining(['troupe://agents', 'troupe://agents/bob']));
});

it('shows a session only to its members, and to a session that proved a member once', async () => {
  const read = await owner.readResource({ uri: sessionUri });
  expect((read.contents[0] as { text: string }).text).toContain('"participant_ids"');
  expect(await listed(owner)).toContain(sessionUri);

  expect((await refusal(stranger.readResource({ uri: sessionUri }))).code).toBe('forbidden');
  expect((await refusal(anonymous.readResource({ uri: sessionUri }))).code).toBe('unauthorized');
  expect((await refusal(stranger.subscribeResource({ uri: sessionUri }))).code).toBe('forbidden');
  expect(await listed(stranger)).not.toContain(sessionUri);

  // The stranger presents bob's token once: it acts for bob from then on.
  await caller(stranger)('heartbeat', { agent_id: 'bob', agent_token: bobToken });
  await stranger.readResource({ uri: sessionUri });
  await stranger.subscribeResource({ uri: 'troupe://agents/bob/inbox' });
  expect(await listed(stranger)).toEqual(expect.arrayContaining([sessionUri, 'troupe://agents/bob/inbox']));
});

it('no longer shows a deregistered agent’s inbox', async () => {
  const gone = await caller(owner)('deregister_agent', { agent_id: 'alice' });
  expect(gone.error).toBeUndefined();
  expect((await refusal(owner.readResource({ uri: 'troupe://agents/alice/inbox' }))).code).toBe(
    'unauthorized',
  );
  expect(await listed(owner)).not.toContain('troupe://agents/alice/inbox');
});
