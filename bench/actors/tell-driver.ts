/**
 * `TellDriver`: drives tell-local. On `setup` it spawns N child Counters (same thread);
 * on a `run` ask it tells them round robin, `chunk` messages per turn (yielding between
 * turns through a self-tell so the children run), until `durationMs` has passed. Then it
 * asks every child to `report` (FIFO mailboxes: a report comes after all earlier tells
 * were handled) and, once all have, replies with sent, counted and elapsed time.
 */
import { performance } from 'node:perf_hooks';
import { type ActorRef, defineActor, reply } from '../../src/kernel/index.js';
import { type CountedMsg, Counter, type CounterMsg } from './counter.js';
import { deferAskReply, type ReplyTo } from './deferred-reply.js';

export type TellDriverMsg =
  | { readonly type: 'setup'; readonly children: number }
  | { readonly type: 'run'; readonly durationMs: number; readonly chunk: number }
  | { readonly type: 'continue' }
  | CountedMsg;

export interface TellRunReport {
  readonly sent: number;
  readonly counted: number;
  readonly elapsedMs: number;
}

interface Run {
  readonly replyTo: ReplyTo;
  readonly durationMs: number;
  readonly chunk: number;
  readonly startedAt: number;
  readonly sent: number;
  readonly counted: number;
  /** Children yet to report; `null` while still sending. */
  readonly awaitingReports: number | null;
}

interface DriverState {
  readonly children: readonly ActorRef<CounterMsg>[];
  readonly next: number;
  readonly run: Run | null;
}

export const TellDriver = defineActor<TellDriverMsg, DriverState, void>({
  module: import.meta.url,
  name: 'TellDriver',
  init: () => ({ children: [], next: 0, run: null }),
  receive: (state, message, ctx) => {
    switch (message.type) {
      case 'setup': {
        const children = Array.from({ length: message.children }, () => ctx.spawn(Counter));
        return reply(children.length, { ...state, children });
      }
      case 'run': {
        const replyTo = deferAskReply(ctx, 'TellDriver run');
        ctx.tell(ctx.self, { type: 'continue' });
        const { durationMs, chunk } = message;
        const run: Run = {
          replyTo,
          durationMs,
          chunk,
          startedAt: performance.now(),
          sent: 0,
          counted: 0,
          awaitingReports: null,
        };
        return { ...state, run };
      }
      case 'continue': {
        const { run, children } = state;
        if (!run) return state;
        let next = state.next;
        for (let sent = 0; sent < run.chunk; sent++) {
          ctx.tell(children[next] as ActorRef<CounterMsg>, { type: 'inc', by: 1 });
          next = next + 1 === children.length ? 0 : next + 1;
        }
        const sent = run.sent + run.chunk;
        if (performance.now() - run.startedAt < run.durationMs) {
          ctx.tell(ctx.self, { type: 'continue' });
          return { ...state, next, run: { ...run, sent } };
        }
        // A ref's message type is covariant in the runtime, so narrow ours to what Counters send.
        const reportTo = ctx.self as ActorRef<CountedMsg>;
        for (const child of children) ctx.tell(child, { type: 'report', to: reportTo });
        return { ...state, next, run: { ...run, sent, awaitingReports: children.length } };
      }
      case 'counted': {
        const { run } = state;
        if (!run || run.awaitingReports === null) return state;
        const counted = run.counted + message.count;
        const awaitingReports = run.awaitingReports - 1;
        if (awaitingReports > 0) return { ...state, run: { ...run, counted, awaitingReports } };
        const report: TellRunReport = {
          sent: run.sent,
          counted,
          elapsedMs: performance.now() - run.startedAt,
        };
        ctx.replyTo(run.replyTo, report);
        return { ...state, run: null };
      }
    }
  },
});
