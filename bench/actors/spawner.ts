/**
 * `Spawner`: the spawn scenario's driver, living on one worker thread. A `spawn` ask:
 *   1. reads heapUsed (after a forced GC when available, see bench/harness/heap.ts),
 *   2. spawns `total` Idle children, `chunk` per turn, stopping early at `deadlineMs`,
 *   3. pings the last child — spawns apply in order, so its answer means all are running,
 *   4. reads heapUsed again and replies with counts, time and the heap delta.
 * It keeps no refs to its children (only the last), so the delta is the runtime's cost.
 */
import { performance } from 'node:perf_hooks';
import { type ActorRef, defineActor } from '../../src/kernel/index.js';
import { type HeapReading, readHeapUsed } from '../harness/heap.js';
import { deferAskReply, type ReplyTo } from './deferred-reply.js';
import { Idle, type IdleMsg } from './idle.js';

export type SpawnerMsg =
  | { readonly type: 'spawn'; readonly total: number; readonly chunk: number; readonly deadlineMs: number }
  | { readonly type: 'continue' }
  | { readonly type: 'finish' };

export interface SpawnReport {
  readonly spawned: number;
  readonly elapsedMs: number;
  readonly heapBefore: number;
  readonly heapAfter: number;
  readonly heapMethod: HeapReading['method'];
}

interface SpawnRun {
  readonly replyTo: ReplyTo;
  readonly total: number;
  readonly chunk: number;
  readonly deadlineMs: number;
  readonly heapBefore: number;
  readonly startedAt: number;
  readonly spawned: number;
  readonly last: ActorRef<IdleMsg> | null;
}

export const Spawner = defineActor<SpawnerMsg, SpawnRun | null, void>({
  module: import.meta.url,
  name: 'Spawner',
  init: () => null,
  receive: async (run, message, ctx) => {
    switch (message.type) {
      case 'spawn': {
        const replyTo = deferAskReply(ctx, 'Spawner spawn');
        const before = await readHeapUsed();
        ctx.tell(ctx.self, { type: 'continue' });
        const { total, chunk, deadlineMs } = message;
        const startedAt = performance.now();
        return {
          replyTo,
          total,
          chunk,
          deadlineMs,
          heapBefore: before.heapUsed,
          startedAt,
          spawned: 0,
          last: null,
        };
      }
      case 'continue': {
        if (!run) return run;
        const size = Math.min(run.chunk, run.total - run.spawned);
        let last = run.last;
        for (let index = 0; index < size; index++) last = ctx.spawn(Idle);
        const spawned = run.spawned + size;
        const outOfTime = performance.now() - run.startedAt >= run.deadlineMs;
        // This turn's spawns are applied when it ends, so finishing waits for a later turn.
        ctx.tell(ctx.self, spawned < run.total && !outOfTime ? { type: 'continue' } : { type: 'finish' });
        return { ...run, spawned, last };
      }
      case 'finish': {
        if (!run) return run;
        if (run.last) await ctx.ask(run.last, { type: 'ping' }, { timeoutMs: 60_000 });
        const elapsedMs = performance.now() - run.startedAt;
        const after = await readHeapUsed(300);
        const report: SpawnReport = {
          spawned: run.spawned,
          elapsedMs,
          heapBefore: run.heapBefore,
          heapAfter: after.heapUsed,
          heapMethod: after.method,
        };
        ctx.replyTo(run.replyTo, report);
        return null;
      }
    }
  },
});
