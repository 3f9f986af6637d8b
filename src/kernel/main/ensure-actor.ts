/**
 * `ensureActor`: the actor with this id, spawned if it does not exist yet — the way a
 * durable singleton (a registry, say) is found again after a restart, quietly: one already
 * stored is not spawned again.
 */
import type { ActorBehaviour } from '../actor/behaviour.js';
import type { ActorRef } from '../actor/ref.js';
import { DuplicateActorIdError } from '../errors.js';
import type { ActorSystem } from './actor-system.js';

export async function ensureActor<Msg, State, Args>(
  system: ActorSystem,
  kind: ActorBehaviour<Msg, State, Args>,
  id: string,
  args?: Args,
): Promise<ActorRef<Msg>> {
  // Already in the store: it comes back with its first message. Spawning it would be refused,
  // and the refusal reported as a `spawn-failed` event on every start.
  if (isStored(system, id)) return system.refOf<Msg>(id);
  try {
    return await system.spawn(kind, { id, args });
  } catch (error) {
    if (
      error instanceof DuplicateActorIdError ||
      (error as { code?: string }).code === 'duplicate_actor_id'
    ) {
      return system.refOf<Msg>(id);
    }
    throw error;
  }
}

/** Is `id` a durable actor in the system's store (false without a store, or when its record is unreadable)? */
function isStored(system: ActorSystem, id: string): boolean {
  try {
    return system.readStored(id) !== undefined;
  } catch {
    return false;
  }
}
