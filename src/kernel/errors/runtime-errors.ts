/**
 * The errors the runtime raises: bad options and arguments, asks that fail, actors that
 * cannot be found, started or kept, threads that die, and `InternalError` for a broken
 * invariant. Each is a `TroupeError` with a fixed code and keeps, as fields, what a caller
 * needs to act on it; every field is plain data, so the error crosses threads whole
 * (`error-record.ts`).
 *
 * It does not hold the store's errors (`store-errors.ts`), the fencing error
 * (`fenced-error.ts`) nor the domain refusal (`refusal.ts`).
 */
import { describe, TroupeError } from './troupe-error.js';

/** A system or spawn option is invalid; the message and `field` name the option path. */
export class InvalidOptionError extends TroupeError {
  declare readonly field: string;
  constructor(path: string, message: string) {
    super('invalid_option', `${path} ${message}`, { field: path });
  }

  /** The option path (the same as `field`). */
  get path(): string {
    return this.field;
  }
}

/** A public function got an argument it cannot use; the message and `field` name it. */
export class InvalidArgumentError extends TroupeError {
  declare readonly field: string;
  constructor(argument: string, message: string) {
    super('invalid_argument', `${argument} ${message}`, { field: argument });
  }

  /** The argument's path (the same as `field`). */
  get argument(): string {
    return this.field;
  }
}

/** The target's bounded mailbox is full and its overflow policy is `reject`. The undelivered message is handed back. */
export class MailboxFullError extends TroupeError {
  readonly actorId: string;
  readonly capacity: number;
  readonly undelivered: unknown;
  constructor(actorId: string, capacity: number, undelivered: unknown) {
    super('mailbox_full', `mailbox of actor "${actorId}" is full (capacity ${capacity})`);
    this.actorId = actorId;
    this.capacity = capacity;
    this.undelivered = undelivered;
  }
}

export class AskTimeoutError extends TroupeError {
  readonly actorId: string;
  readonly timeoutMs: number;
  constructor(actorId: string, timeoutMs: number) {
    super('ask_timeout', `ask to actor "${actorId}" got no reply within ${timeoutMs} ms`);
    this.actorId = actorId;
    this.timeoutMs = timeoutMs;
  }
}

export class AskAbortedError extends TroupeError {
  readonly actorId: string;
  constructor(actorId: string, reason?: unknown) {
    super('ask_aborted', `ask to actor "${actorId}" was aborted`, { cause: reason });
    this.actorId = actorId;
  }
}

/** A wait that can never end: the message names every actor in the cycle. */
export class DeadlockError extends TroupeError {
  readonly cycle: readonly string[];
  constructor(cycle: readonly string[]) {
    super('deadlock', `deadlock: ${cycle.join(' -> ')}`);
    this.cycle = cycle;
  }
}

export class ActorNotFoundError extends TroupeError {
  readonly actorId: string;
  constructor(actorId: string) {
    super('actor_not_found', `no actor "${actorId}" is running`);
    this.actorId = actorId;
  }
}

export class DuplicateActorIdError extends TroupeError {
  readonly actorId: string;
  constructor(actorId: string) {
    super('duplicate_actor_id', `an actor with id "${actorId}" already exists`);
    this.actorId = actorId;
  }
}

/** A message holds something the codec cannot carry across a thread (a function, a symbol, …). */
export class UnencodableMessageError extends TroupeError {
  constructor(detail: string) {
    super('unencodable_message', `message cannot be encoded: ${detail}`);
  }
}

export class UnknownActorKindError extends TroupeError {
  readonly module: string;
  /** The kind's export name in `module`. */
  readonly kind: string;
  constructor(module: string, name: string, why: string) {
    super('unknown_actor_kind', `actor kind "${name}" from ${module} ${why}`);
    this.module = module;
    this.kind = name;
  }
}

/** `init` threw while spawning: the actor was not created. */
export class SpawnError extends TroupeError {
  readonly actorId: string;
  constructor(actorId: string, cause: unknown) {
    super('spawn_failed', `actor "${actorId}" failed to start: ${describe(cause)}`, { cause });
    this.actorId = actorId;
  }
}

/** The turn that handled an ask ended without replying or deferring the reply. */
export class NoReplyError extends TroupeError {
  readonly actorId: string;
  constructor(actorId: string) {
    super('no_reply', `actor "${actorId}" handled the ask without replying`);
    this.actorId = actorId;
  }
}

/** The message failed on every attempt and was moved to the dead letters. */
export class MessageQuarantinedError extends TroupeError {
  readonly actorId: string;
  readonly attempts: number;
  constructor(actorId: string, attempts: number, cause: unknown) {
    const why = `actor "${actorId}" failed ${attempts} times on this message: ${describe(cause)}`;
    super('message_quarantined', why, { cause });
    this.actorId = actorId;
    this.attempts = attempts;
  }
}

/** Why a worker thread died, as far as piscina and Node tell. */
export type WorkerDeathCause =
  /** The thread exited (`process.exit`, or its event loop ended): `exitCode` says how. */
  | 'exit'
  /** An error was thrown outside any turn and nothing caught it. */
  | 'uncaught-error'
  /** It exceeded its `workerResourceLimits` (heap, stack). */
  | 'resource-limit'
  /** The watchdog ended it: a turn or its event loop made no progress. */
  | 'jammed'
  | 'unknown';

