/**
 * The operator's dead letters over a store that fails on demand: list them (by actor, with
 * a page size), replay one — back into its actor's inbox under a new seq and out of the dead
 * letters in the same commit, then announced to the actor's thread — or discard one; a commit
 * the store refuses changes nothing, a replay to an actor that is gone is refused and keeps
 * the letter, and every bad argument is named.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActorNotFoundError, InvalidArgumentError, StoreWriteError } from '../../../src/kernel/errors.js';
import {
  createDeadLetterOperator,
  type DeadLetterOperator,
} from '../../../src/kernel/main/dead-letter-operator.js';
import { MainStore } from '../../../src/kernel/main/main-store.js';
import type { WireRecord } from '../../../src/kernel/wire/wire.js';
import { FaultyStore } from '../../fixtures/persistence/faulty-store.js';
import { actorRecord } from '../../fixtures/persistence/records.js';

const boom = { code: 'error', name: 'Error', message: 'boom' } as const;

let store: FaultyStore;
let routed: { thread: number; record: WireRecord }[];
let operator: DeadLetterOperator;

beforeEach(async () => {
  store = new FaultyStore();
  routed = [];
  const main = new MainStore(store, {
    route: (thread, record) => routed.push({ thread, record }),
    handle: (thread) => ({
      tellCommitted: (to, message, inbox) =>
        routed.push({ thread, record: { kind: 'tells', to, messages: [message], inboxes: [inbox] } }),
    }),
  });
  operator = createDeadLetterOperator(main, () => 1);
  await store.commit([
    (w) => w.putActor(actorRecord('office')),
    (w) => w.putDeadLetter(['office', 7], { message: { n: 7 }, error: boom, attempts: 3, at: 70 }),
    (w) => w.putDeadLetter(['office', 9], { message: { n: 9 }, error: boom, attempts: 2, at: 90 }),
    (w) => w.putDeadLetter(['gone', 4], { message: { n: 4 }, error: boom, attempts: 3, at: 40 }),
  ]);
});

afterEach(async () => {
  await store.close();
});

describe('list', () => {
  it('lists every dead letter, or one actor’s, in seq order, a page at a time', () => {
    expect(operator.list().map((letter) => [letter.actorId, letter.seq])).toEqual([
      ['gone', 4],
      ['office', 7],
      ['office', 9],
    ]);
    expect(operator.list('office', 1)).toEqual([
      { actorId: 'office', seq: 7, message: { n: 7 }, error: boom, attempts: 3, at: 70 },
    ]);
  });

  it.each([
    [() => operator.list('', 10), 'actorId must be a non-empty string'],
    [() => operator.list('office', 0), 'limit must be >= 1'],
    [() => operator.list('office', 1_001), 'limit must be <= 1000'],
    [() => operator.list(undefined, 2.5), 'limit must be an integer'],
  ])('names a bad argument (%#)', (call, message) => {
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(message);
  });
});

describe('replay', () => {
  it('moves the letter into the inbox under a new seq in one commit, and announces it to the actor’s thread', async () => {
    expect(await operator.replay('office', 7)).toBe(true);

    const inbox = store.inboxOf('office');
    expect(inbox).toHaveLength(1);
    const [entry] = inbox;
    expect(entry?.value.message).toEqual({ n: 7 });
    expect(entry?.key[1]).toBeGreaterThan(9);
    expect(operator.list('office').map((letter) => letter.seq)).toEqual([9]);
    expect(routed).toEqual([
      { thread: 1, record: { kind: 'tell', to: 'office', message: { n: 7 }, seq: 0, inbox: entry?.key[1] } },
    ]);
  });

  it('answers false for a letter that is not there', async () => {
    expect(await operator.replay('office', 8)).toBe(false);
    expect(routed).toEqual([]);
  });

  it('refuses to replay to an actor that is gone, and keeps the letter', async () => {
    await expect(operator.replay('gone', 4)).rejects.toBeInstanceOf(ActorNotFoundError);
    expect(operator.list('gone')).toHaveLength(1);
    expect(store.inboxOf('gone')).toEqual([]);
  });

  it('changes nothing when the store refuses the commit', async () => {
    store.failNextCommits(1, 'write');

    await expect(operator.replay('office', 7)).rejects.toBeInstanceOf(StoreWriteError);

    expect(operator.list('office')).toHaveLength(2);
    expect(store.inboxOf('office')).toEqual([]);
    expect(routed).toEqual([]);
  });

  it('names a bad seq', async () => {
    await expect(operator.replay('office', -1)).rejects.toThrow('seq must be > 0');
    await expect(operator.replay('office', 1.5)).rejects.toThrow(InvalidArgumentError);
  });
});

describe('discard', () => {
  it('removes the letter for good; a second discard finds nothing', async () => {
    expect(await operator.discard('office', 9)).toBe(true);
    expect(await operator.discard('office', 9)).toBe(false);
    expect(operator.list('office').map((letter) => letter.seq)).toEqual([7]);
    expect(store.deadLetterCount()).toBe(2);
  });

  it('keeps the letter when the store refuses the commit', async () => {
    store.failWrites((call) => call.method === 'removeDeadLetter');

    await expect(operator.discard('office', 9)).rejects.toThrow(/injected/);

    expect(operator.list('office')).toHaveLength(2);
  });
});
