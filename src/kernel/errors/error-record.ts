/**
 * How an error crosses a thread: as a plain {@link ErrorRecord} (code, name, message,
 * stack, field, and the class's own fields as `data`), rebuilt on the other side by
 * {@link errorFromRecord} into the same class with the same fields — so a caller on the
 * main thread can `instanceof`-check, and read `actorId` or `cycle` from, an error raised
 * inside a worker.
 *
 * A `TroupeError` whose class the kernel does not know (a supervisor's, a service's) comes
 * back as a `TroupeError` with its code, message, field and name; a `RefusedError` as a
 * `RefusedError`; anything else thrown by user code as an `ActorFailedError`.
 */
import type { TroupeErrorCode } from './codes.js';
import { FencedError } from './fenced-error.js';
import { RefusedError } from './refusal.js';
import {
  ActorFailedError,
  ActorNotFoundError,
  ActorStoppedError,
  ActorSuspendedError,
  AskAbortedError,
  AskTimeoutError,
  DeadlockError,
  DuplicateActorIdError,
  InternalError,
  InvalidArgumentError,
  InvalidOptionError,
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
} from './runtime-errors.js';
import {
  StateDecodeError,
  StoreFullError,
  StoreLockedError,
  StoreOpenError,
  StoreWriteError,
} from './store-errors.js';
import { RestartIntensityError, ThreadJammedError } from './supervision-errors.js';
import { TroupeError } from './troupe-error.js';

/** Plain-data form of an error, as it travels between threads. */
export interface ErrorRecord {
  /** `error`: a thrown value without a troupe code. */
  readonly code: TroupeErrorCode | 'error';
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly field?: string;
  /** The class's own fields, to rebuild it (actor id, cycle, undelivered message, …). */
  readonly data?: Record<string, unknown>;
}

/** What every error has, and so is not part of `data`. */
const BASE_KEYS: ReadonlySet<string> = new Set(['code', 'name', 'message', 'stack', 'cause', 'field']);

export function toErrorRecord(error: unknown): ErrorRecord {
  if (error instanceof TroupeError) {
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(error)) {
      if (!BASE_KEYS.has(key) && value !== undefined) data[key] = value;
    }
    const record = { code: error.code, name: error.name, message: error.message, stack: error.stack, data };
    return error.field === undefined ? record : { ...record, field: error.field };
  }
  if (error instanceof Error) {
    return { code: 'error', name: error.name, message: error.message, stack: error.stack };
  }
  return { code: 'error', name: 'Error', message: String(error) };
}

/** Rebuild an error from its record; errors thrown without a troupe code become {@link ActorFailedError}. */
export function errorFromRecord(record: ErrorRecord): TroupeError {
  const error =
    record.code !== 'error' && record.name === RefusedError.name
      ? refused(record.code, record)
      : rebuild(record, new RecordData(record.data));
  // The message is authoritative: it was written where the error happened.
  error.message = record.message;
  if (record.stack) error.stack = record.stack;
  return error;
}

