/**
 * The coordination domain from the embedding API alone (no MCP): `startCoordination` on a
 * system made by `createActorSystem`, agents registered and messaged through the facades,
 * and `acquireFileLock` waiting for a lock and breaking a lock cycle between two agents with
 * the system's deadlock detector.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import {
  type ActorSystem,
  coordination,
  createActorSystem,
  deadlockDetectorOf,
  startCoordination,
} from '../../../src/index.js';

const { acquireFileLock, agentCaller, ANONYMOUS, fetchInbox, registerAgent, releaseFileLock, sendMessage } =
  coordination;

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
