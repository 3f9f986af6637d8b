/**
 * Schema evolution: a stored state carries the version of the code that wrote it; an
 * older one is upgraded by the kind's `migrate` when the actor is loaded.
 */
import { TroupeError } from '../errors.js';
import type { AnyBehaviour } from './cell.js';

export function migrateState(behaviour: AnyBehaviour, state: unknown, storedVersion: number): unknown {
  const current = behaviour.version ?? 1;
  if (storedVersion === current) return state;
  if (storedVersion > current) {
    throw new TroupeError(
      'state_decode_failed',
      `state of kind "${behaviour.name}" was written by version ${storedVersion}, newer than this code (${current})`,
    );
  }
  if (!behaviour.migrate) {
    throw new TroupeError(
      'state_decode_failed',
      `state of kind "${behaviour.name}" is version ${storedVersion}, the code is ${current}, and the kind has no migrate()`,
    );
  }
  return behaviour.migrate(state, storedVersion);
}
