/**
 * Early mail: a message that reaches a thread before the spawn of its actor is held for a
 * grace period and delivered first once the actor exists; otherwise it is a dead letter.
 */
import { afterEach, expect, it } from 'vitest';
import {
  ActorNotFoundError,
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

it('delivers mail that arrived before the spawn, first and in order, and settles its receipt', async () => {
  system = createActorSystem({ threads: 2, unknownActorGraceMs: 2_000 });
  const early = system.refOf<{ type: 'note'; n: number } | { type: 'notes' }>('latecomer');
  const receipt = early.tell({ type: 'note', n: 1 });
  early.tell({ type: 'note', n: 2 });
  let settled = false;
  receipt.then(() => {
    settled = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(settled).toBe(false); // held, not yet delivered
  const gate = await system.spawn(Gate, { id: 'latecomer' });
  await gate.tell({ type: 'note', n: 3 });
  expect(settled).toBe(true);
  expect(await gate.ask({ type: 'notes' })).toEqual([1, 2, 3]);
});

it('turns held mail into dead letters when no actor appears within the grace period', async () => {
  system = createActorSystem({ threads: 2, unknownActorGraceMs: 50 });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const started = Date.now();
  await expect(system.refOf('never').tell({ n: 1 })).rejects.toBeInstanceOf(ActorNotFoundError);
  expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  await until(() => events.some((e) => e.type === 'dead-letter' && e.to === 'never'));
});
