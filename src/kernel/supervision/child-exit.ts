/**
 * How a child left its supervisor's care: what a supervisor decides on (`decide.ts`), sent
 * to it as a `child-exit` wire record from the child's thread.
 */
import type { StopReason } from '../actor/behaviour.js';
import type { ErrorRecord } from '../errors.js';

/** How a child left its supervisor's care. */
export type ChildExit =
  /** Threw in init or receive; it is suspended until the supervisor restarts or stops it. */
  | { readonly type: 'failed'; readonly error: ErrorRecord }
  /** Terminated (stopped itself, or was stopped). */
  | { readonly type: 'stopped'; readonly reason: StopReason }
  /**
   * Its thread died. `charged`: the death counts toward the supervisor's restart intensity —
   * not when the watchdog ended the thread for another actor's jam (that jam is charged to the
   * message that jammed, `jam-handler.ts`), so a jamming neighbour cannot suspend the others.
   */
  | { readonly type: 'lost'; readonly charged: boolean }
  /** The first start failed (duplicate id, unknown kind, init threw with a waiting spawner). */
  | { readonly type: 'spawn-failed'; readonly error: ErrorRecord };
