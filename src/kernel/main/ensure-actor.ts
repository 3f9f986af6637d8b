/**
 * `ensureActor`: the actor with this id, spawned if it does not exist yet — the way a
 * durable singleton (a registry, say) is found again after a restart.
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
