/**
 * The kernel's errors, in one import: every kernel file imports them from here. The
 * definitions live in `errors/`, one concept a file:
 *
 * - `codes.ts`          the one closed set of codes, each with its meaning
 * - `troupe-error.ts`   the base class `TroupeError` (code, field, cause)
 * - `runtime-errors.ts` what the runtime raises (asks, actors, threads, options)
 * - `store-errors.ts`   what a store raises
 * - `fenced-error.ts`   a stale activation's commit, refused
 * - `supervision-errors.ts` a jammed thread, a supervisor past its restart intensity
 * - `error-record.ts`   errors as plain data, to cross threads, and back
 * - `refusal.ts`        the domain refusal (`Outcome`, `refuse`, `RefusedError`)
 */
export {
  ERROR_CODE_MEANINGS,
  isTroupeErrorCode,
  TROUPE_ERROR_CODES,
  type TroupeErrorCode,
} from './errors/codes.js';
export { type ErrorRecord, errorFromRecord, toErrorRecord } from './errors/error-record.js';
export { FencedError } from './errors/fenced-error.js';
export {
  isRefusal,
  type Outcome,
  type Refusal,
  type Refused,
  RefusedError,
  refusalOf,
  refuse,
} from './errors/refusal.js';
export {
  ActorFailedError,
  ActorNotFoundError,
  ActorStoppedError,
  ActorSuspendedError,
  AskAbortedError,
  AskTimeoutError,
  asError,
  DeadlockError,
  DuplicateActorIdError,
  InternalError,
  InvalidArgumentError,
  InvalidOptionError,
  isChargedLoss,
  MailboxFullError,
  MessageQuarantinedError,
  NoReplyError,
  RateLimitedError,
  SpawnError,
  StateTooLargeError,
  SystemShutDownError,
  UnboundRefError,
  UnencodableMessageError,
  UnknownActorKindError,
  WorkerCrashedError,
  type WorkerDeath,
  type WorkerDeathCause,
} from './errors/runtime-errors.js';
export {
  StateDecodeError,
  StoreFullError,
  StoreLockedError,
  StoreOpenError,
  StoreWriteError,
} from './errors/store-errors.js';
export { RestartIntensityError, ThreadJammedError } from './errors/supervision-errors.js';
export { describe, isTroupeError, TroupeError, type TroupeErrorOptions } from './errors/troupe-error.js';
