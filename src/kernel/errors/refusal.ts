/**
 * The domain refusal: how an actor says "no" to a request. A refusal is an *answer*, not a
 * failure of the actor — plain data `{ code, message, field? }` that crosses threads and
 * goes to disk like any reply — so a handler that refuses keeps its state and its turn
 * commits. A request answers with an `Outcome<T>`: the value, or the refusal.
 *
 * ```
 *   reply(refuse('not_found', 'no session "s1"', 'session_id'), state)   // in an actor
 *   const outcome = await ref.ask<Outcome<Session>>(msg)                  // in a caller
 *   if (!outcome.ok) throw new RefusedError(outcome.error)                // if it must throw
 * ```
 *
 * Codes come from the one closed set (`codes.ts`). It owns the data shape, `refuse`, the
 * guard, and the two ways across: `RefusedError` (refusal → `TroupeError`) and `refusalOf`
 * (`TroupeError` → refusal). It does not own the rules that decide to refuse.
 */
import { isTroupeErrorCode, type TroupeErrorCode } from './codes.js';
import { TroupeError } from './troupe-error.js';

/** Why a request was refused: a stable code, a message for people, and the field to blame. */
export interface Refusal {
  readonly code: TroupeErrorCode;
  readonly message: string;
  readonly field?: string;
}

/** An `Outcome` that is a refusal. */
export interface Refused {
  readonly ok: false;
  readonly error: Refusal;
}

/** The answer to a request: its value, or a refusal. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | Refused;

/** Refuse a request: the answer that names what is wrong and with which field. */
export function refuse(code: TroupeErrorCode, message: string, field: string): Refused {
  return { ok: false, error: { code, message, field } };
}

/** Is `value` a refusal (as data, e.g. `outcome.error`)? */
export function isRefusal(value: unknown): value is Refusal {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message, field } = value as Record<string, unknown>;
  return (
    isTroupeErrorCode(code) &&
    typeof message === 'string' &&
    (field === undefined || typeof field === 'string')
  );
}

/** A refusal thrown: for a caller that turns an `Outcome` into a value or an exception. */
export class RefusedError extends TroupeError {
  constructor(refusal: Refusal) {
    super(refusal.code, refusal.message, refusal.field === undefined ? {} : { field: refusal.field });
  }
}

/** A troupe error as a refusal: its code, message and field. */
export function refusalOf(error: TroupeError): Refusal {
  const { code, message, field } = error;
  return field === undefined ? { code, message } : { code, message, field };
}
