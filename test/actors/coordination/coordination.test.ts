/**
 * The coordination domain from the embedding API alone (no MCP): `startCoordination` on a
 * system made by `createActorSystem`, agents registered and messaged through the actors'
 * messages, and `acquireLock` waiting for a lock and breaking a lock cycle between two
 * agents with the system's deadlock detector.
 */
import { afterEach, expect, it } from 'vitest';
import {
  type ActorSystem,
  acquireLock,
  type agents,
  createActorSystem,
  deadlockDetectorOf,
  startCoordination,
} from '../../../src/index.js';

let system: ActorSystem | undefined;
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
});

it('registers, messages and locks through the embedding API, and breaks a lock cycle', async () => {
  system = createActorSystem({ threads: 2 });
  const { registry, post, locks } = await startCoordination(system);
  const token: Record<string, string> = {};
  for (const id of ['ada', 'bob']) {
    const registered = await registry.ask<agents.Outcome<{ token: string }>>({
      type: 'register',
      registration: { id, name: id, role: 'worker', modelType: 'llm', modelVersion: '1', capabilities: [] },
    });
    if (!registered.ok) throw new Error(registered.error.message);
    token[id] = registered.value.token;
  }
  const sent = await post.ask<agents.Outcome<unknown>>({
    type: 'send',
    senderId: 'ada',
    token: token.ada as string,
    recipientId: 'bob',
    content: 'hello',
  });
  expect(sent.ok).toBe(true);
  const inbox = await post.ask<agents.Outcome<agents.InboxMessage[]>>({
    type: 'fetch',
    agentId: 'bob',
    token: token.bob as string,
  });
  expect(inbox.ok && inbox.value.map((m) => m.content)).toEqual(['hello']);

  const detector = deadlockDetectorOf(system);
  const lock = (agentId: string, path: string, waitS = 0) =>
    acquireLock(locks, { path, ttlS: 60, agentId, token: token[agentId] as string, waitS }, detector);
  expect((await lock('ada', 'left')).ok).toBe(true);
  expect((await lock('bob', 'right')).ok).toBe(true);
  const adaWaits = lock('ada', 'right', 20);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const bobWaits = await lock('bob', 'left', 20);
  expect(bobWaits).toMatchObject({ ok: false, error: { code: 'deadlock', field: 'path' } });
  expect(detector?.deadlocks().at(-1)?.cycle).toEqual(['agent:bob', 'agent:ada', 'agent:bob']);

  await locks.ask({ type: 'release', path: 'right', agentId: 'bob', token: token.bob as string });
  expect(await adaWaits).toMatchObject({ ok: true, value: { holder: 'ada', path: 'right' } });
});

it('refuses a lease to an agent gone offline through silence, so no two agents ever hold one path', async () => {
  system = createActorSystem({ threads: 2 });
  const { registry, locks } = await startCoordination(system);
  const register = async (id: string, heartbeatIntervalS: number) => {
    const registered = await registry.ask<agents.Outcome<{ token: string }>>({
      type: 'register',
      registration: {
        id,
        name: id,
        role: 'w',
        modelType: 'llm',
        modelVersion: '1',
        capabilities: [],
        heartbeatIntervalS,
      },
    });
    if (!registered.ok) throw new Error(registered.error.message);
    return registered.value.token;
  };
  const ada = await register('ada', 0.1);
  const bob = await register('bob', 60);
  await new Promise((resolve) => setTimeout(resolve, 700)); // ada misses more than 5 intervals
  const detector = deadlockDetectorOf(system);
  const lock = (agentId: string, token: string) =>
    acquireLock(locks, { path: 'x.ts', ttlS: 60, waitS: 0, agentId, token }, detector);
  expect(await lock('ada', ada)).toMatchObject({ ok: false, error: { code: 'offline', field: 'agent_id' } });
  expect(await lock('bob', bob)).toMatchObject({ ok: true, value: { holder: 'bob' } });
  await registry.ask({ type: 'heartbeat', agentId: 'ada', token: ada });
  expect(await lock('ada', ada)).toMatchObject({ ok: false, error: { code: 'locked' } });
});

it('gives back a lease a cancelled call took, but never one the agent already held', async () => {
  system = createActorSystem({ threads: 2 });
  const { registry, locks } = await startCoordination(system);
  const registered = await registry.ask<agents.Outcome<{ token: string }>>({
    type: 'register',
    registration: {
      id: 'ada',
      name: 'ada',
      role: 'w',
      modelType: 'llm',
      modelVersion: '1',
      capabilities: [],
    },
  });
  if (!registered.ok) throw new Error(registered.error.message);
  const token = registered.value.token;
  const lock = (path: string, signal?: AbortSignal) =>
    acquireLock(locks, { path, ttlS: 60, waitS: 0, agentId: 'ada', token, ...(signal ? { signal } : {}) });
  const holder = async (path: string) => {
    const view = await locks.ask<agents.Outcome<agents.LockView>>({ type: 'check', path });
    return view.ok ? view.value.lease?.holder : undefined;
  };

  // Cancelled before it was answered: the new lease is released again.
  expect(await lock('new.ts', AbortSignal.abort())).toMatchObject({ ok: false, error: { code: 'locked' } });
  expect(await holder('new.ts')).toBeUndefined();
  // A renewal cancelled the same way keeps the lease the agent held.
  expect((await lock('held.ts')).ok).toBe(true);
  expect((await lock('held.ts', AbortSignal.abort())).ok).toBe(false);
  expect(await holder('held.ts')).toBe('ada');
});
