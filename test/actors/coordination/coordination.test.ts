/**
 * The coordination domain from the embedding API alone (no MCP): `startCoordination` on a
 * system made by `createActorSystem`, agents registered and messaged through the facades,
 * and `acquireFileLock` waiting for a lock and breaking a lock cycle between two agents with
 * the system's deadlock detector.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import {
  type ActorSystem,
  coordination,
  createActorSystem,
  deadlockDetectorOf,
  startCoordination,
} from '../../../src/index.js';

const {
  acquireFileLock,
  agentCaller,
  ANONYMOUS,
  authenticateAgent,
  fetchInbox,
  getProject,
  getSession,
  getTask,
  registerAgent,
  releaseFileLock,
  sendMessage,
} = coordination;

let system: ActorSystem | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function started() {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-coordination-'));
  system = createActorSystem({ threads: 2, dataDir });
  const started = await startCoordination(system);
  for (const id of ['ada', 'bob']) {
    const registered = await registerAgent(started.domain, ANONYMOUS, {
      id,
      name: id,
      role: 'worker',
      modelType: 'llm',
      modelVersion: '1',
      capabilities: [],
    });
    expect(registered.ok).toBe(true);
  }
  return { ...started, system };
}

it('refuses a system without a store, naming why', async () => {
  system = createActorSystem({ threads: 1 });
  await expect(startCoordination(system)).rejects.toMatchObject({ code: 'invalid_option', field: 'system' });
});

it('registers, messages and locks through the embedding API, and breaks a lock cycle', async () => {
  const { domain, system } = await started();
  const [ada, bob] = [agentCaller('ada'), agentCaller('bob')];
  expect(await sendMessage(domain, ada, { recipientId: 'bob', content: 'hello' })).toMatchObject({
    ok: true,
  });
  const inbox = await fetchInbox(domain, bob);
  expect(inbox.ok && inbox.value.items.map((m) => m.content)).toEqual(['hello']);
  expect(await sendMessage(domain, ada, { recipientId: 'nobody', content: 'x' })).toMatchObject({
    ok: false,
    error: { code: 'unknown_agent' },
  });

  const detector = deadlockDetectorOf(system);
  const options = detector ? { detector } : {};
  expect(await acquireFileLock(system, ada, { filePath: 'left' }, options)).toMatchObject({ ok: true });
  expect(await acquireFileLock(system, bob, { filePath: 'right' }, options)).toMatchObject({ ok: true });
  const adaWaits = acquireFileLock(system, ada, { filePath: 'right', waitS: 20 }, options);
  await new Promise((resolve) => setTimeout(resolve, 200));
  // bob closes the cycle: his wait is refused, naming both; ada's goes on.
  const bobWaits = await acquireFileLock(system, bob, { filePath: 'left', waitS: 20 }, options);
  expect(bobWaits).toMatchObject({ ok: false, error: { code: 'deadlock' } });
  expect(bobWaits.ok ? '' : bobWaits.error.message).toMatch(/ada/);
  expect(await releaseFileLock(system, bob, { filePath: 'right' })).toMatchObject({ ok: true });
  expect(await adaWaits).toMatchObject({ ok: true, value: { holder: 'ada', path: 'right' } });
});

it('moves a store the previous version wrote into the entity actors once, and keeps it across a restart', async () => {
  const fixture = fileURLToPath(new URL('../../../../test/fixtures/stores/old-v1/', import.meta.url));
  const manifest = JSON.parse(readFileSync(join(fixture, 'manifest.json'), 'utf8')) as {
    session: { session: { id: string } };
    root: { task: { id: string } };
    project: { project: { id: string } };
    tokens: Record<string, string>;
  };
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-migrate-'));
  copyFileSync(join(fixture, 'data.mdb'), join(dataDir, 'data.mdb'));
  const check = async (first: boolean) => {
    system = createActorSystem({ threads: 2, dataDir });
    const { domain, migration } = await startCoordination(system);
    if (first) {
      expect(migration?.agents?.restored).toEqual(expect.arrayContaining(['ada', 'bob', 'cy']));
      expect(migration?.sessions).toMatchObject({ migrated: 1, removed: true });
      for (const old of [
        'agent-registry',
        'post-office',
        'session-board',
        'task-board',
        'lock-table',
        'router',
      ])
        expect(system.readStored(old), old).toBeUndefined();
    } else {
      expect(migration).toBeNull();
    }
    // The old tokens still prove who the agents are; their records are in their actors.
    expect(
      await authenticateAgent(domain, { agentId: 'ada', token: manifest.tokens.ada as string }),
    ).toMatchObject({ ok: true });
    expect(await getSession(system, ANONYMOUS, { sessionId: manifest.session.session.id })).toMatchObject({
      ok: true,
      value: { coordinatorId: 'ada' },
    });
    expect(await getTask(system, ANONYMOUS, { taskId: manifest.root.task.id })).toMatchObject({ ok: true });
    expect(await getProject(system, ANONYMOUS, { projectId: manifest.project.project.id })).toMatchObject({
      ok: true,
    });
    await system.shutdown();
    system = undefined;
  };
  await check(true);
  await check(false);
});
