/**
 * The codec at the thread boundary: a message that cannot be encoded is rejected at
 * send with a clear error (main thread and inside a turn), and refs travel inside messages.
 */
import { afterEach, expect, it } from 'vitest';
import { homeThread } from '../../../src/kernel/actor/placement.js';
import { type ActorSystem, createActorSystem, UnencodableMessageError } from '../../../src/kernel/index.js';
import { Sink, type SinkReport, Spawner } from '../../fixtures/probes.js';

let system: ActorSystem;
afterEach(async () => {
  await system?.shutdown();
});

it('rejects a function or a symbol at the sending call on the main thread', async () => {
  system = createActorSystem({ threads: 2 });
  const sink = await system.spawn(Sink, {});
  expect(() => sink.tell({ type: 'item', from: 'main', n: 1, fn: () => 1 } as never)).toThrow(
    UnencodableMessageError,
  );
  expect(() => sink.tell({ type: 'item', from: 'main', n: 1, sym: Symbol('s') } as never)).toThrow(/symbol/);
  await expect(sink.ask({ type: 'item', fn() {} } as never)).rejects.toBeInstanceOf(UnencodableMessageError);
  // The link is still usable afterwards.
  await sink.tell({ type: 'item', from: 'main', n: 2 });
  const report = await sink.ask<SinkReport>({ type: 'report' });
  expect(report.bySender.main).toEqual([2]);
});

it('rejects a cycle at the sending call, and carries a class instance as its plain fields', async () => {
  system = createActorSystem({ threads: 2 });
  const sink = await system.spawn(Sink, {});
  const cyclic: Record<string, unknown> = { type: 'item', from: 'main', n: 1 };
  cyclic.self = cyclic;
  expect(() => sink.tell(cyclic as never)).toThrow(/cycle/);
  // Neither the check nor msgpackr refuses an instance: it crosses as a plain object (methods stay behind).
  class Item {
    readonly type = 'item';
    readonly from = 'main';
    constructor(readonly n: number) {}
    double(): number {
      return this.n * 2;
    }
  }
  await sink.tell(new Item(3) as never);
  const report = await sink.ask<SinkReport>({ type: 'report' });
  expect(report.bySender.main).toEqual([3]);
});

it('rejects an unencodable cross-thread message at ctx.tell, inside the turn', async () => {
  system = createActorSystem({ threads: 2 });
  const ids = Array.from({ length: 20 }, (_, i) => `p-${i}`);
  const spawner = await system.spawn(Spawner, { id: ids[0] as string });
  const remoteId = ids.find((id) => homeThread(id, 2) !== spawner.thread) as string;
  const remote = await system.spawn(Sink, { id: remoteId });
  const outcome = await spawner.ask<string>({ type: 'tell-remote', to: remote, n: 1, withFunction: true });
  expect(outcome).toMatch(
    /UnencodableMessageError: message cannot be encoded: message\.nested\.deep\[1\] is a function/,
  );
  const ok = await spawner.ask<string>({ type: 'tell-remote', to: remote, n: 7, withFunction: false });
  expect(ok).toBe('sent');
  await expect
    .poll(async () => (await remote.ask<SinkReport>({ type: 'report' })).bySender.spawner)
    .toEqual([7]);
});
