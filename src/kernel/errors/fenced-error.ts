/**
 * `FencedError`: a stale activation of a durable actor tried to commit over a newer one.
 * Each activation of a stored actor takes a new epoch; a commit whose epoch is no longer
 * the stored one is refused with this error, and nothing of it is written.
 *
 * It owns the error only; the epoch check lives with durability on the worker side.
 */
import { TroupeError } from './troupe-error.js';

/** A stale activation tried to commit over a newer one. */
export class FencedError extends TroupeError {
  readonly actorId: string;
  readonly epoch: number;
  constructor(actorId: string, epoch: number) {
    super(
      'fenced',
      `actor "${actorId}" was activated again elsewhere; this activation (epoch ${epoch}) may not write`,
    );
    this.actorId = actorId;
    this.epoch = epoch;
  }
}
