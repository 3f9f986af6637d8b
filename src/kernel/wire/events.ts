/**
 * System events: the observable record of everything that did not go as planned —
 * dead letters, failures, restarts, escalations, crashed threads. A discriminated union,
 * produced on any thread and delivered to `system.subscribe` listeners on the main thread
 * (by the main thread's `EventBus`).
 */
import type { StopReason } from '../actor/behaviour.js';
import type { ErrorRecord } from '../errors.js';

/** Why a message ended up as a dead letter instead of being handled. */
export type DeadLetterReason =
  | 'unknown-actor'
  | 'stopped'
  | 'mailbox-full'
  | 'dropped-oldest'
  | 'dropped-newest'
  | 'quarantined'
  | 'unencodable'
  | 'rate-limited'
  | 'thread-lost'
  | 'suspended';

export type SystemEvent =
  | {
      readonly type: 'dead-letter';
      readonly to: string;
      readonly message: unknown;
      readonly reason: DeadLetterReason;
      readonly error?: ErrorRecord;
      readonly thread: number;
    }
  | {
      readonly type: 'actor-failed';
      readonly id: string;
      readonly error: ErrorRecord;
      readonly attempt: number;
      readonly thread: number;
    }
  | {
      readonly type: 'actor-restarted';
      readonly id: string;
      readonly restarts: number;
      readonly delayMs: number;
      readonly thread: number;
    }
  | {
      readonly type: 'actor-stopped';
      readonly id: string;
      readonly reason: StopReason;
      readonly thread: number;
    }
  | {
      readonly type: 'spawn-failed';
      readonly id: string;
      readonly error: ErrorRecord;
      readonly thread: number;
    }
  | {
      readonly type: 'reached-max-restart-intensity';
      readonly supervisor: string;
      readonly child: string;
      readonly thread: number;
    }
  | { readonly type: 'late-reply'; readonly askId: number; readonly thread: number }
  | {
      readonly type: 'terminate-failed';
      readonly id: string;
      readonly error: ErrorRecord;
      readonly thread: number;
    }
  | { readonly type: 'worker-crashed'; readonly thread: number; readonly error: ErrorRecord }
  /** A durable actor's stored state could not be read: it is set aside, the system goes on. */
  | {
      readonly type: 'actor-quarantined';
      readonly id: string;
      readonly error: ErrorRecord;
      readonly thread: number;
    }
  /** A commit failed: nothing of it was written or released; the actor is reloaded from the store. */
  | {
      readonly type: 'commit-failed';
      readonly id: string;
      readonly error: ErrorRecord;
      readonly thread: number;
    }
  | { readonly type: 'actor-passivated'; readonly id: string; readonly thread: number }
  /**
   * A durable actor failed past its restart intensity: it is kept in the store (state, inbox)
   * and not activated until `resumeAt` or `system.resume(id)`. Tells to it wait in its inbox.
   */
  | {
      readonly type: 'actor-suspended';
      readonly id: string;
      readonly since: number;
      readonly resumeAt: number;
      /** The last error before it was suspended. */
      readonly reason: ErrorRecord;
      readonly failures: number;
      readonly thread: number;
    }
  /** A suspended actor was resumed (`by` the operator, or on its own after its backoff). */
  | {
      readonly type: 'actor-resumed';
      readonly id: string;
      readonly by: 'operator' | 'backoff';
      readonly thread: number;
    }
  /** An actor waits for another (an ask): an edge of the wait-for graph, until `wait-ended`. */
  | {
      readonly type: 'wait-started';
      readonly waiter: string;
      readonly target: string;
      readonly token: string;
      /** When the ask was made, on the machine's monotonic clock (`monotonicMs`): comparable across threads. */
      readonly since: number;
      readonly thread: number;
    }
  | { readonly type: 'wait-ended'; readonly token: string; readonly thread: number }
  /** A wait-for cycle was broken by failing `victim`'s wait with `DeadlockError`. */
  | {
      readonly type: 'deadlock';
      readonly cycle: readonly string[];
      readonly victim: string;
      readonly kind: string;
    }
  /** The watchdog found a thread making no progress: it is terminated and replaced. */
  | {
      readonly type: 'thread-jammed';
      readonly thread: number;
      readonly actorId: string | null;
      readonly reason: string;
    }
  | { readonly type: 'worker-replaced'; readonly thread: number };

export type SystemEventType = SystemEvent['type'];
export type SystemEventListener = (event: SystemEvent) => void;
