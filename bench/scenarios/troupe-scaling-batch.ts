/**
 * Troupe half of scaling-batch: acked tells from main to durable Sinks (`commit` mode, 2
 * threads) with `inFlight` tells awaited at a time, for `durationMs`, then until every Sink has
 * handled its share. Each tell is a durable turn (inbox entry, then the Sink's turn), and a
 * thread's commit pipeline puts what is pending into one transaction (at most 256 entries, the
 * kernel's `MAX_BATCH_ENTRIES`), so `inFlight` sets the commit batch size the store sees. The
 * mean batch actually committed is read from the system's stats (entries / batches).
 */
import type { ActorRef } from '../../src/kernel/index.js';
import { Sink, type SinkMsg } from '../actors/sink.js';
import { nowMs, type Throughput, toThroughput } from '../harness/measure.js';
import type { MeasureSession } from '../harness/session.js';
import { openDurableSystemSession } from './troupe-durable-system.js';
import type { TroupeSystem } from './troupe-system.js';

export interface TroupeScalingBatchOptions {
  readonly inFlight: number;
  readonly durationMs: number;
  readonly sinks: number;
}

export interface BatchSample {
  readonly tells: Throughput;
  /** Entries per committed transaction, over every thread, during the round. */
  readonly meanBatch: number;
}

interface Counted {
  readonly sink: ActorRef<SinkMsg>;
  expected: number;
}

async function commitTotals(system: TroupeSystem): Promise<{ entries: number; batches: number }> {
  const { totals } = await system.stats();
  return {
    entries: totals.commits,
    batches: totals.commitDurations.counts.reduce((sum, count) => sum + count, 0),
  };
}

export function openTroupeScalingBatch(
  options: TroupeScalingBatchOptions,
): Promise<MeasureSession<BatchSample>> {
  return openDurableSystemSession(
    'commit',
    { threads: 2, mailbox: { capacity: 100_000 } },
    async (system) => {
      const sinks: Counted[] = [];
      for (let index = 0; index < options.sinks; index++)
        sinks.push({ sink: await system.spawn(Sink, { id: `batch-sink-${index}` }), expected: 0 });
      return async () => {
        const before = await commitTotals(system);
        const start = nowMs();
        let next = 0;
        let sent = 0;
        const sender = async () => {
          while (nowMs() - start < options.durationMs) {
            const counted = sinks[next++ % sinks.length] as Counted;
            counted.expected++;
            sent++;
            await counted.sink.tell({ type: 'inc', by: 1 });
          }
        };
        await Promise.all(Array.from({ length: options.inFlight }, sender));
        await Promise.all(
          sinks.map((counted) =>
            counted.sink.ask<number>({ type: 'until', count: counted.expected }, { timeoutMs: 60_000 }),
          ),
        );
        const tells = toThroughput(sent, nowMs() - start);
        const after = await commitTotals(system);
        const batches = after.batches - before.batches;
        return { tells, meanBatch: batches > 0 ? (after.entries - before.entries) / batches : 0 };
      };
    },
  );
}
