/**
 * Baseline for spawning: the cheapest possible "actor" — a plain `{ id, state }` object
 * stored in a `Map` by id. Measures creations per second and heap bytes per entry
 * (see `harness/heap.ts` for how heap is read).
 */
import { type HeapReading, readHeapUsed } from '../harness/heap.js';
import { nowMs, type Throughput, toThroughput } from '../harness/measure.js';
import type { MeasureSession } from '../harness/session.js';

export interface PlainObjectsResult {
  readonly creation: Throughput;
  readonly bytesPerEntry: number;
  readonly heapMethod: HeapReading['method'];
}

export async function measurePlainObjects(count = 1_000_000): Promise<PlainObjectsResult> {
  const before = await readHeapUsed();
  const start = nowMs();
  const table = new Map<string, { id: string; state: number }>();
  for (let index = 0; index < count; index++) {
    const id = `actor-${index}`;
    table.set(id, { id, state: 0 });
  }
  const creation = toThroughput(count, nowMs() - start);
  const after = await readHeapUsed();
  if (table.size !== count) throw new Error('plain-objects lost entries');
  return { creation, bytesPerEntry: (after.heapUsed - before.heapUsed) / count, heapMethod: after.method };
}

/** Each round builds a fresh table of `count` entries (the previous one is garbage by then). */
export function createPlainObjectsSession(count = 1_000_000): MeasureSession<PlainObjectsResult> {
  return { measureRound: () => measurePlainObjects(count), close: async () => {} };
}
