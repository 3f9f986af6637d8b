/**
 * The HTTP sessions' event store, over each log (the store's `http-events` table, and
 * memory): events are kept in order per session and replayed by stream after an event id —
 * also after a priming event's id, which is not kept (its id takes the highest seq handed out
 * so far, or 0 in a fresh session), so a resume from a stream's start replays all of that
 * stream and nothing of the others; `end` removes the events and keeps no more. Over the
 * table, a session brought back (a new store over `readEventBounds`) continues after its
 * stored seq, and a previous run's session is removed whole (`removeStoredEvents`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createActorSystem } from '../../../src/kernel/index.js';
import {
  type EventLog,
  HTTP_EVENTS_TABLE,
  MemoryEventLog,
  NO_EVENTS,
  TableEventLog,
} from '../../../src/serve/http/event-logs.js';
import {
  readEventBounds,
  removeStoredEvents,
  SessionEventStore,
} from '../../../src/serve/http/event-store.js';

const dataDir = mkdtempSync(join(tmpdir(), 'troupe-event-store-'));
const system = createActorSystem({ dataDir, threads: 1 });
const retention = { maxEvents: 100, maxAgeMs: 60_000 };
const now = () => 1_000;

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

const logs: [string, string, (session: string) => EventLog][] = [
  [
    'table',
    '0f8e2c4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b',
    (session) => new TableEventLog(system, session, retention),
  ],
  ['memory', '2f8e2c4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b', () => new MemoryEventLog(retention)],
];

describe.each(logs)('over the %s log', (_name, session, logFor) => {
  it('keeps no priming event, replays a whole stream from its priming id, and removes all at the end', async () => {
    const store = new SessionEventStore(logFor(session), now);
    const fresh = await store.storeEvent('a', {} as JSONRPCMessage);
    expect(fresh).toBe('a@0');
    expect(await store.storeEvent('a', note(1))).toBe('a@1');
    const primed = await store.storeEvent('b', {} as JSONRPCMessage);
    expect(primed).toBe('b@1');
    expect(await store.storeEvent('a', note(2))).toBe('a@2');
    expect(await store.storeEvent('b', note(3))).toBe('b@3');

    expect(await replayed(store, fresh)).toEqual([
      ['a@1', { n: 1 }],
      ['a@2', { n: 2 }],
    ]);
    expect(await replayed(store, primed)).toEqual([['b@3', { n: 3 }]]);
    expect(await replayed(store, 'a@1')).toEqual([['a@2', { n: 2 }]]);
    expect(await store.getStreamIdForEventId(primed)).toBe('b');

    await store.end();
    expect(await replayed(store, fresh)).toEqual([]);
    expect(await store.storeEvent('a', note(4))).toBe('a@3');
    expect(await replayed(store, fresh)).toEqual([]);
  });
});

it('over the table: a session brought back continues after its stored seq; a left one is removed whole', async () => {
  const session = '1f8e2c4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b';
  const store = new SessionEventStore(new TableEventLog(system, session, retention), now);
  for (let n = 1; n <= 3; n++) await store.storeEvent('a', note(n));
  expect(storedSeqs(session)).toEqual([1, 2, 3]);

  const bounds = await readEventBounds(system, session);
  expect(bounds).toEqual({ oldest: 1, seq: 3 });
  const revived = new SessionEventStore(new TableEventLog(system, session, retention), now, bounds);
  expect(await revived.storeEvent('c', {} as JSONRPCMessage)).toBe('c@3');
  expect(await revived.storeEvent('c', note(4))).toBe('c@4');
  expect(await replayed(revived, 'a@0')).toEqual([
    ['a@1', { n: 1 }],
    ['a@2', { n: 2 }],
    ['a@3', { n: 3 }],
  ]);

  await removeStoredEvents(system, session);
  expect(storedSeqs(session)).toEqual([]);
  expect(await readEventBounds(system, session)).toEqual(NO_EVENTS);
});
