/**
 * Agent actors stored in state version 1 (`test/fixtures/stores/agent-state-v1`, copied): the
 * record copied into the state, the token hash in hex, the environment in the spawn arguments.
 * Read by this version they answer the same — records, tokens, inbox, a deregistered agent
 * still gone — and a turn stores them in the current shape: the record only in its `agents`
 * entry, the hash as 32 bytes (a turn that leaves the state as it was stores nothing, and the
 * state is upgraded again when next read).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  authenticateAgent,
  getAgent,
  heartbeat,
  registerAgent,
} from '../../../../actors/coordination/agents/api.js';
import { type AgentsDomain, startAgents } from '../../../../actors/coordination/agents/domain.js';
import { ANONYMOUS, agentCaller } from '../../../../actors/coordination/caller.js';
import { ChangeWatch } from '../../../../actors/coordination/change-watch.js';
import { fetchInbox } from '../../../../actors/coordination/messaging/api.js';
import { type ActorSystem, createActorSystem } from '../../../../src/kernel/index.js';
import { openStore } from '../../../../src/kernel/persistence/store.js';

const FIXTURE = new URL('../../../../../test/fixtures/stores/agent-state-v1/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', FIXTURE), 'utf8')) as {
  tokens: Record<'ada' | 'bob' | 'cy', string>;
  records: Record<'ada' | 'cy', Record<string, unknown>>;
};

let dataDir: string;
let system: ActorSystem | undefined;
let domain: AgentsDomain;

async function start(): Promise<void> {
  system = createActorSystem({ threads: 2, dataDir });
  const watch = await system.spawn(ChangeWatch, { id: 'change-watch' });
  domain = await startAgents(system, { watch });
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-agent-v1-'));
  copyFileSync(new URL('data.mdb', FIXTURE), join(dataDir, 'data.mdb'));
  await start();
});

afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

async function storedState(id: string): Promise<{ version: number; state: Record<string, unknown> }> {
  await system?.shutdown();
  system = undefined;
  const store = openStore({ path: dataDir, durability: 'commit' });
  try {
    const record = store.getActor(id);
    return { version: record?.version ?? 0, state: record?.state as Record<string, unknown> };
  } finally {
    await store.close();
  }
}

/**
 * The fixture's heartbeats are as old as the fixture: once their liveness timers are due, an
 * agent read now may have turned `unresponsive` or `offline`. Everything else answers as stored.
 */
const LIVENESS_STATUSES = ['unresponsive', 'offline'];
function expectStored(outcome: unknown, stored: Record<string, unknown>): void {
  const { ok, value } = outcome as { ok: boolean; value: Record<string, unknown> };
  expect(ok).toBe(true);
  const { status, ...rest } = value;
  const { status: storedStatus, ...storedRest } = stored;
  expect(rest).toEqual(storedRest);
  expect([storedStatus, ...LIVENESS_STATUSES]).toContain(status);
}

it('answers with the records and tokens an agent stored in state version 1 had', async () => {
  expectStored(await getAgent(domain, 'ada'), manifest.records.ada);
  expectStored(await getAgent(domain, 'cy'), manifest.records.cy);
  expectStored(
    await authenticateAgent(domain, { agentId: 'ada', token: manifest.tokens.ada }),
    manifest.records.ada,
  );
  expectStored(
    await authenticateAgent(domain, { agentId: 'cy', token: manifest.tokens.cy }),
    manifest.records.cy,
  );
  const wrong = await authenticateAgent(domain, { agentId: 'ada', token: manifest.tokens.cy });
  expect(wrong.ok ? null : wrong.error.code).toBe('unauthorized');
  const gone = await authenticateAgent(domain, { agentId: 'bob', token: manifest.tokens.bob });
  expect(gone.ok ? null : gone.error.code).toBe('unknown_agent');

  const inbox = await fetchInbox(domain, agentCaller('cy'), {});
  expect(inbox.ok && inbox.value.items.map((message) => [message.from, message.content])).toEqual([
    ['ada', { text: 'hello cy' }],
  ]);
});

it('keeps working on them, and stores them in the current shape after a turn', async () => {
  const beat = await heartbeat(domain, agentCaller('ada'), { agentId: 'ada', status: 'idle' });
  expect(beat.ok && { ...beat.value, lastHeartbeat: 0 }).toEqual({
    ...manifest.records.ada,
    status: 'idle',
    lastHeartbeat: 0,
  });
  const again = await registerAgent(domain, ANONYMOUS, {
    id: 'bob',
    name: 'BOB',
    role: 'reviewer',
    modelType: 'claude',
    modelVersion: '4',
    capabilities: [],
  });
  expect(again.ok).toBe(true);

  // bob's new registration changed its state: it was stored again, in the current shape.
  const { version, state } = await storedState('agent:bob');
  expect(version).toBe(2);
  expect(Object.hasOwn(state, 'agent')).toBe(false);
  expect(Buffer.from(state.tokenHash as Uint8Array).length).toBe(32);
  await start();
  expect(
    await authenticateAgent(domain, { agentId: 'bob', token: again.ok ? again.value.token : '' }),
  ).toEqual({
    ok: true,
    value: again.ok ? again.value.agent : null,
  });
  expect(await authenticateAgent(domain, { agentId: 'ada', token: manifest.tokens.ada })).toEqual({
    ok: true,
    value: (beat.ok && beat.value) || null,
  });
});
