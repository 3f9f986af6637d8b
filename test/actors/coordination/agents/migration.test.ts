/**
 * Migration of the previous version's agents area, on the store that version wrote
 * (`test/fixtures/stores/old-v1`, copied): the converter turns the old registry, post office,
 * inboxes, event subscriptions and project board's evaluations into one seed per agent; the
 * apply step restores them into `agent:<id>` actors and removes the old states — old tokens
 * still authenticate, old messages are fetched and acknowledged by their old ids, the old
 * subscription still hears its broadcasts, the evaluation is listed — and running it again
 * changes nothing.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { authenticateAgent, findAgents } from '../../../../actors/coordination/agents/api.js';
import { migrateOldAgents } from '../../../../actors/coordination/agents/apply-migration.js';
import { startAgents } from '../../../../actors/coordination/agents/domain.js';
import { convertOldAgents } from '../../../../actors/coordination/agents/migrate-agents.js';
import { agentCaller } from '../../../../actors/coordination/caller.js';
import { listEvaluations } from '../../../../actors/coordination/evaluations/api.js';
import { broadcastSystemEvent } from '../../../../actors/coordination/events/api.js';
import { acknowledgeMessage, fetchInbox } from '../../../../actors/coordination/messaging/api.js';
import type { StoredStates } from '../../../../actors/coordination/stored-states.js';
import { type ActorSystem, createActorSystem } from '../../../../src/kernel/index.js';
import { openStore } from '../../../../src/kernel/persistence/store.js';
import { accepted } from '../../../fixtures/coordination/agents-harness.js';

const FIXTURE = new URL('../../../../../test/fixtures/stores/old-v1/', import.meta.url);
const OLD_IDS = [
  'agent-registry',
  'post-office',
  'inbox:ada',
  'inbox:bob',
  'event-subscriptions',
  'project-board',
];

let dataDir: string | undefined;
let system: ActorSystem | undefined;
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The old states of a copy of the fixture store, read raw (what `system.readStored` will give). */
async function oldStates(dir: string) {
  copyFileSync(new URL('data.mdb', FIXTURE), join(dir, 'data.mdb'));
  const store = openStore({ path: dir, durability: 'commit' });
  const states = new Map<
    string,
    { kind: { module: string; name: string }; state: unknown; version: number }
  >();
  for (const id of OLD_IDS) {
    const record = store.getActor(id);
    if (record) states.set(id, { kind: record.spec.kind, state: record.state, version: record.version });
  }
  await store.close();
  return states;
}

/** `readStored` / `removeStored` over the states read before the system started. */
function storedOf(
  states: Map<string, { kind: { module: string; name: string }; state: unknown; version: number }>,
) {
  const removed: string[] = [];
  const stored: StoredStates = {
    readStored: (id) => states.get(id),
    removeStored: (id) => {
      removed.push(id);
      return states.delete(id);
    },
  };
  return { stored, removed };
}

it('converts the old registry, inboxes, subscriptions and evaluations into one seed per agent', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-migrate-'));
  const states = await oldStates(dataDir);
  const registry = states.get('agent-registry');
  const inboxes = new Map([
    ['ada', states.get('inbox:ada')?.state],
    ['bob', states.get('inbox:bob')?.state],
  ]);
  const migration = convertOldAgents(
    {
      registry: registry && { state: registry.state, version: registry.version },
      inboxes,
      subscriptions: states.get('event-subscriptions')?.state,
      projectBoard: states.get('project-board')?.state,
    },
    Date.now(),
  );
  expect(migration.seeds.map((s) => s.agent.id)).toEqual(['ada', 'bob', 'cy']);
  const [ada, bob] = migration.seeds;
  expect(ada?.agent).toMatchObject({
    role: 'coder',
    capabilities: ['ts', 'review'],
    group: 'core',
    heartbeatIntervalS: 3600,
  });
  expect(ada?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  expect(ada?.messages.map((m) => m.content)).toEqual(['second', { text: 'third' }]);
  expect(bob?.messages.map((m) => m.content)).toEqual(['hello bob']);
  expect(bob?.subscriptions.map((s) => s.eventType)).toEqual(['build.failed']);
  expect(ada?.evaluations).toMatchObject([
    {
      evaluatorId: 'bob',
      contributionRef: 'commit-1',
      scores: [{ criterion: 'quality', score: 8 }],
      meanScore: 8,
    },
  ]);
  expect(migration.dropped).toEqual({
    agents: [],
    messagesWithoutAgent: 0,
    expiredMessages: 0,
    unreadable: 0,
    lapsedSubscriptions: 0,
    evaluationsWithoutAgent: 0,
  });
  // Without a registry nothing has an owner: mail and evaluations are counted as dropped, not lost silently.
  const orphaned = convertOldAgents(
    { inboxes, projectBoard: states.get('project-board')?.state },
    Date.now(),
  );
  expect(orphaned.dropped).toMatchObject({ messagesWithoutAgent: 3, evaluationsWithoutAgent: 1 });
});

