/**
 * troupe — an actor runtime on Node.js worker threads. The public API.
 */

export {
  type ActorBehaviour,
  type ActorDefinition,
  type ActorKindRef,
  type ActorLogic,
  type Directive,
  defineActor,
  type ReceiveResult,
  reply,
  type StopReason,
  stop,
} from './actor/behaviour.js';
export type { ActorContext, ReplyTo, ScheduleOptions, SpawnOptions } from './actor/context.js';
export { Delivery } from './actor/delivery.js';
export type { MailboxSpec, OverflowPolicy, RateSpec } from './actor/mailbox.js';
export { DEFAULT_MAILBOX } from './actor/mailbox.js';
export { homeThread } from './actor/placement.js';
export { ActorRef, type AskOptions, isActorRef } from './actor/ref.js';
export {
  compareTableKeys,
  DEFAULT_RANGE_LIMIT,
  MAX_RANGE_LIMIT,
  type Table,
  type TableEntry,
  type TableKey,
  type TableKeyPart,
  type TableRange,
  type TableReader,
} from './actor/table.js';
export {
  type Clock,
  type ClockSource,
  createManualClock,
  ManualClock,
  monotonicMs,
  systemClock,
  wallOffsetMs,
  wallTimeOf,
} from './clock.js';
export {
  ActorFailedError,
  ActorNotFoundError,
  ActorStoppedError,
  ActorSuspendedError,
  AskAbortedError,
  AskTimeoutError,
  DeadlockError,
  DuplicateActorIdError,
  ERROR_CODE_MEANINGS,
  type ErrorRecord,
  errorFromRecord,
  FencedError,
  InternalError,
  InvalidArgumentError,
  InvalidOptionError,
  isRefusal,
  isTroupeError,
  isTroupeErrorCode,
  MailboxFullError,
  MessageQuarantinedError,
  NoReplyError,
  type Outcome,
  RateLimitedError,
  type Refusal,
  type Refused,
  RefusedError,
  RestartIntensityError,
  refusalOf,
  refuse,
  SpawnError,
  StateDecodeError,
  StateTooLargeError,
  StoreFullError,
  StoreLockedError,
  StoreOpenError,
  StoreWriteError,
  SystemShutDownError,
  ThreadJammedError,
  TROUPE_ERROR_CODES,
  TroupeError,
  type TroupeErrorCode,
  type TroupeErrorOptions,
  UnboundRefError,
  UnencodableMessageError,
  UnknownActorKindError,
  WorkerCrashedError,
  type WorkerDeath,
  type WorkerDeathCause,
} from './errors.js';
export { ActorSystem, createActorSystem } from './main/actor-system.js';
export { ensureActor } from './main/ensure-actor.js';
export type { SystemOptions } from './main/options.js';
export type { Receiver } from './main/receivers.js';
export type { TableTransaction, TableWrite, TableWriter } from './main/table-writes.js';
export { isStoreHeld } from './persistence/writer-lock.js';
export type { BackoffSpec, RestartType, SupervisionSpec, SupervisionStrategy } from './supervision/spec.js';
export { DEFAULT_SUPERVISION } from './supervision/spec.js';
export { parseOrThrow } from './validation.js';
export {
  ACTOR_STATUSES,
  type ActorInfo,
  type ActorStatus,
  type ActorTreeNode,
  type StatusCounts,
  type SupervisionTree,
  type SystemStats,
  type ThreadStats,
} from './wire/control.js';
export {
  addDurationHistograms,
  DURATION_BUCKETS_MS,
  type DurationHistogram,
} from './wire/duration-histogram.js';
export type { DeadLetterReason, SystemEvent, SystemEventListener, SystemEventType } from './wire/events.js';
export type { TracedTurn, TraceHook } from './wire/traced-turn.js';
