/**
 * Wiring the workflows' own triggers to the engine: at engine start every workflow with an
 * event or schedule trigger has its trigger actor armed (a schedule catches up on the firings
 * it missed, collapsed into one run); a definition or status change arms its workflow again
 * (a new cron, a trigger gone); each system event broadcast in this process is told to the
 * trigger actors of the workflows triggered by its type (`workflow-event-triggers`).
 * Not here: what a trigger actor does (trigger-actor.ts), broadcasting (coordination/events).
 */
import {
  type ActorRef,
  type ActorSystem,
  DuplicateActorIdError,
  type TableKey,
} from '../../../src/kernel/index.js';
import { onSystemEventBroadcast } from '../../coordination/events/broadcast-listeners.js';
import type { ExecutorMsg, TriggerMsg } from './messages.js';
import { EVENT_TRIGGERS_TABLE, TRIGGERS_TABLE, type TriggerRecord } from './tables.js';
import { triggerActorId, WorkflowTriggerActor } from './trigger-actor.js';

const PAGE = 1_000;

/** `name`'s trigger actor, spawned when it has none yet. */
async function triggerActor(system: ActorSystem, name: string): Promise<ActorRef<TriggerMsg>> {
  const id = triggerActorId(name);
  try {
    return await system.spawn(WorkflowTriggerActor, { id, args: { name } });
  } catch (error) {
    if (error instanceof DuplicateActorIdError || (error as { code?: string }).code === 'duplicate_actor_id')
      return system.refOf<TriggerMsg>(id);
    throw error;
  }
}

/** Arm `name`'s trigger actor (after a definition or status change), if it has or had a trigger. */
export async function armTrigger(
  system: ActorSystem,
  name: string,
  executor: ActorRef<ExecutorMsg>,
): Promise<void> {
  const hasTrigger = system.table<TriggerRecord>(TRIGGERS_TABLE).get([name]) !== undefined;
  if (!hasTrigger && system.readStored(triggerActorId(name)) === undefined) return;
  await (await triggerActor(system, name)).tell({ type: 'arm', executor });
}

/** Arm every workflow's trigger actor; answers how many. */
export async function armTriggers(system: ActorSystem, executor: ActorRef<ExecutorMsg>): Promise<number> {
  const triggers = system.table<TriggerRecord>(TRIGGERS_TABLE);
  let armed = 0;
  let after: TableKey | undefined;
  for (;;) {
    const page = triggers.range({ limit: PAGE, ...(after ? { after } : {}) });
    for (const entry of page) {
      try {
        await (await triggerActor(system, entry.value.name)).tell({ type: 'arm', executor });
        armed++;
      } catch {
        // Armed at the next engine start or definition change.
      }
    }
    if (page.length < PAGE) return armed;
    after = page.at(-1)?.key;
  }
}

/** Tell each broadcast event to the trigger actors of its type's workflows. Returns the stop function. */
export function listenForTriggerEvents(system: ActorSystem, executor: ActorRef<ExecutorMsg>): () => void {
  return onSystemEventBroadcast(system, ({ eventType, data }) => {
    const named = system.table<string>(EVENT_TRIGGERS_TABLE).range({ prefix: [eventType], limit: PAGE });
    for (const entry of named) {
      const name = String(entry.key[1]);
      void triggerActor(system, name)
        .then((actor) => actor.tell({ type: 'event', eventType, data, executor }))
        .catch(() => {});
    }
  });
}
