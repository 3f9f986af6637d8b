/**
 * The errors of the deadlock detector's data structures, each a class with a stable
 * `code`. They report misuse by the caller (a malformed edge, a token used twice, an
 * empty cycle); a deadlock itself is not an error here but a `Cycle` value, which the
 * supervisor turns into the kernel's `DeadlockError` for the victim.
 */

export type DeadlockDetectorErrorCode = 'invalid_wait_edge' | 'duplicate_wait_token' | 'empty_cycle';

/** Base class: every error of the detector has a stable machine-readable `code`. */
export class DeadlockDetectorError extends Error {
  readonly code: DeadlockDetectorErrorCode;
  constructor(code: DeadlockDetectorErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A field of a `WaitEdge` is malformed; the message names the field path (`edge.since`). */
export class InvalidWaitEdgeError extends DeadlockDetectorError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('invalid_wait_edge', `${field} ${message}`);
    this.field = field;
  }
}

/** An edge was added with a token the graph already holds: tokens name exactly one edge. */
export class DuplicateWaitTokenError extends DeadlockDetectorError {
  readonly token: string;
  constructor(token: string) {
    super('duplicate_wait_token', `edge.token ${JSON.stringify(token)} is already in the wait-for graph`);
    this.token = token;
  }
}

/** A cycle without edges was handed to a function that needs at least one (victim choice). */
export class EmptyCycleError extends DeadlockDetectorError {
  constructor(argument: string) {
    super('empty_cycle', `${argument} has no edges`);
  }
}
