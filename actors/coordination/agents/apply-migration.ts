/**
 * Applying the agents area's migration at start (`startCoordination` calls it): read the old
 * board states with `readStored` (raw state, no old code needed), convert them
 * (`migrate-agents.ts`), restore each agent into its own `agent:<id>` actor, and only then
 * remove the old states with `removeStored` — inboxes first, then the post office, the
 * registry and the subscription book. The `project-board` is not removed here: its projects
 * and goals belong to the projects area, which removes it once both have read it.
 *
 * Safe to run again after a crash midway: an agent actor already restored (or registered)
 * ignores a second restore, and an old state already removed is simply not read.
 */
import { ensureActor, type Outcome } from '../../../src/kernel/index.js';
import { agentActorId } from '../ids.js';
import type { StoredStates } from '../stored-states.js';
import { AgentActor } from './agent-actor.js';
import type { AgentMsg } from './agent-messages.js';
import type { Agent } from './agent-record.js';
import type { AgentsDomain } from './domain.js';
import { type AgentsMigration, convertOldAgents } from './migrate-agents.js';

export const OLD_REGISTRY_ID = 'agent-registry';
export const OLD_POST_OFFICE_ID = 'post-office';
export const OLD_SUBSCRIPTIONS_ID = 'event-subscriptions';
export const OLD_PROJECT_BOARD_ID = 'project-board';

export interface AgentsMigrationReport extends AgentsMigration {
  /** Agents restored (or found already restored). */
  readonly restored: readonly string[];
  /** Old states removed. */
  readonly removed: readonly string[];
}

/** The post office's inbox actors, by the agent id it kept each under (`{ inboxes: { [agentId]: ref } }`). */
function inboxActors(postOffice: unknown): [string, string][] {
  const inboxes = (postOffice as { inboxes?: unknown } | undefined)?.inboxes;
  if (typeof inboxes !== 'object' || inboxes === null) return [];
  return Object.entries(inboxes).flatMap(([agentId, ref]) => {
    const id = (ref as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? [[agentId, id] as [string, string]] : [];
  });
}

/** Migrate the old agents area if its states are there; null when there was nothing to migrate. */
export async function migrateOldAgents(
  domain: AgentsDomain,
  stored: StoredStates,
): Promise<AgentsMigrationReport | null> {
  const registry = await stored.readStored(OLD_REGISTRY_ID);
  const postOffice = await stored.readStored(OLD_POST_OFFICE_ID);
  const subscriptions = await stored.readStored(OLD_SUBSCRIPTIONS_ID);
  if (!registry && !postOffice && !subscriptions) return null;
  const inboxIds = inboxActors(postOffice?.state);
  const inboxes = new Map<string, unknown>();
  for (const [agentId, actorId] of inboxIds) inboxes.set(agentId, (await stored.readStored(actorId))?.state);
  const migration = convertOldAgents(
    {
      registry: registry && { state: registry.state, version: registry.version },
      inboxes,
      subscriptions: subscriptions?.state,
      projectBoard: (await stored.readStored(OLD_PROJECT_BOARD_ID))?.state,
    },
    domain.clock.now(),
  );
  const restored: string[] = [];
  for (const seed of migration.seeds) {
    const ref = await ensureActor(domain.system, AgentActor, agentActorId(seed.agent.id), {
      agentId: seed.agent.id,
    });
    const outcome = await ref.ask<Outcome<Agent>>({
      type: 'restore',
      // Plain data again: the old store's decoded records must not travel as they were read.
      seed: structuredClone(seed),
      env: domain.env,
    } satisfies AgentMsg);
    if (outcome.ok) restored.push(seed.agent.id);
  }
  const removed: string[] = [];
  for (const id of [
    ...inboxIds.map(([, actorId]) => actorId),
    OLD_POST_OFFICE_ID,
    OLD_REGISTRY_ID,
    OLD_SUBSCRIPTIONS_ID,
  ])
    if (await stored.removeStored(id)) removed.push(id);
  return { ...migration, restored, removed };
}
