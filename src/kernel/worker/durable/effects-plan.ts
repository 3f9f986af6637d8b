/**
 * The durable side of a turn's effects: which of them must be written by the turn's
 * commit (mail to durable actors, new durable children, timers), with the sequence
 * numbers they are written under — so that, once the commit is acknowledged, the
 * in-memory deliveries carry the same numbers and can be matched with the store.
 *
 * Carrying the effects out afterwards is `apply-effects.ts`'s job; it reads the plan.
 */
import type { ActorRef } from '../../actor/ref.js';
import type { Sequence } from '../../persistence/sequence.js';
import type { Store, StoreWriter } from '../../persistence/store.js';
import type { SpawnSpec } from '../../wire/wire.js';
import { type ActorCell, localCell } from '../cell.js';
import type { Effect } from '../effects.js';

export interface DurablePlan {
  /** Per effect index: the inbox seq of a tell, the spawn seq of a spawn; 0 when not stored. */
  readonly seqs: number[];
  /** Indexes of spawns refused because the id was taken (known once the commit ran). */
  readonly duplicates: Set<number>;
  /** The earliest timer this turn scheduled (to wake the thread's timer wheel). */
  readonly earliestTimer: number | undefined;
  write(w: StoreWriter): void;
}

/** Where a plan looks things up: the store, the sequence, and the actors in memory. */
export interface PlanSources {
  readonly store: Store;
  readonly sequence: Sequence;
  readonly cells: ReadonlyMap<string, ActorCell>;
}

/** A new durable actor's record (before init ran), written by the commit of its spawner. */
export function writeSpawn(w: StoreWriter, spec: SpawnSpec, spawnSeq: number): boolean {
  if (w.hasActor(spec.id)) return false;
  w.putActor({ spec, state: undefined, initialized: false, version: 0, spawnSeq });
  w.putChild(spec.parent?.id ?? '', spawnSeq, spec.id);
  w.setEpoch(spec.id, 0);
  return true;
}

/** Is `target` a durable actor (mail to it goes through its stored inbox)? */
function isDurableTarget(
  store: Store,
  target: ActorRef<unknown>,
  local: ActorCell | undefined,
  spawned: ReadonlyMap<string, SpawnSpec>,
): boolean {
  if (local && !local.removed) return local.spec.persistent;
  const spec = spawned.get(target.id);
  if (spec) return spec.persistent;
  return store.hasActor(target.id);
}

export function planDurableEffects(
  sources: PlanSources,
  cell: ActorCell,
  effects: readonly Effect[],
): DurablePlan {
  const { store, sequence, cells } = sources;
  const seqs = new Array<number>(effects.length).fill(0);
  const duplicates = new Set<number>();
  const spawned = new Map<string, SpawnSpec>();
  const writes: ((w: StoreWriter) => void)[] = [];
  let earliestTimer: number | undefined;
  effects.forEach((effect, index) => {
    switch (effect.type) {
      case 'tell': {
        const local = effect.cell ?? localCell(cells, effect.target);
        if (!isDurableTarget(store, effect.target, local, spawned)) return;
        const seq = sequence.next();
        seqs[index] = seq;
        const to = effect.target.id;
        const message = effect.message;
        writes.push((w) => w.putInbox([to, seq], { message, replyTo: null, messageId: null, missed: 0 }));
        return;
      }
      case 'spawn': {
        spawned.set(effect.spec.id, effect.spec);
        if (!effect.spec.persistent) return;
        const seq = sequence.next();
        seqs[index] = seq;
        const spec = effect.spec;
        writes.push((w) => {
          if (!writeSpawn(w, spec, seq)) duplicates.add(index);
        });
        return;
      }
      case 'schedule': {
        const timer = {
          actorId: cell.id,
          key: effect.key,
          thread: cell.spec.thread,
          dueAt: effect.dueAt,
          every: effect.every,
          message: effect.message,
        };
        earliestTimer = Math.min(earliestTimer ?? Number.POSITIVE_INFINITY, effect.dueAt);
        writes.push((w) => w.putTimer(timer));
        return;
      }
      case 'cancel-schedule': {
        const { key } = effect;
        writes.push((w) => w.removeTimer(cell.id, key));
        return;
      }
      case 'table-put': {
        const { table, key, value } = effect;
        writes.push((w) => w.putEntry(table, key, value));
        return;
      }
      case 'table-remove': {
        const { table, key } = effect;
        writes.push((w) => w.removeEntry(table, key));
        return;
      }
      case 'reply':
      case 'stop':
        return;
    }
  });
  return {
    seqs,
    duplicates,
    earliestTimer,
    write: (w) => {
      for (const write of writes) write(w);
    },
  };
}
