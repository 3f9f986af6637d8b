/**
 * The package entry: `createActorSystem` from `troupe` has the deadlock detector on by
 * default (and off on request), on top of the kernel's system.
 */
import { afterEach, expect, it } from 'vitest';
import { type ActorSystem, createActorSystem, deadlockDetectorOf } from '../src/index.js';
import { Peer } from './fixtures/deadlock/peer.js';

let system: ActorSystem | undefined;
afterEach(async () => {
  await system?.shutdown();
});

it('detects ask deadlocks by default', async () => {
  system = createActorSystem({ threads: 2 });
  expect(deadlockDetectorOf(system)).toBeDefined();
  const [a, b] = await Promise.all(['A', 'B'].map((id) => (system as ActorSystem).spawn(Peer, { id })));
  expect(await a?.ask<string>({ type: 'call', path: [b as never, a as never] })).toMatch(
    /DeadlockError: deadlock: B -> A -> B/,
  );
});

it('leaves cycles to the ask timeout when detection is switched off', async () => {
  system = createActorSystem({ threads: 2, deadlockDetection: false, askTimeoutMs: 300 });
  expect(deadlockDetectorOf(system)).toBeUndefined();
  const [a, b] = await Promise.all(['A', 'B'].map((id) => (system as ActorSystem).spawn(Peer, { id })));
  // Peer's inner ask has a 10 s timeout: the outer one (300 ms) gives up first.
  await expect(a?.ask({ type: 'call', path: [b as never, a as never] })).rejects.toThrow(
    /got no reply within 300 ms/,
  );
});
