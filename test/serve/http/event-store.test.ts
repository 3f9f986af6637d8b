/**
 * The HTTP sessions' event store on a real store: events are kept in order per session and
 * replayed by stream after an event id — also after a priming event's id, which is not stored
 * (its id takes the highest seq answered so far, or 0 in a fresh process), so a resume from a
 * stream's start replays all of that stream and nothing of the others.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, expect, it } from 'vitest';
import { createActorSystem } from '../../../src/kernel/index.js';
import { SessionEventStore, sessionLogId } from '../../../src/serve/http/event-store.js';
import { HTTP_EVENTS_TABLE, HttpSessionLog } from '../../../src/serve/http/session-log-actor.js';

const dataDir = mkdtempSync(join(tmpdir(), 'troupe-event-store-'));
const system = createActorSystem({ dataDir, threads: 1 });
const SESSION = '0f8e2c4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b';

afterAll(async () => {
  await system.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

const note = (n: number): JSONRPCMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/message',
  params: { n },
});

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
  const log = await system.spawn(HttpSessionLog, {
    id: sessionLogId(SESSION),
    args: { sessionId: SESSION, initialize: {}, maxEvents: 100, maxAgeMs: 60_000 },
  });
  const store = new SessionEventStore(system, SESSION, log);
  const fresh = await store.storeEvent('a', {} as JSONRPCMessage);
  expect(fresh).toBe('a@0');
  expect(await store.storeEvent('a', note(1))).toBe('a@1');
  const primed = await store.storeEvent('b', {} as JSONRPCMessage);
  expect(primed).toBe('b@1');
  expect(await store.storeEvent('a', note(2))).toBe('a@2');
  expect(await store.storeEvent('b', note(3))).toBe('b@3');
  expect(system.table(HTTP_EVENTS_TABLE).range({ prefix: [SESSION] })).toHaveLength(3);

  expect(await replayed(store, fresh)).toEqual([
    ['a@1', { n: 1 }],
    ['a@2', { n: 2 }],
  ]);
  expect(await replayed(store, primed)).toEqual([['b@3', { n: 3 }]]);
  expect(await replayed(store, 'a@1')).toEqual([['a@2', { n: 2 }]]);
  expect(await store.getStreamIdForEventId(primed)).toBe('b');
});
