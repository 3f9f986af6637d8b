/**
 * Every error the kernel raises, as a closed set of classes with a stable `code`.
 *
 * Errors cross threads as plain {@link ErrorRecord}s and are rebuilt into these
 * classes on the other side by {@link errorFromRecord}, so a caller on the main
 * thread can `instanceof`-check an error raised inside a worker.
 */

export type TroupeErrorCode =
  | 'invalid_option'
  | 'invalid_argument'
  | 'mailbox_full'
  | 'ask_timeout'
  | 'ask_aborted'
  | 'deadlock'
  | 'actor_not_found'
  | 'actor_stopped'
  | 'duplicate_actor_id'
  | 'unencodable_message'
  | 'unknown_actor_kind'
  | 'spawn_failed'
  | 'no_reply'
  | 'message_quarantined'
  | 'worker_crashed'
  | 'system_shut_down'
  | 'actor_failed'
  | 'state_too_large'
  | 'rate_limited'
  | 'fenced'
  | 'store_open_failed'
  | 'store_write_failed'
  | 'store_full'
  | 'state_decode_failed';

/** Base class: every kernel error has a stable machine-readable `code`. */
export class TroupeError extends Error {
  readonly code: TroupeErrorCode;
  constructor(code: TroupeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A system or spawn option is invalid; the message names the option path. */
export class InvalidOptionError extends TroupeError {
  readonly path: string;
  constructor(path: string, message: string) {
    super('invalid_option', `${path} ${message}`);
    this.path = path;
  }
}

/** A public function got an argument it cannot use; the message names it. */
export class InvalidArgumentError extends TroupeError {
  readonly argument: string;
  constructor(argument: string, message: string) {
    super('invalid_argument', `${argument} ${message}`);
    this.argument = argument;
  }
}

/** The target's bounded mailbox is full and its overflow policy is `reject`. The undelivered message is handed back. */
export class MailboxFullError extends TroupeError {
  readonly actorId: string;
  readonly undelivered: unknown;
  constructor(actorId: string, capacity: number, undelivered: unknown) {
    super('mailbox_full', `mailbox of actor "${actorId}" is full (capacity ${capacity})`);
    this.actorId = actorId;
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
  constructor(module: string, name: string, why: string) {
    super('unknown_actor_kind', `actor kind "${name}" from ${module} ${why}`);
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
    super(
      'message_quarantined',
      `actor "${actorId}" failed ${attempts} times on this message: ${describe(cause)}`,
      {
        cause,
      },
    );
    this.actorId = actorId;
    this.attempts = attempts;
  }
}

export class WorkerCrashedError extends TroupeError {
  readonly thread: number;
  constructor(thread: number, cause?: unknown) {
    super('worker_crashed', `worker thread ${thread} died${cause ? `: ${describe(cause)}` : ''}`, { cause });
    this.thread = thread;
  }
}

export class ActorStoppedError extends TroupeError {
  readonly actorId: string;
  constructor(actorId: string) {
    super('actor_stopped', `actor "${actorId}" stopped before answering`);
    this.actorId = actorId;
  }
}

export class SystemShutDownError extends TroupeError {
  constructor() {
    super('system_shut_down', 'the actor system is shut down');
  }
}

/** An error thrown by user code inside a worker, carried across as data. */
export class ActorFailedError extends TroupeError {
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
  constructor(actorId: string, size: number, cap: number) {
    super('state_too_large', `state of actor "${actorId}" would be ${size} bytes, over its cap of ${cap}`);
    this.actorId = actorId;
  }
}

/** An actor's message rate is exceeded (flood control); try again after `retryAfterMs`. */
export class RateLimitedError extends TroupeError {
  readonly actorId: string;
  readonly retryAfterMs: number;
  constructor(actorId: string, retryAfterMs: number, direction: 'receive' | 'send') {
    super(
      'rate_limited',
      `actor "${actorId}" ${direction === 'receive' ? 'receives' : 'sends'} too often: retry after ${retryAfterMs} ms`,
    );
    this.actorId = actorId;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Plain-data form of an error, as it travels between threads. */
export interface ErrorRecord {
  readonly code: TroupeErrorCode | 'error';
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** Fields a class needs to be rebuilt (actor id, cycle, undelivered message, …). */
  readonly data?: Record<string, unknown>;
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function toErrorRecord(error: unknown): ErrorRecord {
  if (error instanceof TroupeError) {
    const data: Record<string, unknown> = {};
    for (const key of [
      'actorId',
      'undelivered',
      'timeoutMs',
      'cycle',
      'attempts',
      'thread',
      'path',
      'argument',
      'retryAfterMs',
    ]) {
      const value = (error as unknown as Record<string, unknown>)[key];
      if (value !== undefined) data[key] = value;
    }
    return { code: error.code, name: error.name, message: error.message, stack: error.stack, data };
  }
  if (error instanceof Error) {
    return { code: 'error', name: error.name, message: error.message, stack: error.stack };
  }
  return { code: 'error', name: 'Error', message: String(error) };
}

/** Rebuild an error from its record; unknown user errors become {@link ActorFailedError}. */
export function errorFromRecord(record: ErrorRecord): Error {
  const data = record.data ?? {};
  const text = (key: string) => String(data[key] ?? '');
  const error = rebuild(record, data, text);
  // The message is authoritative: it was written where the error happened.
  error.message = record.message;
  if (record.stack) error.stack = record.stack;
  return error;
}

function rebuild(record: ErrorRecord, data: Record<string, unknown>, text: (key: string) => string): Error {
  switch (record.code) {
    case 'invalid_option':
      return new InvalidOptionError(text('path'), '');
    case 'invalid_argument':
      return new InvalidArgumentError(text('argument'), '');
    case 'mailbox_full':
      return new MailboxFullError(text('actorId'), 0, data.undelivered);
    case 'ask_timeout':
      return new AskTimeoutError(text('actorId'), Number(data.timeoutMs ?? 0));
    case 'ask_aborted':
      return new AskAbortedError(text('actorId'));
    case 'deadlock':
      return new DeadlockError((data.cycle as string[] | undefined) ?? []);
    case 'actor_not_found':
      return new ActorNotFoundError(text('actorId'));
    case 'actor_stopped':
      return new ActorStoppedError(text('actorId'));
    case 'duplicate_actor_id':
      return new DuplicateActorIdError(text('actorId'));
    case 'unencodable_message':
      return new UnencodableMessageError('');
    case 'unknown_actor_kind':
      return new UnknownActorKindError('', '', '');
    case 'spawn_failed':
      return new SpawnError(text('actorId'), undefined);
    case 'no_reply':
      return new NoReplyError(text('actorId'));
    case 'message_quarantined':
      return new MessageQuarantinedError(text('actorId'), Number(data.attempts ?? 0), undefined);
    case 'worker_crashed':
      return new WorkerCrashedError(Number(data.thread ?? -1));
    case 'system_shut_down':
      return new SystemShutDownError();
    case 'rate_limited':
      return new RateLimitedError(text('actorId'), Number(data.retryAfterMs ?? 0), 'receive');
    case 'state_too_large':
      return new TroupeError('state_too_large', record.message);
    case 'fenced':
      return new TroupeError('fenced', record.message);
    case 'store_open_failed':
      return new StoreOpenError(text('path'), undefined);
    case 'store_write_failed':
      return new StoreWriteError(text('path'), undefined);
    case 'store_full':
      return new StoreFullError(text('path'), undefined);
    case 'state_decode_failed':
      return new StateDecodeError(text('actorId'), undefined);
    case 'actor_failed':
    case 'error':
      return new ActorFailedError(record.name, record.message, record.stack);
  }
}

/** The store at `path` could not be opened (not a directory, no permission, incompatible flags, …). */
export class StoreOpenError extends TroupeError {
  readonly path: string;
  constructor(path: string, cause: unknown) {
    super('store_open_failed', `cannot open the store at ${path}: ${describe(cause)}`, { cause });
    this.path = path;
  }
}

/** A whole commit failed (I/O error, …): nothing of its batch was written. */
export class StoreWriteError extends TroupeError {
  readonly path: string;
  constructor(
    path: string,
    cause: unknown,
    code: 'store_write_failed' | 'store_full' = 'store_write_failed',
  ) {
    const what = code === 'store_full' ? 'the store is full' : 'a commit failed';
    super(code, `${what} at ${path}: ${describe(cause)}`, { cause });
    this.path = path;
  }
}

/** A commit failed for lack of space (map full, disk full, file size limit): nothing of its batch was written. */
export class StoreFullError extends StoreWriteError {
  constructor(path: string, cause: unknown) {
    super(path, cause, 'store_full');
  }
}

/** The stored record of an actor cannot be decoded; the store itself stays usable. */
export class StateDecodeError extends TroupeError {
  readonly actorId: string;
  constructor(actorId: string, cause: unknown) {
    super('state_decode_failed', `stored state of actor "${actorId}" cannot be decoded: ${describe(cause)}`, {
      cause,
    });
    this.actorId = actorId;
  }
}
