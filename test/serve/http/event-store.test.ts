/**
 * The HTTP sessions' event store on a real store: events are kept in order per session and
 * replayed by stream after an event id — also after a priming event's id, which is not stored
 * (its id takes the highest seq handed out so far, or 0 in a fresh session), so a resume from
 * a stream's start replays all of that stream and nothing of the others. Each write prunes
 * to the newest `maxEvents` (and the young enough); a session brought back (a new store over
 * `readEventBounds`) continues after its stored seq; `end` removes the events and stores no more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, expect, it } from 'vitest';
import { createActorSystem } from '../../../src/kernel/index.js';
import {
  type EventRetention,
  HTTP_EVENTS_TABLE,
  NO_EVENTS,
  readEventBounds,
  removeStoredEvents,
  SessionEventStore,
} from '../../../src/serve/http/event-store.js';

const dataDir = mkdtempSync(join(tmpdir(), 'troupe-event-store-'));
const system = createActorSystem({ dataDir, threads: 1 });
const SESSION = '0f8e2c4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b';
const OTHER = '1f8e2c4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b';
let clock = 1_000;
const retention: EventRetention = { maxEvents: 100, maxAgeMs: 60_000, now: () => clock };

afterAll(async () => {
  await system.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

const note = (n: number): JSONRPCMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/message',
  params: { n },
});

const storedSeqs = (session: string) =>
  system
    .table(HTTP_EVENTS_TABLE)
    .range({ prefix: [session] })
    .map(({ key }) => key[1]);

async function replayed(store: SessionEventStore, after: string): Promise<[string, unknown][]> {
  const sent: [string, unknown][] = [];
  await store.replayEventsAfter(after, {
    send: async (id, message) => {
      sent.push([id, (message as { params?: unknown }).params]);
    },
  });
  return sent;
}

it('stores no priming event, and replays a whole stream from its priming id', async () => {
  const store = new SessionEventStore(system, SESSION, retention);
  const fresh = await store.storeEvent('a', {} as JSONRPCMessage);
  expect(fresh).toBe('a@0');
  expect(await store.storeEvent('a', note(1))).toBe('a@1');
  const primed = await store.storeEvent('b', {} as JSONRPCMessage);
  expect(primed).toBe('b@1');
  expect(await store.storeEvent('a', note(2))).toBe('a@2');
  expect(await store.storeEvent('b', note(3))).toBe('b@3');
  expect(storedSeqs(SESSION)).toEqual([1, 2, 3]);

  expect(await replayed(store, fresh)).toEqual([
    ['a@1', { n: 1 }],
    ['a@2', { n: 2 }],
  ]);
  expect(await replayed(store, primed)).toEqual([['b@3', { n: 3 }]]);
  expect(await replayed(store, 'a@1')).toEqual([['a@2', { n: 2 }]]);
  expect(await store.getStreamIdForEventId(primed)).toBe('b');

  // Brought back (as after a restart): the seq continues after the stored ones.
  const bounds = await readEventBounds(system, SESSION);
  expect(bounds).toEqual({ oldest: 1, seq: 3 });
  const revived = new SessionEventStore(system, SESSION, retention, bounds);
  expect(await revived.storeEvent('c', {} as JSONRPCMessage)).toBe('c@3');
  expect(await revived.storeEvent('c', note(4))).toBe('c@4');
  expect(await replayed(revived, 'a@0')).toEqual([
    ['a@1', { n: 1 }],
    ['a@2', { n: 2 }],
  ]);

  // Ended: its events go, and nothing more is stored.
  await revived.end();
  expect(storedSeqs(SESSION)).toEqual([]);
  expect(await revived.storeEvent('c', note(5))).toBe('c@4');
  expect(storedSeqs(SESSION)).toEqual([]);
});

it('keeps the newest maxEvents and those younger than maxAgeMs, never pruning the newest', async () => {
  const store = new SessionEventStore(system, OTHER, { ...retention, maxEvents: 3 });
  // Many at once: the writes of one macrotask share a batch, pruning in order.
  await Promise.all(Array.from({ length: 10 }, (_, i) => store.storeEvent('s', note(i + 1))));
  expect(storedSeqs(OTHER)).toEqual([8, 9, 10]);
  clock += 60_001;
  await store.storeEvent('s', note(11));
  expect(storedSeqs(OTHER)).toEqual([11]);
  // A previous run's session, not resumed: what the store holds is removed.
  expect(await readEventBounds(system, OTHER)).toEqual({ oldest: 11, seq: 11 });
  await removeStoredEvents(system, OTHER);
  expect(storedSeqs(OTHER)).toEqual([]);
  expect(await readEventBounds(system, OTHER)).toEqual(NO_EVENTS);
});
