/**
 * What the system offers one-off migrations: reading a durable actor's stored record without
 * loading its kind's code (`readStored`), and removing one that is not running
 * (`removeStored`) — its own records only: record, state, inbox, timers, tree entry and
 * suspension; the table entries it wrote and its dead letters stay.
 *
 * The removal itself runs on the actor's home thread (`ThreadControl.removeStored`), the one
 * place that knows whether it is in memory and can keep it from being activated meanwhile.
 */
import type { ActorKindRef } from '../actor/behaviour.js';
import { homeThread } from '../actor/placement.js';
import { InvalidArgumentError } from '../errors.js';
import type { Store } from '../persistence/store.js';
import type { StoredRemoval } from '../wire/control.js';

/** A durable actor as the store holds it. */
export interface StoredActor {
  /** Where its code lives (module URL and export name); not loaded. */
  readonly kind: ActorKindRef;
  /** Its last committed state, decoded (`undefined` if `init` never ran). Refs in it are plain data: use `system.refOf(ref.id)`. */
  readonly state: unknown;
  /** The version of its kind that wrote the state (0 if `init` never ran). */
  readonly version: number;
}

/** The decoded record of `id`, `undefined` when the store has none; throws `StateDecodeError` when it cannot be read. */
export function readStoredActor(store: Pick<Store, 'getActor'>, id: string): StoredActor | undefined {
  const record = store.getActor(id);
  if (!record) return undefined;
  const { module, name } = record.spec.kind;
  return { kind: { module, name }, state: record.state, version: record.version };
}

/** The home thread of a stored actor (its record says; an unreadable one falls back on its id). */
export function storedHomeThread(store: Pick<Store, 'getActor'>, id: string, threads: number): number {
  try {
    return store.getActor(id)?.spec.thread ?? homeThread(id, threads);
  } catch {
    return homeThread(id, threads);
  }
}

/** What a removal on the home thread answered, as the caller's result. */
export function removalResult(id: string, thread: number, removal: StoredRemoval): boolean {
  switch (removal.outcome) {
    case 'removed':
      return true;
    case 'absent':
      return false;
    case 'running':
      throw new InvalidArgumentError(
        'id',
        `"${id}" is running (in memory on thread ${thread}, ${removal.status}): stop it with system.stop, or remove it once it is passivated or suspended`,
      );
  }
}
