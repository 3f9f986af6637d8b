/**
 * `TroupeError`, the base of every error troupe raises: a stable `code` from the closed set
 * in `codes.ts`, an optional `field` naming the offending field or option path
 * (`options.threads`, `edge.since`, `session_id`), and the `cause` it wraps.
 *
 * It owns the base class and `describe`; the kernel's own classes live in
 * `runtime-errors.ts` and `store-errors.ts`, how errors cross threads in `error-record.ts`,
 * and the domain refusal (an answer, not a throw) in `refusal.ts`.
 */
import type { TroupeErrorCode } from './codes.js';

export interface TroupeErrorOptions {
  /** The error this one wraps. */
  readonly cause?: unknown;
  /** The offending field or option path, when one field is to blame. */
  readonly field?: string;
}

/** Base class: every troupe error has a stable machine-readable `code`, and `field` when a field is to blame. */
export class TroupeError extends Error {
  readonly code: TroupeErrorCode;
  readonly field?: string;

  constructor(code: TroupeErrorCode, message: string, options: TroupeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.field !== undefined) this.field = options.field;
    this.name = new.target.name;
  }
}

export function isTroupeError(value: unknown): value is TroupeError {
  return value instanceof TroupeError;
}

/** The message of an error, or the value as text. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
