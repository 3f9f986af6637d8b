/**
 * Placement and turns: actors run on worker threads, explicit ids are homed by hash,
 * generated child ids live with their parent, one message at a time per actor, FIFO per
 * sender → receiver pair (in-thread and across threads).
 */
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { homeThread } from '../../../src/kernel/actor/placement.js';
import { type ActorRef, type ActorSystem, createActorSystem } from '../../../src/kernel/index.js';
import { Burst, Sink, type SinkMsg, type SinkReport, Spawner } from '../../fixtures/probes.js';

let system: ActorSystem;
afterEach(async () => {
  await system?.shutdown();
});

describe('placement', () => {
  it('runs actors on worker threads, homed by a hash of the id', async () => {
    system = createActorSystem({ threads: 2 });
    const ids = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
    const refs = await Promise.all(ids.map((id) => system.spawn(Sink, { id })));
    const workerIds = new Set<number>();
    for (const ref of refs) {
      expect(ref.thread).toBe(homeThread(ref.id, 2));
      const where = await ref.ask<number>({ type: 'where' });
      expect(where).not.toBe(threadId);
      workerIds.add(where);
    }
    // Both threads are used by these ids, and the two home threads are distinct workers.
    expect(new Set(refs.map((r) => r.thread)).size).toBe(2);
    expect(workerIds.size).toBe(2);
  });

  it('co-locates generated child ids with the parent; explicit ids go to their hash home', async () => {
    system = createActorSystem({ threads: 2 });
    const parent = await system.spawn(Spawner, { id: 'spawner' });
    const explicit = ['child-x', 'child-y', 'child-z', 'child-w'];
    const children = await parent.ask<ActorRef<SinkMsg>[]>({
      type: 'spawn-children',
      count: 5,
      explicitIds: explicit,
    });
    expect(system.refOf('spawner').thread).toBe(parent.thread);
    for (const child of children.slice(0, 5)) expect(child.thread).toBe(parent.thread);
    for (const child of children.slice(5)) expect(child.thread).toBe(homeThread(child.id, 2));
    // Refs received inside a reply are live: they can be asked directly.
    const where = await Promise.all(children.map((c) => c.ask<number>({ type: 'where' })));
    const parentThreadWorker = where[0];
    for (const w of where.slice(0, 5)) expect(w).toBe(parentThreadWorker);
  });
});

describe('turns', () => {
  it('handles one message at a time per actor, even with async turns', async () => {
    system = createActorSystem({ threads: 2 });
    const sink = await system.spawn(Sink, {});
    for (let n = 0; n < 20; n++) sink.tell({ type: 'item', from: 'main', n, pauseMs: 2 });
    const report = await sink.ask<SinkReport>({ type: 'report' });
    expect(report.bySender.main).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(report.maxConcurrent).toBe(1);
  });

  it('keeps FIFO per sender → receiver pair, in-thread and across threads', async () => {
    system = createActorSystem({ threads: 2 });
    // 10,300 items and a report can all be queued at once (a busy machine may run the bursts
    // before the sink takes a single one): more than the default capacity of 10,000, so the
    // sink gets room for all of them — this test is about order, not about overflow.
    const sink = await system.spawn(Sink, { id: 'sink-a', mailbox: { capacity: 20_000 } });
    const sameThreadId = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].find(
      (id) => homeThread(id, 2) === sink.thread,
    ) as string;
    const otherThreadId = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].find(
      (id) => homeThread(id, 2) !== sink.thread,
    ) as string;
    const local = await system.spawn(Burst, { id: sameThreadId });
    const remote = await system.spawn(Burst, { id: otherThreadId });
    expect(local.thread).toBe(sink.thread);
    expect(remote.thread).not.toBe(sink.thread);
    await Promise.all([
      local.ask({ type: 'send', to: sink, count: 5_000, label: 'local' }),
      remote.ask({ type: 'send', to: sink, count: 5_000, label: 'remote' }),
    ]);
    for (let n = 0; n < 300; n++) sink.tell({ type: 'item', from: 'main', n });
    // Wait for every message (a busy machine delivers late, never out of order).
    let report = await sink.ask<SinkReport>({ type: 'report' });
    const deadline = Date.now() + 30_000;
    const arrived = (r: SinkReport) =>
      (r.bySender.remote?.length ?? 0) >= 5_000 && (r.bySender.main?.length ?? 0) >= 300;
    while (!arrived(report) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      report = await sink.ask<SinkReport>({ type: 'report' });
    }
    const inOrder = (count: number) => Array.from({ length: count }, (_, n) => n);
    expect(report.bySender.local).toEqual(inOrder(5_000));
    expect(report.bySender.remote).toEqual(inOrder(5_000));
    expect(report.bySender.main).toEqual(inOrder(300));
  });
});
