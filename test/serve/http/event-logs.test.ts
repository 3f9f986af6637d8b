/**
 * The event logs of the HTTP sessions (the store's `http-events` table, and memory) prune on
 * every append, from the oldest: to the newest `maxEvents`, and to those younger than
 * `maxAgeMs` — never the newest. Appends made together (one macrotask: one commit over the
 * table) prune in order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createActorSystem } from '../../../src/kernel/index.js';
import {
  type EventLog,
  type EventRetention,
  MemoryEventLog,
  TableEventLog,
} from '../../../src/serve/http/event-logs.js';

const dataDir = mkdtempSync(join(tmpdir(), 'troupe-event-logs-'));
const system = createActorSystem({ dataDir, threads: 1 });

afterAll(async () => {
  await system.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

const retention: EventRetention = { maxEvents: 3, maxAgeMs: 60_000 };
const event = (n: number, at: number) => ({ streamId: 's', message: { n }, at });

const logs: [string, () => EventLog][] = [
  ['table', () => new TableEventLog(system, '0f8e2c4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b', retention)],
  ['memory', () => new MemoryEventLog(retention)],
];

describe.each(logs)('the %s log', (_name, open) => {
  it('keeps the newest maxEvents and those younger than maxAgeMs, never pruning the newest', async () => {
    const log = open();
    let oldest = 1;
    const olds = await Promise.all(
      Array.from({ length: 10 }, (_, i) => log.append(i + 1, event(i + 1, 1_000), oldest)),
    );
    oldest = Math.max(...olds);
    expect(oldest).toBe(8);
    expect((await log.after(0, 100)).map((kept) => kept.seq)).toEqual([8, 9, 10]);
    oldest = await log.append(11, event(11, 61_001), oldest);
    expect(oldest).toBe(11);
    expect((await log.after(0, 100)).map((kept) => kept.seq)).toEqual([11]);
    expect((await log.after(10, 100)).map((kept) => kept.event.message)).toEqual([{ n: 11 }]);
    await log.remove({ oldest, seq: 11 });
    expect(await log.after(0, 100)).toEqual([]);
  });
});
