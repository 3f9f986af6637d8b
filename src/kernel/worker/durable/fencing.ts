/**
 * Fencing by activation epoch: each activation of a durable actor claims it with a new
 * epoch (written by its first commit), and a turn commits only while the store still
 * holds its activation's epoch — so a stale activation (an older thread, a reload) can
 * never write over a newer one.
 */
import { TroupeError } from '../../errors.js';
import type { StoreWriter } from '../../persistence/store.js';

/** A stale activation tried to commit over a newer one. */
export class FencedError extends TroupeError {
  constructor(id: string, epoch: number) {
    super(
      'fenced',
      `actor "${id}" was activated again elsewhere; this activation (epoch ${epoch}) may not write`,
    );
  }
}

/** Inside a commit: throw `FencedError` unless `epoch` is still the actor's current one. */
export function assertCurrentEpoch(w: StoreWriter, id: string, epoch: number): void {
  if ((w.getEpoch(id) ?? 0) !== epoch) throw new FencedError(id, epoch);
}
