/**
 * The deadlock detector on a running system: ask cycles between actors (A→B→A,
 * A→B→C→A) are broken at once by failing the youngest wait with a DeadlockError naming
 * the cycle, while the other actors complete; lock-style waits reported through the API
 * are broken the same way; every deadlock is recorded and published.
 */
import { afterEach, expect, it } from 'vitest';
import { installDeadlockDetector } from '../../../../actors/supervisors/deadlock/index.js';
import {
  type ActorSystem,
  createActorSystem,
  DeadlockError,
  type SystemEvent,
} from '../../../../src/kernel/index.js';
import { Peer } from '../../../fixtures/deadlock/peer.js';

let system: ActorSystem | undefined;
afterEach(async () => {
  await system?.shutdown();
});

async function setup(ids: readonly string[]) {
  system = createActorSystem({ threads: 2 });
  const detector = installDeadlockDetector(system);
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const refs = await Promise.all(ids.map((id) => (system as ActorSystem).spawn(Peer, { id })));
  return { detector, events, refs };
}

it('breaks A → B → A on the side that closed it; A completes', async () => {
  const { detector, events, refs } = await setup(['A', 'B']);
  const [a, b] = refs as [(typeof refs)[0], (typeof refs)[0]];
  const started = Date.now();
  const answer = await a.ask<string>({ type: 'call', path: [b, a] });
  expect(Date.now() - started).toBeLessThan(1_000); // no ask timeout was needed
  expect(answer).toBe('A <- B got DeadlockError: deadlock: B -> A -> B');
  expect(detector.deadlocks().map((d) => d.cycle)).toEqual([['B', 'A', 'B']]);
  expect(events.some((e) => e.type === 'deadlock' && e.victim === 'B')).toBe(true);
  // Recorded for inspection too.
  const { incidents } = await (system as ActorSystem).inspect();
  expect(incidents).toContainEqual({ type: 'deadlock', cycle: ['B', 'A', 'B'], victim: 'B', kind: 'ask' });
});

it('breaks A → B → C → A, naming the whole cycle, while the others complete', async () => {
  const { detector, refs } = await setup(['A', 'B', 'C']);
  const [a, b, c] = refs as [(typeof refs)[0], (typeof refs)[0], (typeof refs)[0]];
  const answer = await a.ask<string>({ type: 'call', path: [b, c, a] });
  expect(answer).toBe('A <- B <- C got DeadlockError: deadlock: C -> A -> B -> C');
  expect(detector.deadlocks()).toHaveLength(1);
  // Without a cycle nothing is failed.
  expect(await a.ask<string>({ type: 'call', path: [b, c] })).toBe('A <- B <- C: done');
  expect(detector.deadlocks()).toHaveLength(1);
});

it('breaks a lock-wait cycle reported through the API, naming both holders', async () => {
  const { detector } = await setup([]);
  const failed: DeadlockError[] = [];
  const first = detector.reportWait({
    waiter: 'agent-1',
    holder: 'agent-2',
    kind: 'lock',
    token: 'b.txt/agent-1',
    onDeadlock: (error) => failed.push(error),
  });
  expect(first).toBeNull();
  const second = detector.reportWait({
    waiter: 'agent-2',
    holder: 'agent-1',
    kind: 'lock',
    token: 'a.txt/agent-2',
    onDeadlock: (error) => failed.push(error),
  });
  expect(second).toBeInstanceOf(DeadlockError);
  expect(failed.map((e) => e.message)).toEqual(['deadlock: agent-2 -> agent-1 -> agent-2']);
  // Once the waits end, the same pair can wait one way without a deadlock.
  detector.endWait('lock', 'b.txt/agent-1');
  expect(
    detector.reportWait({
      waiter: 'agent-2',
      holder: 'agent-1',
      kind: 'lock',
      token: 'c.txt/agent-2',
      onDeadlock: () => {},
    }),
  ).toBeNull();
});

it('shows the waits now in the graph, oldest first, with what a reported wait is for; a broken one in the history', async () => {
  const { detector } = await setup([]);
  detector.reportWait({
    waiter: 'agent:ada',
    holder: 'agent:bob',
    kind: 'lock',
    token: 't1',
    about: 'src/b.ts',
    onDeadlock: () => {},
  });
  detector.reportWait({
    waiter: 'agent:cy',
    holder: 'agent:bob',
    kind: 'lock',
    token: 't2',
    onDeadlock: () => {},
  });
  expect(detector.waits()).toEqual([
    {
      from: 'agent:ada',
      to: 'agent:bob',
      kind: 'lock',
      token: 'lock:t1',
      since: expect.any(Number),
      about: 'src/b.ts',
    },
    { from: 'agent:cy', to: 'agent:bob', kind: 'lock', token: 'lock:t2', since: expect.any(Number) },
  ]);
  const [first, second] = detector.waits();
  expect((first?.since ?? 0) <= (second?.since ?? 0)).toBe(true);
  // bob closes a cycle with ada: his wait is failed, recorded with what it was for, and leaves the graph.
  detector.reportWait({
    waiter: 'agent:bob',
    holder: 'agent:ada',
    kind: 'lock',
    token: 't3',
    about: 'src/a.ts',
    onDeadlock: () => {},
  });
  expect(detector.deadlocks().at(-1)).toMatchObject({
    cycle: ['agent:bob', 'agent:ada', 'agent:bob'],
    victim: { from: 'agent:bob', to: 'agent:ada', kind: 'lock', about: 'src/a.ts' },
  });
  expect(detector.waits().map((wait) => wait.token)).toEqual(['lock:t1', 'lock:t2']);
  detector.endWait('lock', 't1');
  expect(detector.waits().map((wait) => wait.token)).toEqual(['lock:t2']);
});
