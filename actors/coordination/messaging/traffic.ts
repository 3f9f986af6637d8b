/**
 * `TrafficSweep`: the one durable actor (id `traffic`) that prunes the traffic log — the
 * `traffic` table [sender, sentAt, recipient, seq] that recipients' actors append to as
 * they deliver — of the sends older than `trafficRetentionMs`. A durable periodic timer
 * wakes it; each turn examines a bounded batch and goes on from where it stopped (its cursor
 * is its state), telling itself to continue while a backlog remains. Within a sender the
 * entries are in time order, so it removes the old ones from the front and jumps to the
 * next sender at the first recent one.
 */
import { defineActor, type TableKey } from '../../../src/kernel/index.js';
import { TRAFFIC_TABLE } from './message.js';

export const TRAFFIC_SWEEP_ID = 'traffic';
/** Entries examined (or senders skipped) per turn. */
export const SWEEP_BATCH = 2_000;
const SWEEP_TIMER = 'sweep';

export type TrafficSweepMsg =
  /** Set the retention (and the period, a tenth of it, between 1 s and 1 min); sweeps at once. */
  { readonly type: 'configure'; readonly retentionMs: number } | { readonly type: 'sweep' };

interface SweepState {
  readonly retentionMs: number;
  /** Where the current pass stopped; null: the next pass starts at the beginning. */
  readonly after: TableKey | null;
}

/** The timer's period for a retention. */
export const sweepPeriodMs = (retentionMs: number) =>
  Math.min(60_000, Math.max(1_000, Math.floor(retentionMs / 10)));

export const TrafficSweep = defineActor<TrafficSweepMsg, SweepState, { readonly retentionMs: number }>({
  module: import.meta.url,
  name: 'TrafficSweep',
  immutableState: true,
  init: ({ retentionMs }, ctx) => {
    const every = sweepPeriodMs(retentionMs);
    ctx.schedule(every, { type: 'sweep' }, { key: SWEEP_TIMER, every });
    return { retentionMs, after: null };
  },
  receive: (state, msg, ctx) => {
    switch (msg.type) {
      case 'configure': {
        const every = sweepPeriodMs(msg.retentionMs);
        ctx.schedule(every, { type: 'sweep' }, { key: SWEEP_TIMER, every });
        ctx.tell(ctx.self, { type: 'sweep' });
        return { ...state, retentionMs: msg.retentionMs };
      }
      case 'sweep': {
        const after = sweepSome(ctx.table(TRAFFIC_TABLE), state.after, ctx.now() - state.retentionMs);
        // A pass that stopped short goes on at once; a finished one waits for the timer.
        if (after !== null) ctx.tell(ctx.self, { type: 'sweep' });
        return after === state.after ? state : { ...state, after };
      }
    }
  },
});

interface Pruned {
  range(range: { after?: TableKey; limit: number }): { key: TableKey }[];
  remove(key: TableKey): void;
}

/** Remove a batch of entries sent before `cutoff`; where the pass stopped (null: at the end). */
export function sweepSome(table: Pruned, from: TableKey | null, cutoff: number): TableKey | null {
  let after = from;
  let budget = SWEEP_BATCH;
  while (budget > 0) {
    const entries = table.range({ limit: Math.min(budget, 500), ...(after ? { after } : {}) });
    if (entries.length === 0) return null;
    for (const { key } of entries) {
      budget--;
      const [sender, sentAt] = key;
      if (typeof sentAt === 'number' && sentAt < cutoff) {
        table.remove(key);
        after = key;
        continue;
      }
      // The rest of this sender's sends are recent: on to the next sender.
      after = [sender ?? '', Number.MAX_VALUE];
      break;
    }
  }
  return after;
}
