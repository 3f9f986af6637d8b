/**
 * The effects of a turn: what `ctx` recorded, applied by the runtime after the turn
 * succeeds and in the order they were issued. This log (with the new state and the
 * reply) is exactly what the durable store will commit atomically.
 */
import type { ReplyTo } from '../actor/context.js';
import type { ActorRef } from '../actor/ref.js';
import type { TableKey } from '../actor/table.js';
import type { SpawnSpec } from '../wire/wire.js';
import type { ActorCell } from './cell.js';

export type Effect =
  /**
   * `cell`: the target's cell when it lives on this thread (resolved when the tell was issued).
   * `traceparent`: the trace of the turn that told it (`wire/traced-turn.ts`), carried on; null when untraced.
   */
  | {
      readonly type: 'tell';
      readonly target: ActorRef<unknown>;
      readonly message: unknown;
      readonly cell: ActorCell | undefined;
      readonly traceparent: string | null;
    }
  | { readonly type: 'reply'; readonly to: ReplyTo; readonly value: unknown }
  | { readonly type: 'spawn'; readonly spec: SpawnSpec }
  | { readonly type: 'stop'; readonly target: ActorRef<unknown> }
  /** `dueAt`: epoch ms; `every`: period in ms for a repeating timer. */
  | {
      readonly type: 'schedule';
      readonly key: string;
      readonly dueAt: number;
      readonly every: number | null;
      readonly message: unknown;
    }
  | { readonly type: 'cancel-schedule'; readonly key: string }
  /** A durable actor's table entry, written (or removed) by the turn's commit. */
  | {
      readonly type: 'table-put';
      readonly table: string;
      readonly key: TableKey;
      readonly value: unknown;
    }
  | { readonly type: 'table-remove'; readonly table: string; readonly key: TableKey };
