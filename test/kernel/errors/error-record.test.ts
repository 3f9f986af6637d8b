/**
 * Errors across a thread: every kernel error class, turned into its record, encoded and
 * decoded by the link codec and rebuilt, is the same class with the same code, message,
 * field and fields; a refusal thrown as `RefusedError` comes back as one; an error of a
 * class the kernel does not know keeps its code, field and name; anything thrown without
 * a code becomes `ActorFailedError`.
 */
import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from '../../../actors/supervisors/breaker/circuit-open-error.js';
import { InvalidWaitEdgeError } from '../../../actors/supervisors/deadlock/errors.js';
import {
  ActorFailedError,
  type ErrorRecord,
  errorFromRecord,
  InvalidArgumentError,
  InvalidOptionError,
  RefusedError,
  TROUPE_ERROR_CODES,
  TroupeError,
  toErrorRecord,
} from '../../../src/kernel/errors.js';
import { LinkDecoder, LinkEncoder } from '../../../src/kernel/wire/codec.js';
import { KERNEL_ERRORS } from '../../fixtures/kernel-errors.js';

/** Across one link, as a worker's reply would go. */
function acrossThread(record: ErrorRecord): ErrorRecord {
  const encoder = new LinkEncoder();
  return new LinkDecoder(null).decode(encoder.epoch, encoder.encode(record)) as ErrorRecord;
}

/** The error's own fields (what a caller reads: actorId, cycle, …), the base ones included. */
function fieldsOf(error: TroupeError): Record<string, unknown> {
  return { ...error, code: error.code, message: error.message, field: error.field };
}

describe('errorFromRecord(toErrorRecord(error))', () => {
  it.each(KERNEL_ERRORS.map((error) => [error.name, error] as const))('rebuilds %s whole', (_, error) => {
    const rebuilt = errorFromRecord(acrossThread(toErrorRecord(error)));
    expect(rebuilt).toBeInstanceOf(error.constructor);
    expect(rebuilt.name).toBe(error.name);
    expect(fieldsOf(rebuilt)).toEqual(fieldsOf(error));
    expect(rebuilt.stack).toBe(error.stack);
  });

  it('names the field where one is to blame', () => {
    const option = errorFromRecord(
      acrossThread(toErrorRecord(new InvalidOptionError('options.clock', 'is odd'))),
    );
    expect(option).toMatchObject({ code: 'invalid_option', field: 'options.clock', path: 'options.clock' });
    const argument = errorFromRecord(
      acrossThread(toErrorRecord(new InvalidArgumentError('n', 'must be > 0'))),
    );
    expect(argument).toMatchObject({ code: 'invalid_argument', field: 'n', argument: 'n' });
  });

  it('keeps a refusal with a runtime code a refusal', () => {
    const refusal = new RefusedError({ code: 'deadlock', message: 'waiting would deadlock', field: 'path' });
    const rebuilt = errorFromRecord(acrossThread(toErrorRecord(refusal)));
    expect(rebuilt).toBeInstanceOf(RefusedError);
    expect(rebuilt).toMatchObject({ code: 'deadlock', field: 'path', message: 'waiting would deadlock' });
  });

  it('keeps the code, field and name of a class the kernel does not know', () => {
    const open = errorFromRecord(acrossThread(toErrorRecord(new CircuitOpenError('payments', 'open', 900))));
    expect(open).toBeInstanceOf(TroupeError);
    expect(open).toMatchObject({ code: 'circuit_open', name: 'CircuitOpenError' });
    expect(open.message).toBe('circuit "payments" is open; retry after 900 ms');
    const edge = errorFromRecord(
      acrossThread(toErrorRecord(new InvalidWaitEdgeError('edge.since', 'is NaN'))),
    );
    expect(edge).toMatchObject({
      code: 'invalid_wait_edge',
      field: 'edge.since',
      name: 'InvalidWaitEdgeError',
    });
  });

  it('turns anything thrown without a code into ActorFailedError, keeping its name and message', () => {
    const rebuilt = errorFromRecord(acrossThread(toErrorRecord(new RangeError('too far'))));
    expect(rebuilt).toBeInstanceOf(ActorFailedError);
    expect(rebuilt).toMatchObject({ code: 'actor_failed', remoteName: 'RangeError', message: 'too far' });
    expect(errorFromRecord(toErrorRecord('a string'))).toMatchObject({
      code: 'actor_failed',
      message: 'a string',
    });
  });

  it('covers every kernel error class the entry exports', async () => {
    const kernel: Record<string, unknown> = await import('../../../src/kernel/index.js');
    const classes = Object.entries(kernel)
      .filter(([, value]) => typeof value === 'function' && value.prototype instanceof TroupeError)
      .map(([name]) => name);
    expect(new Set(KERNEL_ERRORS.map((error) => error.name))).toEqual(new Set(classes));
  });

  it('uses only codes of the one closed set', () => {
    for (const error of KERNEL_ERRORS) expect(TROUPE_ERROR_CODES).toContain(error.code);
  });
});
