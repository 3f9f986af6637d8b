/**
 * Asks between actors are reported as waits (`wait-started` / `wait-ended`, the deadlock
 * detector's wait-for graph) only while someone watches them (`system.watchWaits()`): a
 * kernel without a detector pays no event per ask. Same thread and across threads. An ask
 * made through a ref rather than `ctx.ask` (code outside a turn) is no actor's wait: no event
 * for it, from either side, even while watched.
 */
import { afterEach, expect, it } from 'vitest';
import { type ActorSystem, createActorSystem, type SystemEvent } from '../../../src/kernel/index.js';
import { Asker } from '../../fixtures/asker.js';
import { Counter } from '../../fixtures/counter.js';
import { idOn } from '../../helpers/homed-ids.js';
import { until } from '../../helpers/until.js';

let system: ActorSystem | undefined;
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
});

it('reports asks between actors as waits only while they are watched', async () => {
  system = createActorSystem({ threads: 2 });
  const waits: SystemEvent[] = [];
  system.subscribe((event) => {
    if (event.type === 'wait-started' || event.type === 'wait-ended') waits.push(event);
  });
  const asker = await system.spawn(Asker, { id: idOn(0, 'asker') });
  const near = await system.spawn(Counter, { id: idOn(0, 'near'), args: { start: 1 } });
  const far = await system.spawn(Counter, { id: idOn(1, 'far'), args: { start: 2 } });
  const askBoth = async () => [
    await asker.ask<number>({ type: 'ask-count', of: near }),
    await asker.ask<number>({ type: 'ask-count', of: far }),
  ];

  expect(await askBoth()).toEqual([1, 2]);
  const stopWatching = system.watchWaits();
  expect(await askBoth()).toEqual([1, 2]);
  // Each ask: one start, and its end — from the asker's thread and from the replier's.
  await until(() => waits.filter((e) => e.type === 'wait-ended').length >= 4);
  expect(waits.filter((e) => e.type === 'wait-started')).toMatchObject([
    { waiter: asker.id, target: near.id },
    { waiter: asker.id, target: far.id },
  ]);
  stopWatching();
  const seen = waits.length;
  expect(await askBoth()).toEqual([1, 2]);
  // Published on the main thread in order with the replies: none came for the unwatched asks.
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(waits).toHaveLength(seen);
});

it('reports no wait for an ask made through a ref, even while waits are watched', async () => {
  system = createActorSystem({ threads: 2 });
  const waits: SystemEvent[] = [];
  system.subscribe((event) => {
    if (event.type === 'wait-started' || event.type === 'wait-ended') waits.push(event);
  });
  const stopWatching = system.watchWaits();
  const asker = await system.spawn(Asker, { id: idOn(0, 'asker') });
  const near = await system.spawn(Counter, { id: idOn(0, 'near'), args: { start: 1 } });
  const far = await system.spawn(Counter, { id: idOn(1, 'far'), args: { start: 2 } });
  expect(await asker.ask<number>({ type: 'ask-count-by-ref', of: near })).toBe(1);
  expect(await asker.ask<number>({ type: 'ask-count-by-ref', of: far })).toBe(2);
  // A watched ask after them: its events come, and none came before it.
  expect(await asker.ask<number>({ type: 'ask-count', of: far })).toBe(2);
  await until(() => waits.filter((e) => e.type === 'wait-ended').length >= 2);
  expect(waits.filter((e) => e.type === 'wait-started')).toMatchObject([
    { waiter: asker.id, target: far.id },
  ]);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(waits).toHaveLength(3);
  stopWatching();
});