it('restores the agents into their actors, keeps the old tokens and ids working, and is idempotent', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-migrate-'));
  const dir = dataDir;
  const states = await oldStates(dir);
  const { stored, removed } = storedOf(states);
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', FIXTURE), 'utf8')) as {
    tokens: Record<string, string>;
  };
  system = createActorSystem({ threads: 2, dataDir: dir });
  const domain = await startAgents(system);

  const report = await migrateOldAgents(domain, stored);
  expect(report?.restored).toEqual(['ada', 'bob', 'cy']);
  expect(removed).toEqual(['inbox:ada', 'inbox:bob', 'post-office', 'agent-registry', 'event-subscriptions']);
  expect(await migrateOldAgents(domain, stored)).toBeNull();

  expect(accepted(await findAgents(domain, { capabilities: ['review'] })).items.map((a) => a.id)).toEqual([
    'ada',
    'bob',
  ]);
  for (const [agentId, token] of Object.entries(manifest.tokens))
    expect(accepted(await authenticateAgent(domain, { agentId, token })).id).toBe(agentId);

  const inbox = accepted(await fetchInbox(domain, agentCaller('ada'))).items;
  expect(inbox.map((m) => [m.from, m.content, m.urgent])).toEqual([
    ['cy', 'second', true],
    ['bob', { text: 'third' }, false],
  ]);
  expect(inbox[0]?.id).toMatch(/^msg-[0-9a-f-]{36}$/);
  const acked = await acknowledgeMessage(domain, agentCaller('ada'), { messageId: inbox[0]?.id ?? '' });
  expect(acked).toEqual({ ok: true, value: { messageId: inbox[0]?.id } });
  expect(accepted(await fetchInbox(domain, agentCaller('ada'))).items.map((m) => m.content)).toEqual([
    { text: 'third' },
  ]);

  const sent = accepted(
    await broadcastSystemEvent(domain, agentCaller('cy'), { eventType: 'build.failed', data: 1 }),
  );
  expect(sent.messages.map((m) => m.to)).toEqual(['bob']);
  expect(accepted(await listEvaluations(domain, { contributorId: 'ada' }))).toMatchObject({
    items: [{ evaluatorId: 'bob', contributionRef: 'commit-1' }],
    summary: { count: 1, meanScore: 8 },
  });

  // A second start on the same store with the old states still there (a crash before removal): no duplicates.
  const again = await migrateOldAgents(domain, storedOf(new Map(await oldStatesAgain(dir))).stored);
  expect(again?.restored).toEqual(['ada', 'bob', 'cy']);
  expect(accepted(await fetchInbox(domain, agentCaller('ada'))).items).toHaveLength(1);
  expect(accepted(await listEvaluations(domain, { contributorId: 'ada' })).items).toHaveLength(1);
});

/** The old states read from the fixture again (a fresh copy elsewhere: this store is open). */
async function oldStatesAgain(_dir: string) {
  const other = mkdtempSync(join(tmpdir(), 'troupe-migrate-again-'));
  try {
    return await oldStates(other);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
}