export interface WorkerDeath {
  readonly cause: WorkerDeathCause;
  /** What Node said: the uncaught error's message, the limit reached, the watchdog's reason. */
  readonly detail: string;
  readonly exitCode?: number;
  /** `jammed`: the actor whose turn jammed the thread (none when its event loop did). */
  readonly jammedBy?: string;
  /** The worker's own stack: the uncaught error's, or that of the `process.exit` call that ended it. */
  readonly workerStack?: string;
}

/** Does losing `actorId` with a thread that died of `death` count against it? Not for another actor's jam. */
export function isChargedLoss(death: WorkerDeath | undefined, actorId: string): boolean {
  return death?.cause !== 'jammed' || death.jammedBy === undefined || death.jammedBy === actorId;
}

/**
 * The worker thread that ran the actor died while the call was in flight. `retryable`: the
 * call may be made again — the thread was replaced, and an ask is never applied after its
 * caller was told it failed (a durable actor replies only after its turn committed).
 */
export class WorkerCrashedError extends TroupeError {
  readonly thread: number;
  readonly retryable = true;
  /** Why it died, when piscina/Node said (`undefined`: the thread was lost without a word). */
  readonly why: WorkerDeathCause;
  readonly exitCode: number | undefined;
  /** The worker's own stack, when it left one: the uncaught error's, or where `process.exit` was called. */
  readonly workerStack: string | undefined;
  constructor(thread: number, death?: WorkerDeath, cause?: unknown) {
    const detail = death ? `: ${death.detail}` : cause ? `: ${describe(cause)}` : '';
    super('worker_crashed', `worker thread ${thread} died${detail}`, { cause });
    this.thread = thread;
    this.why = death?.cause ?? 'unknown';
    this.exitCode = death?.exitCode;
    this.workerStack = death?.workerStack;
  }
}

export class ActorStoppedError extends TroupeError {
  readonly actorId: string;
  constructor(actorId: string) {
    super('actor_stopped', `actor "${actorId}" stopped before answering`);
    this.actorId = actorId;
  }
}

/**
 * The actor is suspended: it failed more often than its supervisor allows and is kept in the
 * store, with its state and inbox, until it is resumed (by `system.resume(id)`, or on its own
 * at `resumeAt`). Tells to it wait in its inbox; an ask fails at once with this error.
 */
export class ActorSuspendedError extends TroupeError {
  readonly actorId: string;
  /** When it was suspended (epoch ms). */
  readonly since: number;
  /** When it will be resumed on its own (epoch ms). */
  readonly resumeAt: number;
  constructor(actorId: string, since: number, resumeAt: number) {
    super(
      'actor_suspended',
      `actor "${actorId}" is suspended since ${isoTime(since)} (it kept failing); it resumes at ${isoTime(resumeAt)} or by system.resume`,
    );
    this.actorId = actorId;
    this.since = since;
    this.resumeAt = resumeAt;
  }
}

function isoTime(epochMs: number): string {
  return Number.isFinite(epochMs) ? new Date(epochMs).toISOString() : String(epochMs);
}

export class SystemShutDownError extends TroupeError {
  constructor() {
    super('system_shut_down', 'the actor system is shut down');
  }
}

/** An error thrown by user code inside a worker, carried across as data. */
export class ActorFailedError extends TroupeError {
  /** The `name` of the error that was thrown (`TypeError`, `MyDomainError`, …). */
  readonly remoteName: string;
  constructor(remoteName: string, message: string, stack?: string) {
    super('actor_failed', message);
    this.remoteName = remoteName;
    if (stack) this.stack = stack;
  }
}

/** A turn produced a state larger than the actor's cap: the turn fails, nothing of it is kept. */
export class StateTooLargeError extends TroupeError {
  readonly actorId: string;
  readonly size: number;
  readonly cap: number;
  constructor(actorId: string, size: number, cap: number) {
    super('state_too_large', `state of actor "${actorId}" would be ${size} bytes, over its cap of ${cap}`);
    this.actorId = actorId;
    this.size = size;
    this.cap = cap;
  }
}

/** An actor's message rate is exceeded (flood control); try again after `retryAfterMs`. */
export class RateLimitedError extends TroupeError {
  readonly actorId: string;
  readonly retryAfterMs: number;
  readonly direction: 'receive' | 'send';
  constructor(actorId: string, retryAfterMs: number, direction: 'receive' | 'send') {
    const does = direction === 'receive' ? 'receives' : 'sends';
    super('rate_limited', `actor "${actorId}" ${does} too often: retry after ${retryAfterMs} ms`);
    this.actorId = actorId;
    this.retryAfterMs = retryAfterMs;
    this.direction = direction;
  }
}

/** A ref was used on a thread where no actor system runs (it was never bound, or its system is gone). */
export class UnboundRefError extends TroupeError {
  constructor(ref: string) {
    super('unbound_ref', `${ref} is not bound to a running actor system on this thread`);
  }
}

/** `error` as an `Error`: itself, or an `InternalError` describing a throw that was not one. */
export function asError(error: unknown): Error {
  return error instanceof Error
    ? error
    : new InternalError(`a non-error was thrown: ${String(error)}`, error);
}

/** Something that cannot happen did, or an adapter caught a throw that carries no troupe code: a bug. */
export class InternalError extends TroupeError {
  constructor(message: string, cause?: unknown) {
    super('internal', message, { cause });
  }
}
