/**
 * `startCoordination`: the coordination domain on a running system — an actor per agent,
 * session, task, project, goal and locked path, found through tables (`ctx.table`) written
 * with each entity's turn; one router, one traffic sweep, and the in-memory change watch
 * that MCP resource subscriptions wait on. It also moves, once, what the previous version's
 * board actors stored into those actors (`migrate-old.ts`). `troupe serve` hosts exactly
 * this; an embedding service calls it and uses the facades (`registerAgent`, `sendMessage`,
 * `createSession`, `acquireFileLock`, …) with `coordination.domain` or `coordination.system`.
 *
 * ```ts
 * const system = createActorSystem({ dataDir: './.troupe' });
 * const coordination = await startCoordination(system);
 * const ada = await registerAgent(coordination.domain, ANONYMOUS, { id: 'ada', name: 'Ada', … });
 * ```
 *
 * The domain keeps its records in tables, which live in the store: the system needs a
 * `dataDir` (`troupe serve --durability memory` runs on a throwaway one).
 */
import {
  type ActorRef,
  type ActorSystem,
  InvalidOptionError,
  isTroupeError,
} from '../../src/kernel/index.js';
import { type AgentsDomain, startAgents } from './agents/domain.js';
import { ChangeWatch, type ChangeWatchMsg } from './change-watch.js';
import type { CoordinationLimits } from './limits.js';
import { type CoordinationMigration, migrateOldCoordination } from './migrate-old.js';
import type { StoredStates } from './stored-states.js';

export interface Coordination {
  readonly system: ActorSystem;
  /** What the facades of every area take: the system, the limits in force, the clock. */
  readonly domain: AgentsDomain;
  readonly limits: CoordinationLimits;
  /** Where changes are announced (inbox, agent, locks, task topics), for resource subscriptions. */
  readonly watch: ActorRef<ChangeWatchMsg>;
  /** What was moved from the previous version's board actors on this start (null: nothing). */
  readonly migration: CoordinationMigration | null;
}

export interface CoordinationOptions {
  /** Overrides of the domain's default bounds (`limits.ts`). */
  readonly limits?: Partial<CoordinationLimits>;
  /** Where the previous version's states are read and removed (default: the system's store). */
  readonly stored?: StoredStates;
}

export async function startCoordination(
  system: ActorSystem,
  options: CoordinationOptions = {},
): Promise<Coordination> {
  if (!system.options.store)
    throw new InvalidOptionError(
      'system',
      'must have a dataDir: the coordination domain keeps its records in the store',
    );
  // In memory (persistent: false): spawned afresh each run.
  const watch = await system.spawn(ChangeWatch, { id: 'change-watch' });
  const domain = await startAgents(system, { watch, ...(options.limits ? { limits: options.limits } : {}) });
  const migration = await migrateOldCoordination(domain, options.stored ?? retiring(system));
  return { system, domain, limits: domain.limits, watch, migration };
}

/**
 * The system's stored states, where removing an old board that is in memory stops it: at
 * start the kernel brings back what was active, and a board whose kind this version no longer
 * has is there, failed and suspended. An explicit stop of a durable actor removes its records.
 */
function retiring(system: ActorSystem): StoredStates {
  return {
    readStored: (id) => system.readStored(id),
    removeStored: async (id) => {
      try {
        return await system.removeStored(id);
      } catch (error) {
        // In memory (brought back at start): an explicit stop removes its records, and a
        // restart its supervisor had scheduled is cancelled by that stop.
        if (!isTroupeError(error) || error.code !== 'invalid_argument') throw error;
        await system.stop(system.refOf(id));
        return system.readStored(id) === undefined;
      }
    },
  };
}
