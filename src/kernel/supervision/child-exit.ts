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
  /** Its thread died. */
  | { readonly type: 'lost' }
  /** The first start failed (duplicate id, unknown kind, init threw with a waiting spawner). */
  | { readonly type: 'spawn-failed'; readonly error: ErrorRecord };
