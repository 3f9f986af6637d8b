/**
 * `StoredRemoval`: taking a durable actor that is *not* in memory out of the store — an
 * explicit stop of a passivated or suspended actor, or `system.removeStored(id)` (a one-off
 * migration). Its own records go in one commit: record, state, epoch, inbox, timers, its
 * place in the tree, its suspension. Its table entries and dead letters stay (they are the
 * data it wrote, and what an operator set aside). While the commit is under way the actor is
 * not activated on this thread (`Activator.hold`), so no activation can write over the removal.
 *
 * Removing an actor that is in memory is a stop (`stop.ts`, `commits.ts`'s `commitStop`).
 */
import type { ActorRecord } from '../../persistence/records.js';
import type { StoreWriter } from '../../persistence/store.js';
import type { Activator } from './activation.js';
import type { CommitPipeline } from './commit-pipeline.js';

/** Where the actor sits in the supervision tree, if its record could be read. */
export type StoredPlace = Pick<ActorRecord, 'spawnSeq'> & { readonly parent: string };

export class StoredRemoval {
  constructor(
    private readonly pipeline: CommitPipeline,
    private readonly activator: Activator,
  ) {}

  /** Remove `id`'s own records (`place`: its tree entry, `null` when unknown); `after` once acknowledged. */
  remove(id: string, place: StoredPlace | null, after: () => void, onFail: (error: Error) => void): void {
    this.activator.hold(id);
    this.pipeline.add({
      write: (w: StoreWriter) => {
        w.removeActor(id);
        w.removeInboxOf(id);
        w.removeTimersOf(id);
        w.removeSuspension(id);
        if (place) w.removeChild(place.parent, place.spawnSeq);
      },
      after: () => {
        this.activator.release(id);
        after();
      },
      onFail: (error) => {
        this.activator.release(id);
        onFail(error);
      },
    });
  }
}

/** The tree place of a stored actor record. */
export function placeOf(record: ActorRecord): StoredPlace {
  return { parent: record.spec.parent?.id ?? '', spawnSeq: record.spawnSeq };
}