/** Typed reads of a record's `data` (it came over a wire: trust nothing's type). */
class RecordData {
  readonly #data: ReadonlyMap<string, unknown>;
  constructor(data: Record<string, unknown> | undefined) {
    this.#data = new Map(Object.entries(data ?? {}));
  }
  raw(key: string): unknown {
    return this.#data.get(key);
  }
  text(key: string): string {
    const value = this.#data.get(key);
    return value === undefined ? '' : String(value);
  }
  number(key: string, otherwise = 0): number {
    const value = Number(this.#data.get(key) ?? otherwise);
    return Number.isFinite(value) ? value : otherwise;
  }
  texts(key: string): string[] {
    const value = this.#data.get(key);
    return Array.isArray(value) ? value.map(String) : [];
  }
}

function rebuild(record: ErrorRecord, data: RecordData): TroupeError {
  const field = record.field ?? '';
  switch (record.code) {
    case 'invalid_option':
      return new InvalidOptionError(field, '');
    case 'invalid_argument':
      return new InvalidArgumentError(field, '');
    case 'mailbox_full':
      return new MailboxFullError(data.text('actorId'), data.number('capacity'), data.raw('undelivered'));
    case 'ask_timeout':
      return new AskTimeoutError(data.text('actorId'), data.number('timeoutMs'));
    case 'ask_aborted':
      return new AskAbortedError(data.text('actorId'));
    case 'deadlock':
      return new DeadlockError(data.texts('cycle'));
    case 'actor_not_found':
      return new ActorNotFoundError(data.text('actorId'));
    case 'actor_stopped':
      return new ActorStoppedError(data.text('actorId'));
    case 'duplicate_actor_id':
      return new DuplicateActorIdError(data.text('actorId'));
    case 'unencodable_message':
      return new UnencodableMessageError('');
    case 'unknown_actor_kind':
      return new UnknownActorKindError(data.text('module'), data.text('kind'), '');
    case 'spawn_failed':
      return new SpawnError(data.text('actorId'), undefined);
    case 'no_reply':
      return new NoReplyError(data.text('actorId'));
    case 'message_quarantined':
      return new MessageQuarantinedError(data.text('actorId'), data.number('attempts'), undefined);
    case 'worker_crashed':
      return new WorkerCrashedError(data.number('thread', -1), workerDeathOf(data));
    case 'actor_suspended':
      return new ActorSuspendedError(data.text('actorId'), data.number('since'), data.number('resumeAt'));
    case 'system_shut_down':
      return new SystemShutDownError();
    case 'state_too_large':
      return new StateTooLargeError(data.text('actorId'), data.number('size'), data.number('cap'));
    case 'rate_limited':
      return new RateLimitedError(
        data.text('actorId'),
        data.number('retryAfterMs'),
        data.raw('direction') === 'send' ? 'send' : 'receive',
      );
    case 'fenced':
      return new FencedError(data.text('actorId'), data.number('epoch'));
    case 'store_open_failed':
      return new StoreOpenError(data.text('path'), undefined);
    case 'store_locked': {
      const pid = data.number('pid', -1);
      return new StoreLockedError(
        data.text('path'),
        pid < 0 ? null : pid,
        pid < 0 ? 'another process' : `process ${pid}`,
      );
    }
    case 'store_write_failed':
      return new StoreWriteError(data.text('path'), undefined);
    case 'store_full':
      return new StoreFullError(data.text('path'), undefined);
    case 'state_decode_failed':
      return new StateDecodeError(data.text('actorId'), undefined);
    case 'internal':
      return new InternalError(record.message);
    case 'thread_jammed':
      return new ThreadJammedError(data.number('thread', -1), data.text('reason'));
    case 'restart_intensity_reached':
      return new RestartIntensityError(data.text('supervisor'), data.text('child'), 0, 0);
    case 'unbound_ref':
      return new UnboundRefError('a ref');
    case 'actor_failed':
      return new ActorFailedError(data.text('remoteName') || record.name, record.message, record.stack);
    case 'error':
      return new ActorFailedError(record.name, record.message, record.stack);
    // Codes whose classes live outside the kernel (supervisors, services): code, message, field and name cross.
    case 'circuit_open':
    case 'invalid_wait_edge':
    case 'duplicate_wait_token':
    case 'empty_cycle':
    case 'unknown_entity':
      return foreign(record.code, record);
    case 'unauthorized':
    case 'not_found':
    case 'already_exists':
    case 'version_conflict':
    case 'not_participant':
    case 'no_agent':
    case 'not_assignee':
    case 'locked':
    case 'not_holder':
    case 'offline':
    case 'invalid_transition':
    case 'closed':
    case 'self_evaluation':
    case 'invalid_score':
    case 'out_of_range':
    case 'unknown_argument':
    case 'forbidden':
    case 'unknown_agent':
    case 'agent_offline':
    case 'missing_capabilities':
    case 'unknown_session':
    case 'inbox_full':
    case 'too_large':
    case 'limit_exceeded':
      return foreign(record.code, record);
    case 'invalid_config':
    case 'missing_env':
    case 'crash_loop':
    case 'server_unavailable':
    case 'tool_not_found':
    case 'call_timeout':
    case 'call_cancelled':
    case 'connection_lost':
    case 'server_busy':
    case 'downstream_error':
      return foreign(record.code, record);
  }
}

const WORKER_DEATH_CAUSES: ReadonlySet<string> = new Set<WorkerDeathCause>([
  'exit',
  'uncaught-error',
  'resource-limit',
  'jammed',
  'unknown',
]);

/** A crashed worker's cause, as far as the record says (the message carries the detail). */
function workerDeathOf(data: RecordData): WorkerDeath | undefined {
  const why = data.text('why');
  if (!WORKER_DEATH_CAUSES.has(why)) return undefined;
  const exitCode = data.raw('exitCode');
  const workerStack = data.raw('workerStack');
  return {
    cause: why as WorkerDeathCause,
    detail: '',
    ...(typeof exitCode === 'number' ? { exitCode } : {}),
    ...(typeof workerStack === 'string' ? { workerStack } : {}),
  };
}

function refused(code: TroupeErrorCode, record: ErrorRecord): RefusedError {
  return new RefusedError({ code, message: record.message, ...fieldOf(record) });
}

function foreign(code: TroupeErrorCode, record: ErrorRecord): TroupeError {
  const error = new TroupeError(code, record.message, fieldOf(record));
  error.name = record.name;
  return error;
}

function fieldOf(record: ErrorRecord): { readonly field?: string } {
  return record.field === undefined ? {} : { field: record.field };
}
