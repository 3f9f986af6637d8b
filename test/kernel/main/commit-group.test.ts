import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommitGroup } from '../../../src/kernel/main/commit-group.js';
import { FaultyStore } from '../../fixtures/persistence/faulty-store.js';

const entry = (message: unknown) => ({ message, replyTo: null, messageId: null, missed: 0 });
const aTurnLater = () => new Promise<void>((resolve) => setImmediate(resolve));

let store: FaultyStore;
let group: CommitGroup;
let outcomes: (string | undefined)[];

const settleAs = (slot: number) => (failure: Error | undefined) => {
  outcomes[slot] = failure ? failure.message : 'committed';
};

beforeEach(() => {
  store = new FaultyStore();
  group = new CommitGroup(store);
  outcomes = [];
});

afterEach(async () => {
  await store.close();
});

describe('CommitGroup', () => {
  it('commits the writes of one macrotask as one batch, and settles each only after it', async () => {
    store.holdAcknowledgements();
    for (let seq = 1; seq <= 3; seq++)
      group.add((w) => w.putInbox(['office', seq], entry(seq)), settleAs(seq - 1));
    await aTurnLater();
    expect(store.pending).toBe(1);
    expect(outcomes).toEqual([]);
    await store.acknowledge(1);
    expect(outcomes).toEqual(['committed', 'committed', 'committed']);
    expect(store.inboxOf('office').map((stored) => stored.value.message)).toEqual([1, 2, 3]);
  });

  it('starts a new batch for writes added in a later macrotask', async () => {
    store.holdAcknowledgements();
    group.add((w) => w.putInbox(['office', 1], entry(1)), settleAs(0));
    await aTurnLater();
    group.add((w) => w.putInbox(['office', 2], entry(2)), settleAs(1));
    await aTurnLater();
    expect(store.pending).toBe(2);
    await store.acknowledge(1);
    expect(outcomes).toEqual(['committed']);
    await store.acknowledge(1);
    expect(outcomes).toEqual(['committed', 'committed']);
  });

  it('fails a write that throws alone; its neighbours commit', async () => {
    for (let seq = 1; seq <= 3; seq++)
      group.add(
        (w) => {
          if (seq === 2) throw new Error('boom');
          w.putInbox(['office', seq], entry(seq));
        },
        settleAs(seq - 1),
      );
    await aTurnLater();
    await aTurnLater();
    expect(outcomes[0]).toBe('committed');
    expect(outcomes[1]).toBe('boom');
    expect(outcomes[2]).toBe('committed');
    expect(store.inboxOf('office').map((stored) => stored.value.message)).toEqual([1, 3]);
  });

  it('fails every write of a batch whose transaction fails', async () => {
    store.failNextCommits(1);
    group.add((w) => w.putInbox(['office', 1], entry(1)), settleAs(0));
    group.add((w) => w.putInbox(['office', 2], entry(2)), settleAs(1));
    await aTurnLater();
    await aTurnLater();
    expect(outcomes).toHaveLength(2);
    expect(outcomes.every((outcome) => outcome !== undefined && outcome !== 'committed')).toBe(true);
    expect(store.inboxOf('office')).toEqual([]);
  });

  it('flush sends what was added at once', async () => {
    store.holdAcknowledgements();
    group.add((w) => w.putInbox(['office', 1], entry(1)), settleAs(0));
    group.flush();
    expect(store.pending).toBe(1);
    await store.acknowledge(1);
    expect(outcomes).toEqual(['committed']);
  });
});
