/**
 * Supervision as data: how a supervisor treats its children, with every default in
 * one constant. The decisions themselves live in `decide.ts`.
 */

/** Which children restart when one exits abnormally. */
export type SupervisionStrategy = 'one-for-one' | 'one-for-all' | 'rest-for-one';

/** When a child is restarted: always, only after an abnormal exit, or never. */
export type RestartType = 'permanent' | 'transient' | 'temporary';

export interface BackoffSpec {
  /** Delay before the first restart in a window. */
  readonly initialMs: number;
  /** The cap the doubling delay never exceeds. */
  readonly maxMs: number;
  readonly factor: number;
}

export interface SupervisionSpec {
  readonly strategy: SupervisionStrategy;
  /** At most this many restarts within `periodMs`; one more and the supervisor escalates. */
  readonly intensity: number;
  readonly periodMs: number;
  readonly backoff: BackoffSpec;
  /** Attempts at one message before it is quarantined as a dead letter. */
  readonly maxMessageAttempts: number;
}

export const DEFAULT_SUPERVISION: SupervisionSpec = {
  strategy: 'one-for-one',
  intensity: 3,
  periodMs: 5_000,
  backoff: { initialMs: 1, maxMs: 1_000, factor: 2 },
  maxMessageAttempts: 3,
};

/** Restart after a failure, not after a normal stop. */
export const DEFAULT_RESTART: RestartType = 'transient';
