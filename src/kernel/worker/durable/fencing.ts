/**
 * Fencing by activation epoch: each activation of a durable actor claims it with a new
 * epoch (written by its first commit), and a turn commits only while the store still
 * holds its activation's epoch — so a stale activation (an older thread, a reload) can
 * never write over a newer one.
 */
import { FencedError } from '../../errors.js';
import type { StoreWriter } from '../../persistence/store.js';

export { FencedError };

/** Inside a commit: throw `FencedError` unless `epoch` is still the actor's current one. */
export function assertCurrentEpoch(w: StoreWriter, id: string, epoch: number): void {
  if ((w.getEpoch(id) ?? 0) !== epoch) throw new FencedError(id, epoch);
}
