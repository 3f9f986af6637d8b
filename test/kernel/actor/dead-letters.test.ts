/**
 * Dead letters: messages to unknown or stopped actors are counted and reported as
 * events (never silently lost); an awaited tell or an ask to them fails.
 */
import { afterEach, expect, it } from 'vitest';
import {
  ActorNotFoundError,
  ActorStoppedError,
  type ActorSystem,
  createActorSystem,
  type SystemEvent,
} from '../../../src/kernel/index.js';
import { Gate } from '../../fixtures/gate.js';
import { until } from '../../helpers/until.js';

let system: ActorSystem;
afterEach(async () => {
  await system?.shutdown();
});

it('reports messages to an unknown actor as dead letters', async () => {
  system = createActorSystem({ threads: 2 });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const ghost = system.refOf('nobody-home');
  await expect(ghost.tell({ hello: 1 })).rejects.toBeInstanceOf(ActorNotFoundError);
  await expect(ghost.ask({ hello: 2 })).rejects.toBeInstanceOf(ActorNotFoundError);
  ghost.tell({ hello: 3 }); // fire and forget: still reported
  await until(() => events.filter((e) => e.type === 'dead-letter').length === 3);
  const dead = events.filter(
    (e): e is Extract<SystemEvent, { type: 'dead-letter' }> => e.type === 'dead-letter',
  );
  expect(dead.map((e) => [e.to, e.reason, e.message])).toEqual([
    ['nobody-home', 'unknown-actor', { hello: 1 }],
    ['nobody-home', 'unknown-actor', { hello: 2 }],
    ['nobody-home', 'unknown-actor', { hello: 3 }],
  ]);
  const stats = await system.stats();
  expect(stats.totals.deadLetters).toBe(3);
});

it('turns the mailbox of a stopped actor into dead letters, and later messages too', async () => {
  system = createActorSystem({ threads: 2 });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const gate = await system.spawn(Gate, {});
  const held = gate.ask({ type: 'hold', ms: 200 }).catch((error: unknown) => error);
  const waiting = gate.ask({ type: 'notes' }).catch((error: unknown) => error);
  await gate.tell({ type: 'note', n: 1 });
  await system.stop(gate);
  expect(await held).toBeInstanceOf(ActorStoppedError);
  expect(await waiting).toBeInstanceOf(ActorStoppedError);
  await expect(gate.tell({ type: 'note', n: 2 })).rejects.toBeInstanceOf(ActorNotFoundError);
  await until(() => events.filter((e) => e.type === 'dead-letter').length === 3);
  const reasons = events.flatMap((e) => (e.type === 'dead-letter' ? [e.reason] : []));
  expect(reasons).toEqual(['stopped', 'stopped', 'unknown-actor']);
  expect(events.some((e) => e.type === 'actor-stopped' && e.id === gate.id)).toBe(true);
});
