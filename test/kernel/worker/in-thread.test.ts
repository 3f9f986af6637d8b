/**
 * The data plane does not go through the main thread: actors keep exchanging messages,
 * in-thread and across threads, while the main thread is blocked.
 */
import { afterEach, expect, it } from 'vitest';
import { homeThread } from '../../../src/kernel/actor/placement.js';
import { type ActorSystem, createActorSystem } from '../../../src/kernel/index.js';
import { Burst, Sink, type SinkReport } from '../../fixtures/probes.js';

let system: ActorSystem;
afterEach(async () => {
  await system?.shutdown();
});

function blockMainThread(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy: no event-loop turn on the main thread
  }
}

it('delivers between actors while the main thread is blocked', async () => {
  system = createActorSystem({ threads: 2 });
  const candidates = Array.from({ length: 20 }, (_, i) => `node-${i}`);
  const sinkId = candidates[0] as string;
  const sink = await system.spawn(Sink, { id: sinkId, mailbox: { capacity: 100_000 } });
  const localId = candidates.find((id) => id !== sinkId && homeThread(id, 2) === sink.thread) as string;
  const remoteId = candidates.find((id) => homeThread(id, 2) !== sink.thread) as string;
  const local = await system.spawn(Burst, { id: localId });
  const remote = await system.spawn(Burst, { id: remoteId });
  // The two sends are queued to the threads, then the main thread stops running.
  const sent = Promise.all([
    local.ask({ type: 'send', to: sink, count: 2_000, label: 'local' }),
    remote.ask({ type: 'send', to: sink, count: 2_000, label: 'remote' }),
  ]);
  await new Promise((resolve) => setImmediate(resolve)); // let the asks leave
  // Long enough for 4,000 turns even on a busy machine: the claim is where they ran, not how fast.
  blockMainThread(3_000);
  const unblockedAt = Date.now();
  const report = await sink.ask<SinkReport>({ type: 'report' });
  // Every item was handled before the main thread ran again.
  expect(report.lastItemAt).toBeLessThan(unblockedAt);
  expect(report.bySender.local?.length).toBe(2_000);
  expect(report.bySender.remote?.length).toBe(2_000);
  await sent;
});
