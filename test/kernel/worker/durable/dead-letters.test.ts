/**
 * A quarantined durable message is kept: the commit that takes it out of the inbox writes it
 * to the stored dead letters (actor, seq → message, last error, attempts, when), where it
 * survives a restart without being redelivered; the `dead-letter` event still fires, stats
 * count it, and the operator replays it (it is handled again, as a new message) or discards it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  type ActorSystem,
  createActorSystem,
  createManualClock,
  type SystemEvent,
  type SystemOptions,
} from '../../../../src/kernel/index.js';
import { openStore } from '../../../../src/kernel/persistence/store.js';
import { Picky, type PickyMsg, type PickyState } from '../../../fixtures/durable/picky.js';
import { until } from '../../../helpers/until.js';

const T0 = Date.UTC(2030, 0, 1);

let dataDir: string;
let system: ActorSystem | undefined;
let events: SystemEvent[];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-dead-letters-'));
});
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

function open(options: SystemOptions = {}): ActorSystem {
  system = createActorSystem({
    threads: 2,
    dataDir,
    supervision: { maxMessageAttempts: 2, intensity: 10 },
    ...options,
  });
  events = [];
  system.subscribe((event) => events.push(event));
  return system;
}

const report = (sys: ActorSystem) => sys.refOf<PickyMsg>('picky').ask<PickyState>({ type: 'report' });

it('moves a quarantined message from the inbox to the stored dead letters, where it stays', async () => {
  const clock = createManualClock(T0);
  let sys = open({ clock });
  const picky = await sys.spawn(Picky, { id: 'picky' });
  await picky.tell({ type: 'close' });
  await picky.tell({ type: 'take', item: 'apple' });
  await picky.tell({ type: 'open' });
  await picky.tell({ type: 'take', item: 'pear' });

  await until(async () => (await report(sys)).taken.length === 1);
  expect((await report(sys)).taken).toEqual(['pear']);
  const [letter, ...others] = sys.deadLetters().list('picky');
  expect(others).toEqual([]);
  expect(letter).toMatchObject({
    actorId: 'picky',
    message: { type: 'take', item: 'apple' },
    attempts: 2,
    at: T0,
    error: { message: 'closed: cannot take apple' },
  });
  expect(events.filter((event) => event.type === 'dead-letter')).toMatchObject([
    { to: 'picky', reason: 'quarantined', error: { code: 'message_quarantined' } },
  ]);
  expect((await sys.stats()).store?.deadLetters).toBe(1);

  // Out of the inbox (not redelivered after a restart), still in the dead letters.
  await sys.shutdown();
  const store = openStore({ path: dataDir, durability: 'commit' });
  expect(store.inboxOf('picky')).toEqual([]);
  expect(store.deadLetters('picky', 10)).toHaveLength(1);
  await store.close();
  sys = open({ clock });
  expect((await report(sys)).taken).toEqual(['pear']);
  expect(events.some((event) => event.type === 'actor-failed')).toBe(false);
  expect(sys.deadLetters().list()).toHaveLength(1);
});

it('replays a dead letter as a new message, and discards another for good', async () => {
  const sys = open();
  const picky = await sys.spawn(Picky, { id: 'picky' });
  await picky.tell({ type: 'close' });
  await picky.tell({ type: 'take', item: 'apple' });
  await picky.tell({ type: 'take', item: 'plum' });
  await until(() => sys.deadLetters().list('picky').length === 2);
  await picky.tell({ type: 'open' });
  const [apple, plum] = sys.deadLetters().list('picky');

  expect(await sys.deadLetters().replay('picky', apple?.seq as number)).toBe(true);
  await until(async () => (await report(sys)).taken.length === 1);
  expect((await report(sys)).taken).toEqual(['apple']);
  expect(
    sys
      .deadLetters()
      .list('picky')
      .map((letter) => letter.seq),
  ).toEqual([plum?.seq]);

  expect(await sys.deadLetters().discard('picky', plum?.seq as number)).toBe(true);
  expect(sys.deadLetters().list()).toEqual([]);
  expect((await sys.stats()).store?.deadLetters).toBe(0);
  expect(await sys.deadLetters().replay('picky', plum?.seq as number)).toBe(false);
});

it('keeps the dead letters of a memory-only system out of reach: it has none', () => {
  system = createActorSystem({ threads: 1 });
  expect(() => system?.deadLetters()).toThrow('deadLetters is kept only in a system with a dataDir');
});
