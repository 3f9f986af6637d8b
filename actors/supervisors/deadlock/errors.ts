/**
 * The errors of the deadlock detector's data structures, each a `TroupeError` with a stable
 * code. They report misuse by the caller (a malformed edge, a token used twice, an empty
 * cycle); a deadlock itself is not an error here but a `Cycle` value, which the supervisor
 * turns into the kernel's `DeadlockError` for the victim.
 */
import { TroupeError, type TroupeErrorOptions } from '../../../src/kernel/index.js';

export type DeadlockDetectorErrorCode = 'invalid_wait_edge' | 'duplicate_wait_token' | 'empty_cycle';

/** Base class: every error of the detector has one of the detector's codes. */
export class DeadlockDetectorError extends TroupeError {
  declare readonly code: DeadlockDetectorErrorCode;
  constructor(code: DeadlockDetectorErrorCode, message: string, options?: TroupeErrorOptions) {
    super(code, message, options);
  }
}

/** A field of a `WaitEdge` is malformed; the message and `field` name the field path (`edge.since`). */
export class InvalidWaitEdgeError extends DeadlockDetectorError {
  declare readonly field: string;
  constructor(field: string, message: string) {
    super('invalid_wait_edge', `${field} ${message}`, { field });
  }
}

/** An edge was added with a token the graph already holds: tokens name exactly one edge. */
export class DuplicateWaitTokenError extends DeadlockDetectorError {
  readonly token: string;
  constructor(token: string) {
    super('duplicate_wait_token', `edge.token ${JSON.stringify(token)} is already in the wait-for graph`, {
      field: 'edge.token',
    });
    this.token = token;
  }
}

/** A cycle without edges was handed to a function that needs at least one (victim choice). */
export class EmptyCycleError extends DeadlockDetectorError {
  declare readonly field: string;
  constructor(argument: string) {
    super('empty_cycle', `${argument} has no edges`, { field: argument });
  }
}
