/**
 * For one-off migrations: `system.readStored(id)` decodes a durable actor's stored record —
 * kind, state, version — without loading the kind's code (its module may be long gone), and
 * `system.removeStored(id)` removes the actor's own records (record, state, inbox, timers,
 * tree entry, suspension), keeping its dead letters; it refuses an actor that is running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  ActorNotFoundError,
  type ActorSystem,
  createActorSystem,
  InvalidArgumentError,
  type SystemEvent,
} from '../../../src/kernel/index.js';
import { openStore } from '../../../src/kernel/persistence/store.js';
import { Ledger } from '../../fixtures/durable/ledger.js';
import { Picky } from '../../fixtures/durable/picky.js';
import { specOf } from '../../fixtures/persistence/records.js';
import { until } from '../../helpers/until.js';

let dataDir: string;
let system: ActorSystem | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-stored-'));
});
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

/** What an older version left: a board whose kind's module no longer exists. */
async function writeOldBoard(): Promise<void> {
  const store = openStore({ path: dataDir, durability: 'commit' });
  const spec = {
    ...specOf('old-board'),
    kind: { module: 'file:///gone/post-office.js', name: 'PostOffice' },
  };
  const state = { inboxes: { ada: [{ from: 'bob', text: 'hi' }] } };
  await store.commit([
    (w) => w.putActor({ spec, state, initialized: true, version: 2, spawnSeq: 1 }),
    (w) => w.putChild('', 1, 'old-board'),
  ]);
  await store.close();
}

it('reads a stored actor without its code, then removes it', async () => {
  await writeOldBoard();
  system = createActorSystem({ threads: 2, dataDir });

  expect(system.readStored('old-board')).toEqual({
    kind: { module: 'file:///gone/post-office.js', name: 'PostOffice' },
    state: { inboxes: { ada: [{ from: 'bob', text: 'hi' }] } },
    version: 2,
  });
  expect(system.readStored('nobody')).toBeUndefined();

  expect(await system.removeStored('old-board')).toBe(true);
  expect(system.readStored('old-board')).toBeUndefined();
  expect(await system.removeStored('old-board')).toBe(false);
  await system.shutdown();
  const store = openStore({ path: dataDir, durability: 'commit' });
  expect(store.childrenOf('')).toEqual([]);
  await store.close();
});

it('refuses to remove an actor that is running', async () => {
  system = createActorSystem({ threads: 2, dataDir });
  await system.spawn(Ledger, { id: 'busy' });

  const refusal = await system.removeStored('busy').catch((error: unknown) => error);

  expect(refusal).toBeInstanceOf(InvalidArgumentError);
  expect(refusal).toMatchObject({ field: 'id', message: expect.stringMatching(/"busy" is running/) });
  expect(system.readStored('busy')).toBeDefined();
});

it('removes a passivated actor, keeping its dead letters', async () => {
  system = createActorSystem({
    threads: 2,
    dataDir,
    idleTimeoutMs: 100,
    supervision: { maxMessageAttempts: 1, intensity: 10 },
  });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const picky = await system.spawn(Picky, { id: 'picky' });
  await picky.tell({ type: 'close' });
  await picky.tell({ type: 'take', item: 'apple' });
  const sys = system;
  await until(() => sys.deadLetters().list('picky').length === 1);
  // The passivation after the dead letter (on a loaded machine the actor may also have gone
  // idle, and been passivated, between its spawn and the first tell).
  await until(() => {
    const dead = events.findIndex((event) => event.type === 'dead-letter' && event.to === 'picky');
    return (
      dead >= 0 &&
      events.some((event, at) => at > dead && event.type === 'actor-passivated' && event.id === 'picky')
    );
  }, 5_000);

  expect(await system.removeStored('picky')).toBe(true);

  expect(system.readStored('picky')).toBeUndefined();
  const [letter] = system.deadLetters().list('picky');
  expect(letter?.message).toEqual({ type: 'take', item: 'apple' });
  await expect(system.deadLetters().replay('picky', letter?.seq as number)).rejects.toBeInstanceOf(
    ActorNotFoundError,
  );
});

it('names a bad id, and exists only with a store', async () => {
  system = createActorSystem({ threads: 1, dataDir });
  expect(() => system?.readStored('')).toThrow('id must be a non-empty string');
  await system.shutdown();
  system = createActorSystem({ threads: 1 });
  expect(() => system?.readStored('x')).toThrow('readStored is kept only in a system with a dataDir');
  await expect(system.removeStored('x')).rejects.toThrow(InvalidArgumentError);
});
