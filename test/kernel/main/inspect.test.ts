/**
 * The control plane: inspect() returns the supervision tree with status, home thread,
 * mailbox depth, restarts and processed count; stats() totals per thread.
 */
import { afterEach, expect, it } from 'vitest';
import { type ActorSystem, createActorSystem } from '../../../src/kernel/index.js';
import { Counter } from '../../fixtures/counter.js';
import { Parent } from '../../fixtures/family.js';
import { Gate } from '../../fixtures/gate.js';
import { Recorder } from '../../fixtures/recorder.js';
import { until } from '../../helpers/until.js';

let system: ActorSystem;
afterEach(async () => {
  await system?.shutdown();
});

it('reports the supervision tree with per-actor figures', async () => {
  system = createActorSystem({ threads: 2 });
  const recorder = await system.spawn(Recorder, { id: 'rec' });
  await system.spawn(Parent, { id: 'parent', args: { names: ['a', 'b'], recorder } });
  const counter = await system.spawn(Counter, { id: 'counter' });
  for (let i = 0; i < 10; i++) counter.tell({ type: 'add', by: 1 });
  await counter.ask({ type: 'get' });
  await counter.ask({ type: 'fail', why: 'once' }).catch(() => undefined);
  const gate = await system.spawn(Gate, { id: 'gate' });
  const held = gate.ask({ type: 'hold', ms: 300 });
  for (let i = 0; i < 4; i++) gate.tell({ type: 'note', n: i });
  await until(async () => {
    const tree = await system.inspect();
    return tree.children.find((n) => n.id === 'gate')?.mailboxDepth === 4;
  });
  const tree = await system.inspect();
  const byId = new Map(tree.children.map((n) => [n.id, n]));
  expect([...byId.keys()].sort()).toEqual(['counter', 'gate', 'parent', 'rec']);
  const family = byId.get('parent');
  expect(family?.children.map((c) => c.parent)).toEqual(['parent', 'parent']);
  expect(family?.children.every((c) => c.thread === family.thread && c.kind.endsWith('#LoggedChild'))).toBe(
    true,
  );
  expect(byId.get('gate')).toMatchObject({ status: 'busy', mailboxDepth: 4 });
  expect(byId.get('counter')?.processed).toBeGreaterThanOrEqual(11);
  expect(byId.get('counter')?.restarts).toBeGreaterThanOrEqual(1);
  await held;

  const stats = await system.stats();
  expect(stats.threads).toHaveLength(2);
  expect(stats.totals.actors).toBe(6);
  expect(stats.totals.turns).toBe(stats.threads.reduce((sum, t) => sum + t.turns, 0));
  expect(stats.totals.failures).toBeGreaterThanOrEqual(1);
  expect(stats.threads.find((t) => t.thread === counter.thread)?.messagesReceived).toBeGreaterThanOrEqual(12);
});
