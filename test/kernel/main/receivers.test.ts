/**
 * Receivers: a function on the main thread that actors on any thread tell through an ordinary
 * ref — in order, from durable actors after their commit, never breaking the runtime when the
 * handler throws; closed, its mail is dead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import {
  type ActorSystem,
  createActorSystem,
  InvalidArgumentError,
  type SystemEvent,
} from '../../../src/kernel/index.js';
import { Forwarder } from '../../fixtures/forwarder.js';
import { until } from '../../helpers/until.js';

let system: ActorSystem | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('hears actors of every thread, in the order each sent', async () => {
  system = createActorSystem({ threads: 2 });
  const heard: number[] = [];
  const receiver = system.receive<number>((n) => heard.push(n));
  const forwarders = await Promise.all([0, 1, 2, 3].map((i) => system?.spawn(Forwarder, { id: `f${i}` })));
  await Promise.all(
    forwarders.map((f, i) => f?.ask({ type: 'forward', to: receiver.ref, from: i * 1000, count: 200 })),
  );
  await until(() => heard.length === 800);
  for (let i = 0; i < 4; i++) {
    const mine = heard.filter((n) => n >= i * 1000 && n < (i + 1) * 1000);
    expect(mine).toEqual(Array.from({ length: 200 }, (_, k) => i * 1000 + k));
  }
  // The main thread may tell it too; an ask is refused.
  await system.tell(receiver.ref, 7);
  await until(() => heard.at(-1) === 7);
  await expect(system.ask(receiver.ref, 1)).rejects.toBeInstanceOf(InvalidArgumentError);
});

it('hears a durable actor after its turn is committed', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'troupe-receivers-'));
  dirs.push(dataDir);
  system = createActorSystem({ threads: 2, dataDir });
  const heard: number[] = [];
  const receiver = system.receive<number>((n) => heard.push(n));
  const forwarder = await system.spawn(Forwarder, { id: 'durable-forwarder' });
  await forwarder.ask({ type: 'forward', to: receiver.ref, from: 1, count: 3 });
  await until(() => heard.length === 3);
  expect(heard).toEqual([1, 2, 3]);
});

it('reports a throwing handler and dead mail to a closed receiver, and goes on', async () => {
  system = createActorSystem({ threads: 1 });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const heard: number[] = [];
  const receiver = system.receive<number>((n) => {
    if (n === 2) throw new Error('handler broke');
    heard.push(n);
  });
  const forwarder = await system.spawn(Forwarder, { id: 'f' });
  await forwarder.ask({ type: 'forward', to: receiver.ref, from: 1, count: 3 });
  await until(() => heard.length === 2);
  expect(heard).toEqual([1, 3]);
  await until(() => events.some((e) => e.type === 'terminate-failed' && e.id === receiver.ref.id));
  receiver.close();
  await forwarder.ask({ type: 'forward', to: receiver.ref, from: 10, count: 1 });
  await until(() => events.some((e) => e.type === 'dead-letter' && e.to === receiver.ref.id));
  expect(heard).toEqual([1, 3]);
});
