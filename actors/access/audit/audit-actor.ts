/**
 * `AuditActor`: the one durable actor (`audit`) that appends audit events — a batch per
 * message, answered once the batch is committed (`append`: an acknowledged event is on disk)
 * — and prunes those older than the retention with a durable timer (`prune`, a bounded batch
 * per turn, continued until nothing old is left). Its state is a counter and the retention;
 * the events are table entries, so a turn costs the same with ten events or ten million.
 */
import { defineActor, reply } from '../../../src/kernel/index.js';
import {
  AUDIT_BY_ACTION_TABLE,
  AUDIT_BY_AGENT_TABLE,
  AUDIT_EVENTS_TABLE,
  type AuditEntry,
  type AuditEvent,
} from './audit-event.js';

export type AuditMsg =
  | { readonly type: 'append'; readonly entries: readonly AuditEntry[] }
  /** Keep events for this long (null: for ever); arms or disarms the pruning timer. */
  | { readonly type: 'retain'; readonly retentionMs: number | null }
  /** Own timer and continuation: remove events older than the retention. */
  | { readonly type: 'prune' };

export interface AuditState {
  readonly nextSeq: number;
  readonly retentionMs: number | null;
}

export const AUDIT_ACTOR_ID = 'audit';
const PRUNE_TIMER = 'prune';
/** Events removed per pruning turn: a turn stays small, a continuation does the rest. */
export const PRUNE_BATCH = 500;

export const AuditActor = defineActor<AuditMsg, AuditState, undefined>({
  module: import.meta.url,
  name: 'AuditActor',
  init: () => ({ nextSeq: 1, retentionMs: null }),
  receive: (state, msg, ctx) => {
    switch (msg.type) {
      case 'append': {
        let seq = state.nextSeq;
        const events = ctx.table<AuditEvent>(AUDIT_EVENTS_TABLE);
        for (const entry of msg.entries) {
          const event: AuditEvent = { ...entry, seq };
          events.put([event.at, seq], event);
          if (event.agentId !== null) ctx.table(AUDIT_BY_AGENT_TABLE).put([event.agentId, event.at, seq], 0);
          ctx.table(AUDIT_BY_ACTION_TABLE).put([event.action, event.at, seq], 0);
          seq++;
        }
        return reply(
          { ok: true, value: { appended: msg.entries.length, lastSeq: seq - 1 } },
          { ...state, nextSeq: seq },
        );
      }
      case 'retain': {
        if (msg.retentionMs === null) ctx.cancelSchedule(PRUNE_TIMER);
        else ctx.schedule(0, { type: 'prune' }, { key: PRUNE_TIMER, every: pruneEvery(msg.retentionMs) });
        return reply({ ok: true, value: null }, { ...state, retentionMs: msg.retentionMs });
      }
      case 'prune': {
        if (state.retentionMs === null) return state;
        const before = ctx.now() - state.retentionMs;
        const old = ctx.table<AuditEvent>(AUDIT_EVENTS_TABLE).range({ limit: PRUNE_BATCH });
        let removed = 0;
        for (const { key, value } of old) {
          if (value.at >= before) break;
          ctx.table(AUDIT_EVENTS_TABLE).remove(key);
          if (value.agentId !== null)
            ctx.table(AUDIT_BY_AGENT_TABLE).remove([value.agentId, value.at, value.seq]);
          ctx.table(AUDIT_BY_ACTION_TABLE).remove([value.action, value.at, value.seq]);
          removed++;
        }
        if (removed === PRUNE_BATCH) ctx.tell(ctx.self, { type: 'prune' });
        return { ...state };
      }
    }
  },
});

/** How often to prune: a tenth of the retention, between a second and an hour. */
export function pruneEvery(retentionMs: number): number {
  return Math.min(3_600_000, Math.max(1_000, Math.round(retentionMs / 10)));
}
